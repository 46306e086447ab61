import {
  createTestRole,
  getTestS3,
  trustPolicyFor,
} from '@internal/s3-test-harness';
import { STEP_IDS } from '@s3-resources/plugin-s3-resources-common';
import { RecordedRequest, requestWaves } from '../__testUtils__/networkServers';
import {
  keysOf,
  stepOf,
  summary,
  targetFor,
  testerFor,
  useRgwFixture,
} from './__testUtils__/rgwConnectionTest';
import { TestAuth } from './ConnectionTester';

// Against the real Ceph RGW (`yarn test`, or scripts/s3/ceph-rgw.sh start + env).
jest.setTimeout(60_000);

describe('ConnectionTester against Ceph RGW', () => {
  const { track, rgwPort, bucketWithCors, proxy } = useRgwFixture();

  it("passes with the owner's keys; the credentials show as accepted, not as skipped", async () => {
    const b = await bucketWithCors('pass');
    const run = await testerFor([rgwPort()]).run(
      targetFor({ bucket: b.bucket }, keysOf('tester')),
      { initiatedBy: 'user:default/alice' },
    );
    expect(run.status).toBe('pass');
    expect(run.steps.map(s => s.id)).toEqual([...STEP_IDS]);
    expect(summary(run)).toEqual({
      endpoint: 'pass',
      credentials: 'pass',
      'assume-role': 'skipped',
      bucket: 'pass',
      region: 'pass',
      list: 'pass',
      write: 'skipped',
      cors: 'pass',
      ownership: 'skipped',
      'public-access': 'pass',
      encryption: 'skipped',
      versioning: 'pass',
      lifecycle: 'pass',
      logging: 'skipped',
      'object-lock': 'pass',
      replication: 'skipped',
      'bucket-policy': 'pass',
      'bucket-acl': 'pass',
      storage: 'pass',
    });
    const credentials = stepOf(run, 'credentials');
    expect(credentials.message).toMatch(
      /^Accepted: the provider accepted the access key and signature/,
    );
    // the missing GetCallerIdentity is a detail, after the verdict
    expect(credentials.message).toContain('not available on this provider');
    expect(credentials.httpStatus).toBeUndefined();
    expect(credentials.field).toBeUndefined();
    // Ceph answers these with 200 and empty fields: unknown, not configured
    expect(stepOf(run, 'ownership').message).toMatch(/^Unknown/);
    expect(stepOf(run, 'encryption').message).toMatch(/^Unknown/);
    expect(stepOf(run, 'logging').message).toMatch(/^Unknown/);
    expect(stepOf(run, 'replication').message).toMatch(/^Unknown/);
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
    // the verdict first and plainly, at the field
    expect(credentials.message).toMatch(
      /^The secret access key does not match this access key ID/,
    );
    expect(credentials.field).toBe('auth.secretAccessKey');
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
    // Ceph RGW answers an unknown key as it answers a wrong secret (403 AccessDenied)
    expect(stepOf(run, 'credentials')).toMatchObject({
      status: 'fail',
      message: expect.stringContaining(
        'the provider does not know the access key ID',
      ),
    });
    expect(stepOf(run, 'list').status).toBe('skipped');
    expect(run.status).toBe('fail');
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
    // the source key is fine: the role's trust policy refused it
    expect(stepOf(run, 'credentials').status).toBe('pass');
    expect(stepOf(run, 'bucket')).toMatchObject({
      status: 'skipped',
      message: expect.stringContaining('AssumeRole failed'),
    });
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
