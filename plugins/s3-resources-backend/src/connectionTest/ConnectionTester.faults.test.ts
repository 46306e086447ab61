import { STEP_IDS } from '@s3-resources/plugin-s3-resources-common';
import dns from 'node:dns';
import {
  closedPort,
  startAnswering,
  startTarpit,
} from '../__testUtils__/networkServers';
import {
  BUCKET_CALLS,
  expectSaidOnce,
  failed,
  local,
  networkSteps,
  step,
  target,
  tester,
  useLocalServers,
} from './__testUtils__/localNetwork';

// No S3 server here: local servers that misbehave on purpose.
jest.setTimeout(30_000);

describe('ConnectionTester on a failing network', () => {
  const serve = useLocalServers();

  it('ends a tarpit (accepts, never answers) as a timeout at the deadline', async () => {
    const tarpit = await serve(startTarpit());
    const deadlineMs = 1500;
    const started = performance.now();
    const run = await tester([local(tarpit.port)], {
      deadlineMs,
      requestTimeoutMs: 5_000,
    }).run(target(tarpit.url), { initiatedBy: 'user:default/alice' });
    const wall = performance.now() - started;
    // eslint-disable-next-line no-console
    console.log(
      `tarpit: deadline ${deadlineMs} ms, run ended after ${wall.toFixed(
        0,
      )} ms`,
    );
    expect(wall).toBeGreaterThanOrEqual(deadlineMs - 5);
    expect(wall).toBeLessThan(deadlineMs + 400);
    expect(run.status).toBe('fail');
    expect(failed(run)).toEqual(['bucket']);
    expect(step(run, 'bucket')).toMatchObject({
      status: 'fail',
      errorCode: 'Timeout',
      message: expect.stringContaining(
        `before the test deadline (${deadlineMs} ms)`,
      ),
    });
    expectSaidOnce(run, BUCKET_CALLS, 'the endpoint did not answer in time');
    expect(step(run, 'credentials')).toMatchObject({
      status: 'skipped',
      message: expect.stringContaining('before the test deadline'),
    });
  });

  it('aborts each call at its request timeout and retries at most once', async () => {
    const tarpit = await serve(startTarpit());
    const run = await tester([local(tarpit.port)], {
      deadlineMs: 10_000,
      requestTimeoutMs: 300,
    }).run(target(tarpit.url), { initiatedBy: 'user:default/alice' });
    expect(run.durationMs).toBeLessThan(3_000);
    const calls = networkSteps(run).length;
    expect(failed(run)).toEqual(['bucket']);
    expect(step(run, 'bucket')).toMatchObject({
      status: 'fail',
      errorCode: 'ETIMEDOUT',
      message: expect.stringContaining('within 300 ms (request timeout)'),
    });
    expectSaidOnce(run, BUCKET_CALLS, 'the endpoint did not answer in time');
    // each call: the first attempt and one retry; plus STS and the credential probe
    expect(tarpit.connections()).toBeLessThanOrEqual(2 * (calls + 2));
    expect(tarpit.connections()).toBeGreaterThan(calls);
  });

  it('fails one step, not the run, when a step throws', async () => {
    const port = await closedPort();
    // a bucket name no validator would let through; the CORS generator refuses it
    const run = await tester([local(port)]).run(
      target(`http://127.0.0.1:${port}`, { bucket: 'b' }),
      { initiatedBy: 'user:default/alice' },
    );
    expect(step(run, 'cors')).toMatchObject({
      status: 'fail',
      message: expect.stringContaining('The step could not run: bucket:'),
    });
    expect(step(run, 'bucket').errorCode).toBe('ECONNREFUSED');
  });

  it('reports a closed port as connection refused, once', async () => {
    const port = await closedPort();
    const run = await tester([local(port)]).run(
      target(`http://127.0.0.1:${port}`),
      { initiatedBy: 'user:default/alice' },
    );
    expect(run.durationMs).toBeLessThan(3_000);
    expect(run.status).toBe('fail');
    expect(failed(run)).toEqual(['bucket']);
    expect(step(run, 'bucket')).toMatchObject({
      status: 'fail',
      errorCode: 'ECONNREFUSED',
      message: `Connection refused by 127.0.0.1:${port}: nothing listens there`,
      remediation: expect.stringContaining('host and port'),
    });
    expectSaidOnce(run, BUCKET_CALLS, 'the endpoint refused the connection');
  });

  it('reports a host name that does not resolve, once', async () => {
    const host = 'no-such-host.invalid';
    // the answer of a resolver that knows no such name, without asking one
    const lookup = jest.spyOn(dns, 'lookup').mockImplementation(((
      _host: string,
      _options: unknown,
      callback: (error: Error) => void,
    ) =>
      process.nextTick(() =>
        callback(
          Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), {
            code: 'ENOTFOUND',
          }),
        ),
      )) as never);
    const run = await tester([
      { host, allowHttp: true, allowPrivateAddresses: false },
    ]).run(target(`http://${host}`), { initiatedBy: 'user:default/alice' });
    expect(failed(run)).toEqual(['bucket']);
    expect(step(run, 'bucket')).toMatchObject({
      status: 'fail',
      message: `The host name of ${host}:80 does not resolve`,
    });
    expectSaidOnce(
      run,
      BUCKET_CALLS,
      "the endpoint's host name does not resolve",
    );
    expect(lookup).toHaveBeenCalled();
  });

  it('names a missing bucket once, at Bucket reachable', async () => {
    const missing = await serve(
      startAnswering(
        404,
        { 'content-type': 'application/xml' },
        '<Error><Code>NoSuchBucket</Code><Message>The specified bucket does not exist</Message></Error>',
      ),
    );
    const steps: string[] = [];
    const run = await tester([local(missing.port)]).run(target(missing.url), {
      initiatedBy: 'user:default/alice',
      onStep: s => steps.push(s.id),
    });
    expect(run.status).toBe('fail');
    expect(failed(run)).toEqual(['bucket']);
    expect(step(run, 'bucket')).toMatchObject({
      httpStatus: 404,
      message: `Bucket net-test-bucket does not exist on 127.0.0.1:${missing.port}`,
    });
    expectSaidOnce(run, BUCKET_CALLS, 'bucket net-test-bucket does not exist');
    // streamed: the step that found it before those that name it
    expect(steps.indexOf('bucket')).toBeLessThan(
      Math.min(...BUCKET_CALLS.map(id => steps.indexOf(id))),
    );
    expect(run.steps.map(s => s.id)).toEqual([...STEP_IDS]);
  });

  it('names the right region from a 301 with x-amz-bucket-region', async () => {
    const redirecting = await serve(
      startAnswering(
        301,
        {
          'x-amz-bucket-region': 'eu-central-1',
          'content-type': 'application/xml',
        },
        '<Error><Code>PermanentRedirect</Code><Message>The bucket you are attempting to access must be addressed using the specified endpoint.</Message></Error>',
      ),
    );
    const run = await tester([local(redirecting.port)]).run(
      target(redirecting.url, { region: 'us-east-1' }),
      { initiatedBy: 'user:default/alice' },
    );
    expect(step(run, 'bucket')).toMatchObject({
      status: 'fail',
      httpStatus: 301,
      message:
        'Region mismatch: bucket net-test-bucket is in eu-central-1, the resource says us-east-1',
      remediation: "Set the resource's region to eu-central-1.",
    });
    expect(step(run, 'list')).toMatchObject({
      status: 'fail',
      errorCode: 'PermanentRedirect',
      message: expect.stringContaining('is in eu-central-1'),
    });
  });
});
