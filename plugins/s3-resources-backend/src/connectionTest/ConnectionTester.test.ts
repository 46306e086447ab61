import {
  PutBucketCorsCommand,
  PutBucketPolicyCommand,
  ListObjectsV2Command,
} from '@aws-sdk/client-s3';
import { ConfigReader } from '@backstage/config';
import {
  createTestBucket,
  createTestRole,
  getTestS3,
  requireEnforcingServer,
  s3ClientFor,
  TestBucket,
  TestRole,
  TestUser,
  trustPolicyFor,
  userArn,
} from '@internal/s3-test-harness';
import {
  CreateResourceRequest,
  STEP_IDS,
  TestRun,
  TestStepResult,
  applyCreateDefaults,
  generateCorsConfiguration,
} from '@s3-resources/plugin-s3-resources-common';
import {
  RecordedRequest,
  TestServer,
  closedPort,
  requestWaves,
  startRecordingProxy,
} from '../__testUtils__/networkServers';
import { AwsAccountCredentials } from './AwsAccountCredentials';
import {
  ConnectionTestTarget,
  ConnectionTester,
  ConnectionTestTimeouts,
  TestAuth,
} from './ConnectionTester';
import { EndpointPolicy } from './EndpointPolicy';

// Against the real Ceph RGW (`yarn test`, or scripts/s3/ceph-rgw.sh start + env).
jest.setTimeout(60_000);

const APP = 'http://localhost:3000';

function testerFor(
  ports: number[],
  timeouts: Partial<ConnectionTestTimeouts> = {},
  extra: { onRequest?: () => void; config?: object } = {},
): ConnectionTester {
  return ConnectionTester.create({
    endpointPolicy: EndpointPolicy.create([
      {
        host: '127.0.0.1',
        ports,
        allowHttp: true,
        allowPrivateAddresses: true,
      },
    ]),
    awsAccounts: AwsAccountCredentials.fromConfig(
      new ConfigReader(extra.config ?? {}),
      { allowAmbientCredentials: false },
    ),
    timeouts,
    onRequest: extra.onRequest,
  });
}

function targetFor(
  request: Partial<CreateResourceRequest> & { bucket: string },
  auth: TestAuth,
  endpoint = getTestS3().endpoint,
): ConnectionTestTarget {
  const { auth: _ignored, ...settings } = applyCreateDefaults(
    {
      name: 'conn-test',
      owner: 'group:default/team-a',
      provider: 'ceph-rgw',
      endpoint,
      auth: { method: 'access-key', accessKeyId: 'x' },
      ...request,
    } as CreateResourceRequest,
    APP,
  );
  return { settings, auth };
}

const keysOf = (user: TestUser): TestAuth => ({
  method: 'access-key',
  ...getTestS3().users[user],
});

const stepOf = (run: TestRun, id: string): TestStepResult => {
  const step = run.steps.find(s => s.id === id);
  if (!step) throw new Error(`no step ${id} in ${JSON.stringify(run)}`);
  return step;
};

const summary = (run: TestRun) =>
  Object.fromEntries(run.steps.map(s => [s.id, s.status]));

/** The steps that call the bucket besides HeadBucket (no write probe; Ceph has ACLs). */
const BUCKET_CALLS = [
  'region',
  'list',
  'cors',
  'ownership',
  'public-access',
  'encryption',
];

const failedSteps = (run: TestRun) =>
  run.steps.filter(s => s.status === 'fail').map(s => s.id);

const corsFor = (bucket: string) =>
  generateCorsConfiguration({
    bucket,
    origins: [APP],
    uploadMode: 'download-only',
  }).configuration;

describe('ConnectionTester against Ceph RGW', () => {
  const cleanups: Array<() => Promise<void>> = [];
  const track = <T extends TestBucket | TestRole>(x: T): T => {
    cleanups.push(() => x.cleanup());
    return x;
  };
  const servers: TestServer[] = [];
  const rgwPort = () => Number(new URL(getTestS3().endpoint).port);

  beforeAll(() => requireEnforcingServer('connection tests'));
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
    for (const s of servers.splice(0)) await s.close();
  });

  async function bucketWithCors(prefix: string) {
    const b = track(await createTestBucket(prefix));
    await s3ClientFor('tester').send(
      new PutBucketCorsCommand({
        Bucket: b.bucket,
        CORSConfiguration: corsFor(b.bucket),
      }),
    );
    return b;
  }

  async function proxy(options: { latencyMs?: number } = {}) {
    const p = await startRecordingProxy(
      { host: '127.0.0.1', port: rgwPort() },
      options,
    );
    servers.push(p);
    return p;
  }

  it("passes with the owner's keys; GetCallerIdentity shows as not available, not as bad credentials", async () => {
    const b = await bucketWithCors('pass');
    const run = await testerFor([rgwPort()]).run(
      targetFor({ bucket: b.bucket }, keysOf('tester')),
      { initiatedBy: 'user:default/alice' },
    );
    expect(run.status).toBe('pass');
    expect(run.steps.map(s => s.id)).toEqual([...STEP_IDS]);
    expect(summary(run)).toEqual({
      endpoint: 'pass',
      credentials: 'skipped',
      'assume-role': 'skipped',
      bucket: 'pass',
      region: 'pass',
      list: 'pass',
      write: 'skipped',
      cors: 'pass',
      ownership: 'skipped',
      'public-access': 'pass',
      encryption: 'skipped',
    });
    const credentials = stepOf(run, 'credentials');
    expect(credentials.message).toContain('not available on this provider');
    expect(credentials.message).toContain('accepted the access key');
    expect(credentials.httpStatus).toBe(405);
    // Ceph answers these with 200 and empty fields: unknown, not configured
    expect(stepOf(run, 'ownership').message).toMatch(/^Unknown/);
    expect(stepOf(run, 'encryption').message).toMatch(/^Unknown/);
    expect(run.steps.every(s => s.durationMs >= 0)).toBe(true);
    expect(JSON.stringify(run)).not.toContain(
      getTestS3().users.tester.secretAccessKey,
    );
  });

  it('fails at the credentials step with a wrong secret; bucket denials are not reported as such', async () => {
    const b = await bucketWithCors('wrong-secret');
    const auth = {
      ...keysOf('tester'),
      secretAccessKey: 'not-the-secret-key-000000000000000000000',
    } as TestAuth;
    const run = await testerFor([rgwPort()]).run(
      targetFor({ bucket: b.bucket }, auth),
      { initiatedBy: 'user:default/alice' },
    );
    expect(run.status).toBe('fail');
    const credentials = stepOf(run, 'credentials');
    expect(credentials.status).toBe('fail');
    expect(credentials.message).toContain(
      'refused the access key or the secret',
    );
    expect(credentials.httpStatus).toBe(403);
    for (const id of ['bucket', 'list', 'region', 'cors']) {
      expect(stepOf(run, id)).toMatchObject({
        status: 'skipped',
        message: expect.stringContaining('credentials were rejected'),
      });
    }
  });

  it('fails at the credentials step with an unknown access key', async () => {
    const b = await bucketWithCors('unknown-key');
    const run = await testerFor([rgwPort()]).run(
      targetFor(
        { bucket: b.bucket },
        {
          method: 'access-key',
          accessKeyId: 'NOSUCHACCESSKEY00000',
          secretAccessKey: 'whatever-secret-000000000000000000000000',
        },
      ),
      { initiatedBy: 'user:default/alice' },
    );
    expect(stepOf(run, 'credentials').status).toBe('fail');
    expect(stepOf(run, 'list').status).toBe('skipped');
    expect(run.status).toBe('fail');
  });

  it('names an unknown bucket once, at Bucket reachable; the steps that need it point there', async () => {
    const bucket = 'no-such-bucket-s3r-test-0000';
    const streamed: string[] = [];
    const run = await testerFor([rgwPort()]).run(
      targetFor({ bucket }, keysOf('tester')),
      { initiatedBy: 'user:default/alice', onStep: s => streamed.push(s.id) },
    );
    expect(run.status).toBe('fail');
    expect(run.steps.map(s => s.id)).toEqual([...STEP_IDS]);
    expect(stepOf(run, 'credentials').status).toBe('skipped');
    expect(failedSteps(run)).toEqual(['bucket']);
    expect(stepOf(run, 'bucket')).toMatchObject({
      status: 'fail',
      httpStatus: 404,
      message: expect.stringContaining(`Bucket ${bucket} does not exist`),
      remediation: expect.stringContaining('bucket name'),
    });
    // Ceph answers each of them NoSuchBucket; said once, not six times
    for (const id of BUCKET_CALLS) {
      expect(stepOf(run, id)).toEqual(
        expect.objectContaining({
          status: 'skipped',
          message: `Not run: bucket ${bucket} does not exist (see Bucket reachable)`,
        }),
      );
      expect(stepOf(run, id).errorCode).toBeUndefined();
      expect(streamed.indexOf(id)).toBeGreaterThan(streamed.indexOf('bucket'));
    }
    // a step that needs no bucket says why it did not run, as before
    expect(stepOf(run, 'write').message).toMatch(/^Not requested/);
  });

  it.each([
    ['an access key', (): TestAuth => keysOf('tester'), []],
    [
      'AssumeRole',
      (): TestAuth => ({
        method: 'assume-role',
        roleArn: 'arn:aws:iam:::role/any-role',
        externalId: 's3r-ExternalIdOfThisResource0123456789',
        source: keysOf('tester') as never,
      }),
      ['assume-role'],
    ],
  ])(
    'names a closed port once, at the first call that found it (%s)',
    async (_how, auth, alsoSkipped) => {
      const port = await closedPort();
      const run = await testerFor([port]).run(
        targetFor(
          { bucket: 'any-bucket-s3r-test-0000' },
          auth(),
          `http://127.0.0.1:${port}`,
        ),
        { initiatedBy: 'user:default/alice' },
      );
      expect(run.status).toBe('fail');
      // Ceph has STS: GetCallerIdentity is the first call to be refused
      expect(failedSteps(run)).toEqual(['credentials']);
      expect(stepOf(run, 'credentials')).toMatchObject({
        errorCode: 'ECONNREFUSED',
        message: `Connection refused by 127.0.0.1:${port}: nothing listens there`,
      });
      for (const id of [...alsoSkipped, 'bucket', ...BUCKET_CALLS]) {
        expect(stepOf(run, id)).toMatchObject({
          status: 'skipped',
          message:
            'Not run: the endpoint refused the connection (see Credentials)',
        });
      }
    },
  );

  it('passes for a bucket-scoped credential and never lists all buckets', async () => {
    const b = await bucketWithCors('scoped');
    // `other` gets exactly this bucket through a bucket policy, nothing else
    await s3ClientFor('tester').send(
      new PutBucketPolicyCommand({
        Bucket: b.bucket,
        Policy: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Principal: { AWS: [userArn('other')] },
              Action: [
                's3:ListBucket',
                's3:GetBucketLocation',
                's3:GetBucketCORS',
                's3:GetObject',
                's3:PutObject',
                's3:PutObjectTagging',
                's3:DeleteObject',
              ],
              Resource: [
                `arn:aws:s3:::${b.bucket}`,
                `arn:aws:s3:::${b.bucket}/*`,
              ],
            },
          ],
        }),
      }),
    );
    const recorder = await proxy();
    const run = await testerFor([recorder.port]).run(
      targetFor(
        { bucket: b.bucket, accessLevel: 'read-write' },
        keysOf('other'),
        recorder.url,
      ),
      { initiatedBy: 'user:default/alice', writeProbe: true },
    );
    expect(run.status).toBe('pass');
    expect(stepOf(run, 'write').status).toBe('pass');
    // ListBuckets is GET / (no bucket in the path, no bucket host)
    const listBuckets = recorder.requests.filter(
      r => r.method === 'GET' && (r.url === '/' || r.url.startsWith('/?')),
    );
    expect(listBuckets).toEqual([]);
    expect(recorder.requests.length).toBeGreaterThan(5);
  });

  it('names the denied action in its step (bucket policy with a Deny)', async () => {
    const b = await bucketWithCors('deny');
    await s3ClientFor('tester').send(
      new PutBucketPolicyCommand({
        Bucket: b.bucket,
        Policy: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Principal: { AWS: [userArn('other')] },
              Action: ['s3:*'],
              Resource: [
                `arn:aws:s3:::${b.bucket}`,
                `arn:aws:s3:::${b.bucket}/*`,
              ],
            },
            {
              Effect: 'Deny',
              Principal: { AWS: [userArn('other')] },
              Action: ['s3:GetBucketCORS'],
              Resource: [`arn:aws:s3:::${b.bucket}`],
            },
          ],
        }),
      }),
    );
    const run = await testerFor([rgwPort()]).run(
      targetFor({ bucket: b.bucket }, keysOf('other')),
      { initiatedBy: 'user:default/alice' },
    );
    expect(stepOf(run, 'list').status).toBe('pass');
    expect(stepOf(run, 'cors')).toMatchObject({
      status: 'warn',
      httpStatus: 403,
      message: expect.stringContaining('s3:GetBucketCORS denied'),
      remediation: expect.stringContaining('"AllowedOrigins"'),
    });
  });

  it('fails the list step naming s3:ListBucket when listing is denied', async () => {
    const b = await bucketWithCors('deny-list');
    await s3ClientFor('tester').send(
      new PutBucketPolicyCommand({
        Bucket: b.bucket,
        Policy: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Principal: { AWS: [userArn('other')] },
              Action: ['s3:GetBucketLocation', 's3:GetBucketCORS'],
              Resource: [`arn:aws:s3:::${b.bucket}`],
            },
          ],
        }),
      }),
    );
    const run = await testerFor([rgwPort()]).run(
      targetFor({ bucket: b.bucket }, keysOf('other')),
      { initiatedBy: 'user:default/alice' },
    );
    expect(run.status).toBe('fail');
    expect(stepOf(run, 'credentials').status).toBe('skipped');
    expect(stepOf(run, 'region').status).toBe('pass');
    expect(stepOf(run, 'list')).toMatchObject({
      status: 'fail',
      errorCode: 'AccessDenied',
      message: expect.stringContaining('s3:ListBucket denied'),
    });
  });

  it("assumes the role with the resource's ExternalId, a 15-minute session named after the user; the role policy's limits show", async () => {
    const b = await bucketWithCors('role');
    const role = track(
      await createTestRole({
        trustPolicy: trustPolicyFor('tester'),
        rolePolicy: {
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Action: [
                's3:ListBucket',
                's3:GetBucketLocation',
                's3:GetBucketCORS',
                's3:GetObject',
              ],
              Resource: [
                `arn:aws:s3:::${b.bucket}`,
                `arn:aws:s3:::${b.bucket}/*`,
              ],
            },
          ],
        },
      }),
    );
    const recorder = await proxy();
    const externalId = 's3r-ExternalIdOfThisResource0123456789';
    const run = await testerFor([recorder.port]).run(
      targetFor(
        { bucket: b.bucket, accessLevel: 'read-write' },
        {
          method: 'assume-role',
          roleArn: role.roleArn,
          externalId,
          source: keysOf('tester') as never,
        },
        recorder.url,
      ),
      { initiatedBy: 'user:default/alice', writeProbe: true },
    );
    expect(stepOf(run, 'assume-role')).toMatchObject({
      status: 'pass',
      message: expect.stringContaining('backstage-alice'),
    });
    // the ExternalId, the session name and the duration went out with AssumeRole
    const assume = recorder.requests.find((r: RecordedRequest) =>
      r.body.includes('Action=AssumeRole'),
    );
    const params = new URLSearchParams(assume!.body);
    expect(params.get('ExternalId')).toBe(externalId);
    expect(params.get('RoleSessionName')).toMatch(
      /^backstage-alice-[0-9a-f]{8}$/,
    );
    expect(params.get('DurationSeconds')).toBe('900');
    // the role may list but not write, nor read CORS: later steps show it
    expect(stepOf(run, 'list').status).toBe('pass');
    expect(stepOf(run, 'write')).toMatchObject({
      status: 'fail',
      message: expect.stringContaining('s3:PutObject denied'),
    });
    // the bucket calls were signed with the session, not the source keys
    const bucketCalls = recorder.requests.filter(r =>
      r.url.startsWith(`/${b.bucket}`),
    );
    expect(bucketCalls.length).toBeGreaterThan(0);
    for (const r of bucketCalls) {
      expect(r.headers['x-amz-security-token']).toBeTruthy();
      expect(String(r.headers.authorization)).not.toContain(
        getTestS3().users.tester.accessKeyId,
      );
    }
  });

  it('fails at AssumeRole when the trust policy does not include the caller', async () => {
    const b = await bucketWithCors('untrusted');
    const role = track(
      await createTestRole({
        trustPolicy: trustPolicyFor('other'),
        rolePolicy: {
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Action: ['s3:*'],
              Resource: [`arn:aws:s3:::${b.bucket}`],
            },
          ],
        },
      }),
    );
    const run = await testerFor([rgwPort()]).run(
      targetFor(
        { bucket: b.bucket },
        {
          method: 'assume-role',
          roleArn: role.roleArn,
          externalId: 's3r-ExternalIdOfThisResource0123456789',
          source: keysOf('tester') as never,
        },
      ),
      { initiatedBy: 'user:default/alice' },
    );
    expect(run.status).toBe('fail');
    expect(stepOf(run, 'assume-role')).toMatchObject({
      status: 'fail',
      httpStatus: 403,
      message: expect.stringContaining('sts:AssumeRole denied'),
      remediation: expect.stringContaining('trust policy'),
    });
    expect(stepOf(run, 'credentials').status).toBe('skipped');
    expect(stepOf(run, 'bucket')).toMatchObject({
      status: 'skipped',
      message: expect.stringContaining('AssumeRole failed'),
    });
  });

  it('warns when CORS is missing, with the generated configuration as the fix', async () => {
    const b = track(await createTestBucket('no-cors'));
    const run = await testerFor([rgwPort()]).run(
      targetFor({ bucket: b.bucket }, keysOf('tester')),
      { initiatedBy: 'user:default/alice' },
    );
    expect(run.status).toBe('warn');
    const cors = stepOf(run, 'cors');
    expect(cors).toMatchObject({
      status: 'warn',
      errorCode: 'NoSuchCORSConfiguration',
      httpStatus: 404,
    });
    const json = cors.remediation!.slice(
      cors.remediation!.indexOf('{'),
      cors.remediation!.indexOf('\nWith the AWS CLI'),
    );
    expect(JSON.parse(json)).toEqual(corsFor(b.bucket));
  });

  it('warns about an incomplete CORS rule, naming what is missing', async () => {
    const b = track(await createTestBucket('cors-partial'));
    await s3ClientFor('tester').send(
      new PutBucketCorsCommand({
        Bucket: b.bucket,
        CORSConfiguration: {
          CORSRules: [{ AllowedOrigins: [APP], AllowedMethods: ['GET'] }],
        },
      }),
    );
    const run = await testerFor([rgwPort()]).run(
      targetFor({ bucket: b.bucket }, keysOf('tester')),
      { initiatedBy: 'user:default/alice' },
    );
    expect(stepOf(run, 'cors')).toMatchObject({
      status: 'warn',
      message: expect.stringContaining('no rule allows'),
    });
  });

  it('write probe: puts a sentinel under the prefix with the default ACL and tags, then deletes it', async () => {
    const b = await bucketWithCors('write');
    const recorder = await proxy();
    const run = await testerFor([recorder.port]).run(
      targetFor(
        {
          bucket: b.bucket,
          prefix: 'team-a/',
          accessLevel: 'read-write',
          defaultAcl: 'private',
        },
        keysOf('tester'),
        recorder.url,
      ),
      { initiatedBy: 'user:default/alice', writeProbe: true },
    );
    expect(stepOf(run, 'write')).toMatchObject({
      status: 'pass',
      message: expect.stringContaining(
        `team-a/.s3-resources-connection-test-${run.id}`,
      ),
    });
    const put = recorder.requests.find(r => r.method === 'PUT');
    expect(put!.url).toContain(
      `/${b.bucket}/team-a/.s3-resources-connection-test-`,
    );
    expect(put!.headers['x-amz-acl']).toBe('private');
    expect(put!.headers['x-amz-tagging']).toBe('s3-resources=connection-test');
    const del = recorder.requests.find(r => r.method === 'DELETE');
    const path = (url: string) => url.split('?')[0];
    expect(path(del!.url)).toBe(path(put!.url));
    const left = await s3ClientFor('tester').send(
      new ListObjectsV2Command({ Bucket: b.bucket }),
    );
    expect(left.KeyCount).toBe(0);
    // listing stays within the prefix
    const list = recorder.requests.find(r => r.url.includes('list-type=2'));
    expect(list!.url).toContain('prefix=team-a%2F');
    expect(list!.url).toContain('max-keys=1');
  });

  it('uses an AWS account from app-config (aws.accounts) for aws-account auth', async () => {
    const b = await bucketWithCors('aws-account');
    const tester = testerFor(
      [rgwPort()],
      {},
      {
        config: {
          aws: {
            accounts: [
              { accountId: '123456789012', ...getTestS3().users.tester },
            ],
          },
        },
      },
    );
    const run = await tester.run(
      targetFor(
        { bucket: b.bucket },
        { method: 'aws-account', accountId: '123456789012' },
      ),
      { initiatedBy: 'user:default/alice' },
    );
    expect(run.status).toBe('pass');
    expect(stepOf(run, 'assume-role').message).toContain('an AWS account');
  });

  // The wall-time ratio itself is a benchmark (yarn bench, docs/benchmarks.md);
  // here the structure is asserted: how many waves of requests depend on each other.
  it('costs the fewest dependent round trips: one wave with an access key, two with AssumeRole', async () => {
    const latencyMs = 300;
    const b = await bucketWithCors('latency');
    const role = track(
      await createTestRole({
        trustPolicy: trustPolicyFor('tester'),
        rolePolicy: {
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Action: ['s3:*'],
              Resource: [
                `arn:aws:s3:::${b.bucket}`,
                `arn:aws:s3:::${b.bucket}/*`,
              ],
            },
          ],
        },
      }),
    );
    const assumeRole: TestAuth = {
      method: 'assume-role',
      roleArn: role.roleArn,
      externalId: 's3r-ExternalIdOfThisResource0123456789',
      source: keysOf('tester') as never,
    };
    // the median of three runs after a warm-up
    const measure = async (
      network: { latencyMs: number; connectLatencyMs?: number },
      auth: TestAuth,
      roundTrips: number,
    ) => {
      const requestRoundTrips = auth.method === 'assume-role' ? 2 : 1;
      const slow = await proxy(network);
      const tester = testerFor([slow.port]);
      const ratios: number[] = [];
      for (let i = 0; i < 4; i++) {
        slow.requests.length = 0;
        const start = performance.now();
        const run = await tester.run(
          targetFor({ bucket: b.bucket }, auth, slow.url),
          { initiatedBy: 'user:default/alice' },
        );
        const wall = performance.now() - start;
        expect(run.status).toBe('pass');
        expect(requestWaves(slow.requests, latencyMs)).toBe(requestRoundTrips);
        if (i > 0) ratios.push(wall / (roundTrips * latencyMs));
      }
      return ratios.sort((x, y) => x - y)[1];
    };
    // each request one round trip, connections free
    const perRequest = { latencyMs };
    // and each new connection one more (the TCP handshake)
    const perPacket = { latencyMs, connectLatencyMs: latencyMs };
    const ratios = {
      'access key': await measure(perRequest, keysOf('tester'), 1),
      'assume role': await measure(perRequest, assumeRole, 2),
      // handshake + requests; AssumeRole's wait opens the bucket calls' connections
      'access key, handshakes': await measure(perPacket, keysOf('tester'), 2),
      'assume role, handshakes': await measure(perPacket, assumeRole, 3),
    };
    // eslint-disable-next-line no-console
    console.log(
      `wall / (round trips x ${latencyMs} ms): ${Object.entries(ratios)
        .map(([k, v]) => `${k} ${v.toFixed(2)}`)
        .join(', ')}`,
    );
    expect(Object.keys(ratios)).toHaveLength(4);
  });
});
