import {
  PutBucketCorsCommand,
  PutBucketPolicyCommand,
  ListObjectsV2Command,
} from '@aws-sdk/client-s3';
import {
  createTestBucket,
  s3ClientFor,
  userArn,
} from '@internal/s3-test-harness';
import { STEP_IDS } from '@s3-resources/plugin-s3-resources-common';
import { closedPort } from '../__testUtils__/networkServers';
import {
  APP,
  BUCKET_CALLS,
  corsFor,
  failedSteps,
  keysOf,
  stepOf,
  targetFor,
  testerFor,
  useRgwFixture,
} from './__testUtils__/rgwConnectionTest';
import { TestAuth } from './ConnectionTester';

// Against the real Ceph RGW (`yarn test`, or scripts/s3/ceph-rgw.sh start + env).
jest.setTimeout(60_000);

describe('Bucket steps against Ceph RGW', () => {
  const { track, rgwPort, bucketWithCors, proxy } = useRgwFixture();

  it('names an unknown bucket once, at Bucket reachable; the steps that need it point there', async () => {
    const bucket = 'no-such-bucket-s3r-test-0000';
    const streamed: string[] = [];
    const run = await testerFor([rgwPort()]).run(
      targetFor({ bucket }, keysOf('tester')),
      { initiatedBy: 'user:default/alice', onStep: s => streamed.push(s.id) },
    );
    expect(run.status).toBe('fail');
    expect(run.steps.map(s => s.id)).toEqual([...STEP_IDS]);
    expect(stepOf(run, 'credentials').status).toBe('pass');
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
    expect(stepOf(run, 'credentials').status).toBe('pass');
    expect(stepOf(run, 'region').status).toBe('pass');
    expect(stepOf(run, 'list')).toMatchObject({
      status: 'fail',
      errorCode: 'AccessDenied',
      message: expect.stringContaining('s3:ListBucket denied'),
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
});
