import { StepId } from '@s3-resources/plugin-s3-resources-common';
import { performance } from 'node:perf_hooks';
import { BUCKET_STEPS, needsNoNetwork } from './bucketSteps';
import { S3Send } from './clientFactory';
import { CredentialsPhase } from './credentialsPhase';
import { StepOutcome } from './explainError';
import { bucketOrigin } from './GuardedHttpHandler';
import { RunContext } from './runContext';
import { BucketStepContext } from './stepKit';

/** A step that throws (a bug, or settings no validator saw) fails alone, not the run. */
async function runSafely(
  step: () => Promise<StepOutcome>,
): Promise<StepOutcome> {
  try {
    return await step();
  } catch (error) {
    return {
      status: 'fail',
      message: `The step could not run: ${(error as Error).message}`,
      remediation:
        "Check the resource's settings; if they are valid, report this.",
    };
  }
}

/** Given to the steps that return before sending anything. */
const noNetwork: S3Send = () =>
  Promise.reject(new Error('this step needs no network for these settings'));

/** While AssumeRole is in flight, opens the connections the bucket calls will use. */
export function prewarmBucketConnections(run: RunContext, writeProbe: boolean) {
  const calls = BUCKET_STEPS.filter(
    ([id]) => !needsNoNetwork(id, run.settings, writeProbe),
  ).length;
  setImmediate(() =>
    bucketOrigin(run.clients.s3Client, run.settings.bucket).then(
      origin => origin && run.handler.prewarm(origin, calls),
      () => undefined,
    ),
  );
}

/**
 * The bucket steps, all at once; results wait for the credentials verdict
 * so a rejected key shows once, not as eight denials (and the recorder
 * does the same for a missing bucket or an endpoint that does not answer).
 */
export async function runBucketPhase(
  run: RunContext,
  credentials: CredentialsPhase,
  writeProbe: boolean,
): Promise<void> {
  const { settings, timeouts, record, bounded } = run;
  const { assumed, evidence } = credentials;
  const stepContext = (send: S3Send, stepId: StepId): BucketStepContext => ({
    send,
    settings,
    host: run.host,
    writeProbe,
    runId: run.runId,
    requestTimeoutMs: timeouts.requestTimeoutMs,
    deadlineMs: timeouts.deadlineMs,
    ...(stepId === 'bucket' && evidence ? { evidence } : {}),
  });
  // Without a HeadBucket answer, the credentials verdict must not wait for one.
  const noEvidence = (stepId: StepId) => {
    if (stepId === 'bucket') evidence?.(undefined); // no-op if reported
  };

  const steps = BUCKET_STEPS.map(async ([stepId, step]) => {
    if (needsNoNetwork(stepId, settings, writeProbe)) {
      await record(
        stepId,
        await runSafely(() => step(stepContext(noNetwork, stepId))),
        0,
      );
      return;
    }
    const send = await bounded(credentials.bucketSend, () => undefined);
    if (!send) {
      noEvidence(stepId);
      const verdict = await credentials.verdict;
      const waitedFor = assumed ? 'AssumeRole' : 'the credentials';
      let message = assumed
        ? 'Not run: AssumeRole failed (see Assume role)'
        : 'Not run: no credentials (see Credentials)';
      if (run.signal.aborted && !verdict.rejected) {
        message = `Not run: the test deadline (${timeouts.deadlineMs} ms) passed before ${waitedFor} finished`;
      }
      // AssumeRole's cause, so an unreachable endpoint is named where it was found
      const cause = assumed && (await assumed).outcome.cause;
      await record(
        stepId,
        { status: 'skipped', message, ...(cause ? { cause } : {}) },
        0,
      );
      return;
    }
    const start = performance.now();
    let outcome = await bounded(
      runSafely(() => step(stepContext(send, stepId))),
      () => run.deadlineOutcome(`bucket ${settings.bucket}`),
    );
    const durationMs = performance.now() - start;
    noEvidence(stepId);
    const verdict = await credentials.verdict;
    if (verdict.rejected && outcome.httpStatus === 403) {
      outcome = {
        status: 'skipped',
        message: 'Not checked: the credentials were rejected (see Credentials)',
      };
    }
    await record(stepId, outcome, durationMs);
  });
  await Promise.all(steps);
}
