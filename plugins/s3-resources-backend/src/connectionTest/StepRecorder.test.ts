import {
  STEP_IDS,
  TestStepResult,
} from '@s3-resources/plugin-s3-resources-common';
import { CallContext, StepOutcome, explainError } from './explainError';
import { ClassifiedError } from './providerErrors';
import { StepRecorder } from './StepRecorder';

const call = (action: string): CallContext => ({
  action,
  target: 'bucket demo-x',
  host: 's3.example.com:443',
  bucket: 'demo-x',
  region: 'us-east-1',
  requestTimeoutMs: 5_000,
  deadlineMs: 10_000,
});

const failed = (e: ClassifiedError, action = 's3:ListBucket') =>
  explainError(e, call(action));

const NOT_FOUND: ClassifiedError = {
  kind: 'not-found',
  code: 'NotFound',
  httpStatus: 404,
};
const NO_SUCH_BUCKET: ClassifiedError = {
  kind: 'no-such-bucket',
  code: 'NoSuchBucket',
  httpStatus: 404,
};
const REFUSED: ClassifiedError = {
  kind: 'refused',
  networkCode: 'ECONNREFUSED',
};
const DENIED: ClassifiedError = {
  kind: 'denied',
  code: 'AccessDenied',
  httpStatus: 403,
};
const PASS: StepOutcome = { status: 'pass', message: 'ok' };

function recorder() {
  const streamed: TestStepResult[] = [];
  const steps = new StepRecorder('demo-x', s => streamed.push(s));
  return { steps, streamed };
}

describe('StepRecorder', () => {
  it('names a missing bucket once: where it was found, the other steps point there', async () => {
    const { steps, streamed } = recorder();
    // the bucket calls finish before HeadBucket, as they may
    const list = steps.record('list', failed(NO_SUCH_BUCKET), 20);
    const cors = steps.record(
      'cors',
      failed(NO_SUCH_BUCKET, 's3:GetBucketCORS'),
      21,
    );
    await steps.record('credentials', PASS, 5);
    await steps.record('assume-role', { status: 'skipped', message: 'n/a' }, 0);
    expect(streamed.map(s => s.id)).toEqual(['credentials', 'assume-role']);
    await steps.record('bucket', failed(NOT_FOUND), 30);
    await Promise.all([list, cors]);

    expect(streamed.map(s => s.id)).toEqual([
      'credentials',
      'assume-role',
      'bucket',
      'list',
      'cors',
    ]);
    expect(steps.steps().find(s => s.id === 'bucket')).toMatchObject({
      status: 'fail',
      errorCode: 'NotFound',
      message: 'Bucket demo-x does not exist on s3.example.com:443',
    });
    for (const id of ['list', 'cors']) {
      expect(steps.steps().find(s => s.id === id)).toEqual({
        id,
        title: id === 'list' ? 'List objects' : 'CORS',
        status: 'skipped',
        durationMs: id === 'list' ? 20 : 21,
        message: 'Not run: bucket demo-x does not exist (see Bucket reachable)',
      });
    }
  });

  it('keeps a failure for another reason as it is', async () => {
    const { steps } = recorder();
    await steps.record('credentials', PASS, 5);
    await steps.record('assume-role', PASS, 5);
    await steps.record('bucket', failed(NOT_FOUND), 30);
    await steps.record('list', failed(DENIED), 20);
    await steps.record('region', failed(REFUSED), 20);
    expect(steps.steps().map(s => [s.id, s.status, s.errorCode])).toEqual([
      ['credentials', 'pass', undefined],
      ['assume-role', 'pass', undefined],
      ['bucket', 'fail', 'NotFound'],
      ['region', 'fail', 'ECONNREFUSED'],
      ['list', 'fail', 'AccessDenied'],
    ]);
  });

  it('keeps the same failure when the step before did not fail with it', async () => {
    const { steps } = recorder();
    await steps.record('credentials', PASS, 5);
    await steps.record('assume-role', PASS, 5);
    await steps.record('bucket', PASS, 30);
    await steps.record('list', failed(REFUSED), 20);
    expect(steps.steps().find(s => s.id === 'list')).toMatchObject({
      status: 'fail',
      errorCode: 'ECONNREFUSED',
    });
  });

  it('never points to a step that did not fail', async () => {
    const { steps } = recorder();
    await steps.record('credentials', PASS, 5);
    await steps.record('assume-role', PASS, 5);
    await steps.record(
      'bucket',
      { status: 'skipped', message: 'Not run', cause: REFUSED },
      0,
    );
    await steps.record('list', failed(REFUSED), 20);
    expect(steps.steps().find(s => s.id === 'list')).toMatchObject({
      status: 'fail',
      errorCode: 'ECONNREFUSED',
    });
  });

  it('names the first step that found a cause, also for the steps that waited on another', async () => {
    const { steps } = recorder();
    await steps.record(
      'credentials',
      failed(REFUSED, 'sts:GetCallerIdentity'),
      5,
    );
    await steps.record('assume-role', failed(REFUSED, 'sts:AssumeRole'), 5);
    // a step that did not run because AssumeRole failed carries its cause
    await steps.record(
      'bucket',
      {
        status: 'skipped',
        message: 'Not run: AssumeRole failed (see Assume role)',
        cause: REFUSED,
      },
      0,
    );
    await steps.record('list', failed(REFUSED), 3);
    const says =
      'Not run: the endpoint refused the connection (see Credentials)';
    expect(steps.steps().map(s => [s.id, s.status, s.message])).toEqual([
      [
        'credentials',
        'fail',
        'Connection refused by s3.example.com:443: nothing listens there',
      ],
      ['assume-role', 'skipped', says],
      ['bucket', 'skipped', says],
      ['list', 'skipped', says],
    ]);
  });

  it('treats a request timeout and the deadline as one cause', async () => {
    const { steps } = recorder();
    await steps.record('credentials', PASS, 5);
    await steps.record('assume-role', PASS, 5);
    await steps.record(
      'bucket',
      failed({ kind: 'timeout', networkCode: 'ETIMEDOUT' }),
      5_000,
    );
    await steps.record('encryption', failed({ kind: 'deadline' }), 10_000);
    expect(steps.steps().find(s => s.id === 'encryption')).toMatchObject({
      status: 'skipped',
      message:
        'Not run: the endpoint did not answer in time (see Bucket reachable)',
    });
  });

  it('records a step once, never shows the cause, and lists steps in order', async () => {
    const { steps, streamed } = recorder();
    for (const id of [...STEP_IDS].reverse()) {
      await steps.record(id, failed(DENIED), 1);
    }
    await steps.record('bucket', PASS, 1);
    expect(streamed).toHaveLength(STEP_IDS.length);
    expect(steps.steps().map(s => s.id)).toEqual([...STEP_IDS]);
    expect(steps.steps().find(s => s.id === 'bucket')?.status).toBe('fail');
    expect(JSON.stringify(steps.steps())).not.toContain('cause');
    expect(JSON.stringify(streamed)).not.toContain('kind');
  });
});
