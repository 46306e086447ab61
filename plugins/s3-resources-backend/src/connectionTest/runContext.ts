import { LoggerService } from '@backstage/backend-plugin-api';
import {
  ResourceSettings,
  StepId,
} from '@s3-resources/plugin-s3-resources-common';
import { performance } from 'node:perf_hooks';
import { RunClients, createRunClients } from './clientFactory';
import { AllowedEndpoint } from './EndpointPolicy';
import { CallContext, StepOutcome, explainError } from './explainError';
import { GuardedHttpHandler, createGuardedHandler } from './GuardedHttpHandler';
import { ConnectionTestTimeouts } from './timeouts';

/** How long after the deadline a call that ignores the abort is waited for. */
const DEADLINE_GRACE_MS = 200;

export type RecordStep = (
  id: StepId,
  outcome: StepOutcome,
  durationMs: number,
) => Promise<void>;

/** What the phases of one run share once the endpoint is allowed. */
export type RunContext = {
  runId: string;
  settings: ResourceSettings;
  /** host:port the calls go to. */
  host: string;
  timeouts: ConnectionTestTimeouts;
  handler: GuardedHttpHandler;
  clients: RunClients;
  /** Aborted at the run's deadline. */
  signal: AbortSignal;
  record: RecordStep;
  /** Ends at the deadline even if a call ignores the abort. */
  bounded<T>(work: Promise<T>, onDeadline: () => T): Promise<T>;
  /** How a failed call is explained. */
  call(action: string, what: string, extra?: Partial<CallContext>): CallContext;
  /** The outcome of a call the deadline ended. */
  deadlineOutcome(what: string): StepOutcome;
};

/** Starts the run's deadline and its guarded handler; `close` ends both. */
export function openRun(options: {
  runId: string;
  settings: ResourceSettings;
  endpoint?: AllowedEndpoint;
  timeouts: ConnectionTestTimeouts;
  /** performance.now() when the run began: the deadline counts from there. */
  startedAt: number;
  record: RecordStep;
  onRequest?: () => void;
  logger?: LoggerService;
}): RunContext & { close(): void } {
  const { settings, endpoint, timeouts } = options;
  const deadline = new AbortController();
  const timer = setTimeout(
    () => deadline.abort(),
    Math.max(0, timeouts.deadlineMs - (performance.now() - options.startedAt)),
  );
  const afterDeadline = new Promise<void>(resolve => {
    deadline.signal.addEventListener('abort', () =>
      setTimeout(resolve, DEADLINE_GRACE_MS),
    );
  });
  const handler = createGuardedHandler({
    endpoint,
    connectTimeoutMs: timeouts.connectTimeoutMs,
    requestTimeoutMs: timeouts.requestTimeoutMs,
    onRequest: options.onRequest,
    logger: options.logger,
  });
  handler.allowBucket(settings.bucket);
  const host = endpoint
    ? `${endpoint.hostname}:${endpoint.port}`
    : `s3.${settings.region}.amazonaws.com`;
  const call = (
    action: string,
    what: string,
    extra: Partial<CallContext> = {},
  ): CallContext => ({
    action,
    target: what,
    host,
    bucket: settings.bucket,
    region: settings.region,
    requestTimeoutMs: timeouts.requestTimeoutMs,
    deadlineMs: timeouts.deadlineMs,
    ...extra,
  });
  return {
    runId: options.runId,
    settings,
    host,
    timeouts,
    handler,
    clients: createRunClients({
      settings,
      endpoint,
      handler,
      signal: deadline.signal,
    }),
    signal: deadline.signal,
    record: options.record,
    bounded: (work, onDeadline) =>
      Promise.race([work, afterDeadline.then(onDeadline)]),
    call,
    deadlineOutcome: what => explainError({ kind: 'deadline' }, call('', what)),
    close: () => {
      clearTimeout(timer);
      handler.destroy();
    },
  };
}
