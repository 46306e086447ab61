import {
  PROVIDER_PROFILES,
  ResourceSettings,
} from '@s3-resources/plugin-s3-resources-common';
import { S3Send } from './clientFactory';
import { CallContext, StepOutcome, explainError } from './explainError';
import { ClassifiedError, classifyError } from './providerErrors';

/** What a bucket step works with. */
export type BucketStepContext = {
  /** Sends with the run's client and deadline. */
  send: S3Send;
  settings: ResourceSettings;
  /** host:port the calls go to. */
  host: string;
  writeProbe: boolean;
  runId: string;
  requestTimeoutMs: number;
  deadlineMs: number;
  /** Receives the first answer to these credentials (HeadBucket's), for the credentials verdict. */
  evidence?: (result: CallResult) => void;
};

/** How a call ended: answered, or failed as classified. */
export type CallResult = { ok: true } | { ok: false; e: ClassifiedError };

export type BucketStep = (ctx: BucketStepContext) => Promise<StepOutcome>;

export const pass = (message: string): StepOutcome => ({
  status: 'pass',
  message,
});

export const skipped = (
  message: string,
  remediation?: string,
): StepOutcome => ({
  status: 'skipped',
  message,
  ...(remediation ? { remediation } : {}),
});

export const isAws = (s: ResourceSettings) =>
  PROVIDER_PROFILES[s.provider].isAws;

/** How a failed call on the bucket is explained. */
export function callContext(
  ctx: BucketStepContext,
  action: string,
  extra: Partial<CallContext> = {},
): CallContext {
  const { bucket, region, prefix } = ctx.settings;
  return {
    action,
    target: `bucket ${bucket}${prefix ? ` (prefix "${prefix}")` : ''}`,
    host: ctx.host,
    bucket,
    region,
    requestTimeoutMs: ctx.requestTimeoutMs,
    deadlineMs: ctx.deadlineMs,
    ...extra,
  };
}

/** Runs a call; a failure is explained, unless `special` has a better answer for it. */
export async function attempt(
  call: CallContext,
  fn: () => Promise<StepOutcome>,
  special?: (e: ClassifiedError) => StepOutcome | undefined,
  report?: (result: CallResult) => void,
): Promise<StepOutcome> {
  try {
    const outcome = await fn();
    report?.({ ok: true });
    return outcome;
  } catch (error) {
    const e = classifyError(error);
    report?.({ ok: false, e });
    return special?.(e) ?? explainError(e, call);
  }
}
