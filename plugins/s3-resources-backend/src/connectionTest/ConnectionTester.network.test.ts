import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import {
  CreateResourceRequest,
  STEP_IDS,
  TestRun,
  applyCreateDefaults,
} from '@s3-resources/plugin-s3-resources-common';
import dns from 'node:dns';
import net from 'node:net';
import {
  TestServer,
  closedPort,
  startAnswering,
  startTarpit,
} from '../__testUtils__/networkServers';
import { AwsAccountCredentials } from './AwsAccountCredentials';
import {
  ConnectionTestTarget,
  ConnectionTester,
  ConnectionTestTimeouts,
} from './ConnectionTester';
import { EndpointAllowEntry, EndpointPolicy } from './EndpointPolicy';

// No S3 server here: local servers that misbehave on purpose.
jest.setTimeout(30_000);

const KEYS = {
  method: 'access-key' as const,
  accessKeyId: 'AKIDNETWORKTEST00001',
  secretAccessKey: 'network-test-secret-key-000000000000000',
};

/** The backend log: what operators see and users do not. */
const logger = mockServices.logger.mock();
const warnings = () => logger.warn.mock.calls.map(([message]) => message);

function tester(
  entries: EndpointAllowEntry[],
  timeouts: Partial<ConnectionTestTimeouts> = {},
  config: object = {},
  allowAmbientCredentials = false,
) {
  return ConnectionTester.create({
    endpointPolicy: EndpointPolicy.create(entries),
    awsAccounts: AwsAccountCredentials.fromConfig(new ConfigReader(config), {
      allowAmbientCredentials,
    }),
    timeouts,
    logger,
  });
}

const local = (port: number): EndpointAllowEntry => ({
  host: '127.0.0.1',
  ports: [port],
  allowHttp: true,
  allowPrivateAddresses: true,
});

function target(
  endpoint: string | undefined,
  extra: Partial<CreateResourceRequest> = {},
): ConnectionTestTarget {
  const { auth: _auth, ...settings } = applyCreateDefaults(
    {
      name: 'net-test',
      owner: 'group:default/team-a',
      provider: 'other',
      bucket: 'net-test-bucket',
      ...(endpoint ? { endpoint } : {}),
      auth: KEYS,
      ...extra,
    } as CreateResourceRequest,
    'http://localhost:3000',
  );
  return { settings, auth: KEYS };
}

const step = (run: TestRun, id: string) => run.steps.find(s => s.id === id)!;
/** The steps that call the bucket (with the default settings of `target`). */
const BUCKET_CALLS = ['region', 'list', 'cors', 'public-access', 'encryption'];
const networkSteps = (run: TestRun) =>
  run.steps.filter(s => ['bucket', ...BUCKET_CALLS].includes(s.id));
const failed = (run: TestRun) =>
  run.steps.filter(s => s.status === 'fail').map(s => s.id);

/** The calls after `finder` that ran into its cause are skipped, naming it. */
function expectSaidOnce(run: TestRun, ids: string[], says: string) {
  for (const id of ids) {
    expect(step(run, id)).toEqual(
      expect.objectContaining({
        status: 'skipped',
        message: `Not run: ${says} (see Bucket reachable)`,
      }),
    );
    expect(step(run, id).errorCode).toBeUndefined();
  }
}

describe('ConnectionTester on a misbehaving network', () => {
  const servers: TestServer[] = [];
  const serve = async (s: Promise<TestServer>) => {
    const server = await s;
    servers.push(server);
    return server;
  };
  afterEach(async () => {
    jest.restoreAllMocks();
    logger.warn.mockClear();
    for (const s of servers.splice(0)) await s.close();
  });

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

  it('never follows a redirect to an internal address', async () => {
    const internal = await serve(startAnswering(200, {}, 'internal secret'));
    const redirecting = await serve(
      startAnswering(302, { location: `${internal.url}/latest/meta-data/` }),
    );
    const run = await tester([local(redirecting.port)]).run(
      target(redirecting.url),
      { initiatedBy: 'user:default/alice' },
    );
    expect(internal.connections()).toBe(0);
    expect(redirecting.connections()).toBeGreaterThan(0);
    expect(step(run, 'bucket')).toMatchObject({
      status: 'fail',
      httpStatus: 302,
      message: expect.stringContaining('redirects are not followed'),
    });
    expect(JSON.stringify(run)).not.toContain('internal secret');
    expect(JSON.stringify(run)).not.toContain(`${internal.port}`);
  });

  describe('refuses unsafe endpoints before any network I/O', () => {
    it.each([
      [
        'decimal loopback',
        'http://2130706433:PORT',
        'endpoint-host-noncanonical',
      ],
      ['hex loopback', 'http://0x7f000001:PORT', 'endpoint-host-noncanonical'],
      [
        'octal loopback',
        'http://0177.0.0.01:PORT',
        'endpoint-host-noncanonical',
      ],
      [
        'IPv4-mapped loopback',
        'http://[::ffff:127.0.0.1]:PORT',
        'endpoint-host-noncanonical',
      ],
      [
        'user@host',
        'http://s3.example.com@127.0.0.1:PORT',
        'endpoint-userinfo',
      ],
      [
        'host@user',
        'http://127.0.0.1:PORT@s3.example.com',
        'endpoint-userinfo',
      ],
      ['disallowed scheme', 'ftp://127.0.0.1:PORT', 'endpoint-scheme'],
      ['disallowed port', 'http://127.0.0.1:1', 'endpoint-port-not-allowed'],
      ['https only', 'http://s3.example.com', 'endpoint-http-not-allowed'],
      [
        'not allow-listed',
        'https://elsewhere.example.com',
        'endpoint-not-allowed',
      ],
      ['metadata, decimal', 'http://2852039166', 'endpoint-metadata-address'],
      ['metadata, hex', 'http://0xA9FEA9FE', 'endpoint-metadata-address'],
      [
        'metadata, octal',
        'http://0251.0376.0251.0376',
        'endpoint-metadata-address',
      ],
      [
        'metadata, IPv4-mapped IPv6',
        'http://[::ffff:169.254.169.254]',
        'endpoint-metadata-address',
      ],
      [
        'metadata, plain',
        'http://169.254.169.254:PORT',
        'endpoint-metadata-address',
      ],
    ])('%s (%s) → %s', async (_what, pattern, rule) => {
      const listening = await serve(startAnswering(200, {}));
      const endpoint = pattern.replace('PORT', String(listening.port));
      const connect = jest.spyOn(net.Socket.prototype, 'connect');
      const lookup = jest.spyOn(dns, 'lookup');
      const run = await tester([
        local(listening.port),
        {
          host: 's3.example.com',
          allowHttp: false,
          allowPrivateAddresses: false,
        },
        {
          host: '169.254.169.254',
          ports: [80, listening.port],
          allowHttp: true,
          allowPrivateAddresses: true,
        },
      ]).run(target(endpoint), { initiatedBy: 'user:default/alice' });
      expect(step(run, 'endpoint')).toMatchObject({
        status: 'fail',
        errorCode: rule,
        message: expect.stringContaining(`[${rule}]`),
      });
      expect(
        run.steps.filter(s => s.id !== 'endpoint').map(s => s.status),
      ).toEqual(new Array(10).fill('skipped'));
      expect(connect).not.toHaveBeenCalled();
      expect(lookup).not.toHaveBeenCalled();
      expect(listening.connections()).toBe(0);
    });
  });

  it('checks the resolved address at connect time (DNS rebinding cannot slip past)', async () => {
    const listening = await serve(startAnswering(200, {}));
    const run = await tester([
      {
        host: 'localhost',
        ports: [listening.port],
        allowHttp: true,
        allowPrivateAddresses: false,
      },
    ]).run(target(`http://localhost:${listening.port}`), {
      initiatedBy: 'user:default/alice',
    });
    expect(step(run, 'endpoint').status).toBe('pass');
    expect(step(run, 'bucket')).toMatchObject({
      status: 'fail',
      errorCode: 'EndpointAddressRefused',
      message:
        'Refused by the endpoint policy: localhost resolves to a loopback address, which the allow-list entry does not allow',
    });
    expect(listening.connections()).toBe(0);
    // the address is for operators: in the log, not in the run
    expect(JSON.stringify(run)).not.toMatch(/127\.0\.0\.1|::1/);
    expect(warnings()).toContainEqual(
      expect.stringMatching(/localhost resolves to (127\.0\.0\.1|::1)/),
    );
  });

  it('refuses at connect time a name that resolves to a link-local address, even when its entry allows private addresses', async () => {
    const host = 'storage.internal.example';
    const lookup = jest
      .spyOn(dns, 'lookup')
      .mockImplementation(((
        _host: string,
        _options: unknown,
        callback: (error: null, addresses: dns.LookupAddress[]) => void,
      ) =>
        process.nextTick(() =>
          callback(null, [{ address: '169.254.10.20', family: 4 }]),
        )) as never);
    const run = await tester([
      { host, allowHttp: true, allowPrivateAddresses: true },
    ]).run(target(`http://${host}`), { initiatedBy: 'user:default/alice' });
    expect(step(run, 'endpoint').status).toBe('pass');
    expect(lookup).toHaveBeenCalled();
    expect(failed(run)).toEqual(['bucket']);
    expect(step(run, 'bucket')).toMatchObject({
      status: 'fail',
      errorCode: 'EndpointAddressRefused',
      message:
        'Refused by the endpoint policy: storage.internal.example resolves to a link-local address, which is never allowed',
    });
    expect(JSON.stringify(run)).not.toContain('169.254.10.20');
    expect(warnings()).toContainEqual(
      expect.stringContaining(
        'storage.internal.example resolves to 169.254.10.20',
      ),
    );
  });

  it('never sends credentials to another origin, even when the environment points the SDK elsewhere', async () => {
    const listening = await serve(startAnswering(200, {}));
    const saved = process.env.AWS_ENDPOINT_URL;
    process.env.AWS_ENDPOINT_URL = listening.url;
    try {
      const run = await tester([]).run(
        target(undefined, { provider: 'aws', bucket: 'some-bucket' }),
        { initiatedBy: 'user:default/alice' },
      );
      // STS is the first call to leave; the bucket calls would have too
      expect(failed(run)).toEqual(['credentials']);
      expect(step(run, 'credentials')).toMatchObject({
        errorCode: 'EndpointAddressRefused',
        message: expect.stringContaining("would leave the endpoint's origin"),
      });
      // where it would have gone is for operators (the log), not for users
      expect(JSON.stringify(run)).not.toContain(listening.url.slice(7));
      expect(warnings()).toContainEqual(
        expect.stringContaining(listening.url.slice(7)),
      );
      expect(step(run, 'bucket')).toMatchObject({
        status: 'skipped',
        message:
          "Not run: the endpoint policy refused the endpoint's address (see Credentials)",
      });
      expect(listening.connections()).toBe(0);
    } finally {
      if (saved === undefined) delete process.env.AWS_ENDPOINT_URL;
      else process.env.AWS_ENDPOINT_URL = saved;
    }
  });

  describe('aws-account credentials', () => {
    it('fails clearly when the account is not configured', async () => {
      const run = await tester([]).run(
        {
          ...target(undefined, { provider: 'aws', bucket: 'some-bucket' }),
          auth: { method: 'aws-account', accountId: '123456789012' },
        },
        { initiatedBy: 'user:default/alice' },
      );
      expect(step(run, 'credentials')).toMatchObject({
        status: 'fail',
        errorCode: 'CredentialsNotConfigured',
        message:
          'No AWS account 123456789012 is configured under aws.accounts in app-config',
      });
      expect(step(run, 'bucket').status).toBe('skipped');
    });

    it("never uses the backend's ambient credentials unless allowed", async () => {
      const config = { aws: { accounts: [{ accountId: '123456789012' }] } };
      const lookup = jest.spyOn(dns, 'lookup');
      const run = await tester([], {}, config).run(
        {
          ...target(undefined, { provider: 'aws', bucket: 'some-bucket' }),
          auth: { method: 'aws-account', accountId: '123456789012' },
        },
        { initiatedBy: 'user:default/alice' },
      );
      expect(step(run, 'credentials')).toMatchObject({
        status: 'fail',
        message: expect.stringContaining(
          "would use the backend's ambient credentials",
        ),
        remediation: expect.stringContaining('allowAmbientCredentials'),
      });
      expect(lookup).not.toHaveBeenCalled();
    });
  });
});
