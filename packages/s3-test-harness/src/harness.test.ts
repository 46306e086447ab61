import {
  GetObjectCommand,
  HeadBucketCommand,
  ListBucketsCommand,
  ListObjectsV2Command,
  PutBucketCorsCommand,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import {
  assumeRoleAs,
  createTestBucket,
  createTestRole,
  failureStatus,
  getTestS3,
  preflight,
  requireEnforcingServer,
  s3ClientFor,
  s3ClientWithCredentials,
  stsClientFor,
  TestBucket,
  trustPolicyFor,
  uniqueBucketName,
} from './index';

// Runs against the real server (Ceph RGW): `yarn test`, or scripts/s3/ceph-rgw.sh start +
// eval "$(scripts/s3/ceph-rgw.sh env)". Without it, getTestS3() throws and the suite fails.
jest.setTimeout(30_000);

describe('getTestS3', () => {
  it('throws a helpful error when the server variables are missing', () => {
    expect(() => getTestS3({})).toThrow(/yarn test/);
    expect(() => getTestS3({})).toThrow(/ceph-rgw\.sh env/);
    expect(() => getTestS3({})).toThrow(/S3R_TEST_S3_ENDPOINT/);
  });

  it('rejects an unknown server kind', () => {
    const env = {
      S3R_TEST_S3_ENDPOINT: 'http://127.0.0.1:7480',
      S3R_TEST_S3_KIND: 'minio',
      S3R_TEST_S3_ADMIN_ACCESS_KEY: 'a',
      S3R_TEST_S3_ADMIN_SECRET_KEY: 'a',
      S3R_TEST_S3_TESTER_ACCESS_KEY: 't',
      S3R_TEST_S3_TESTER_SECRET_KEY: 't',
      S3R_TEST_S3_OTHER_ACCESS_KEY: 'o',
      S3R_TEST_S3_OTHER_SECRET_KEY: 'o',
    };
    expect(() => getTestS3(env)).toThrow(/S3R_TEST_S3_KIND/);
  });
});

describe('uniqueBucketName', () => {
  it('makes valid, distinct S3 bucket names', () => {
    const names = new Set<string>();
    for (const prefix of ['', 'My_Prefix!!', '-x-', 'a'.repeat(80)]) {
      const name = uniqueBucketName(prefix);
      expect(name).toMatch(/^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/);
      expect(name).not.toContain('--');
      names.add(name);
    }
    expect(names.size).toBe(4);
  });
});

describe('the test S3 server (Ceph RGW)', () => {
  const cleanups: Array<() => Promise<void>> = [];
  const track = <T extends { cleanup(): Promise<void> }>(resource: T): T => {
    cleanups.push(() => resource.cleanup());
    return resource;
  };

  beforeAll(() => {
    requireEnforcingServer('the harness self-test');
  });

  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function bucketWithObject(prefix: string): Promise<TestBucket> {
    const b = track(await createTestBucket(prefix));
    const tester = s3ClientFor('tester');
    await tester.send(
      new PutObjectCommand({
        Bucket: b.bucket,
        Key: 'docs/hello.txt',
        Body: 'hello from tester',
      }),
    );
    return b;
  }

  it('stores and returns an object for its owner; cleanup deletes the bucket', async () => {
    const b = track(await createTestBucket('selftest'));
    const tester = s3ClientFor('tester');
    await tester.send(
      new PutObjectCommand({ Bucket: b.bucket, Key: 'a.txt', Body: 'alpha' }),
    );
    const got = await tester.send(
      new GetObjectCommand({ Bucket: b.bucket, Key: 'a.txt' }),
    );
    expect(await got.Body!.transformToString()).toBe('alpha');

    const listed = await tester.send(
      new ListObjectsV2Command({ Bucket: b.bucket }),
    );
    expect(listed.Contents?.map(o => o.Key)).toEqual(['a.txt']);

    await b.cleanup();
    expect(
      await failureStatus(
        tester.send(new HeadBucketCommand({ Bucket: b.bucket })),
      ),
    ).toBe(404);
  });

  it('denies another user (403) and a wrong secret (403)', async () => {
    const b = await bucketWithObject('deny');
    const other = s3ClientFor('other');

    // other's own credentials are valid ...
    const own = await other.send(new ListBucketsCommand({}));
    expect(own.$metadata.httpStatusCode).toBe(200);
    // ... but tester's private object and bucket are not readable for it
    expect(
      await failureStatus(
        other.send(
          new GetObjectCommand({ Bucket: b.bucket, Key: 'docs/hello.txt' }),
        ),
      ),
    ).toBe(403);
    expect(
      await failureStatus(
        other.send(new ListObjectsV2Command({ Bucket: b.bucket })),
      ),
    ).toBe(403);

    // the signature is checked: tester's access key with a wrong secret is refused
    const forged = s3ClientWithCredentials({
      accessKeyId: getTestS3().users.tester.accessKeyId,
      secretAccessKey: 'not-the-secret-key-0000000000000000000000',
    });
    expect(
      await failureStatus(
        forged.send(
          new GetObjectCommand({ Bucket: b.bucket, Key: 'docs/hello.txt' }),
        ),
      ),
    ).toBe(403);
  });

  it('STS: a role trusting tester grants exactly its role policy', async () => {
    const readable = await bucketWithObject('role-ro');
    const elsewhere = await bucketWithObject('role-other');
    const role = track(
      await createTestRole({
        trustPolicy: trustPolicyFor('tester'),
        rolePolicy: {
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Action: ['s3:GetObject', 's3:ListBucket'],
              Resource: [
                `arn:aws:s3:::${readable.bucket}`,
                `arn:aws:s3:::${readable.bucket}/*`,
              ],
            },
          ],
        },
      }),
    );
    expect(role.roleArn).toBe(`arn:aws:iam:::role/${role.roleName}`);

    const creds = await assumeRoleAs('tester', role.roleArn);
    const session = s3ClientWithCredentials(creds);

    // allowed by the role policy
    const got = await session.send(
      new GetObjectCommand({ Bucket: readable.bucket, Key: 'docs/hello.txt' }),
    );
    expect(await got.Body!.transformToString()).toBe('hello from tester');
    // not in the role policy: write, and a bucket outside its resources (though tester owns it)
    expect(
      await failureStatus(
        session.send(
          new PutObjectCommand({
            Bucket: readable.bucket,
            Key: 'new.txt',
            Body: 'x',
          }),
        ),
      ),
    ).toBe(403);
    expect(
      await failureStatus(
        session.send(
          new GetObjectCommand({
            Bucket: elsewhere.bucket,
            Key: 'docs/hello.txt',
          }),
        ),
      ),
    ).toBe(403);

    // the trust policy is enforced: other may not assume the role (RGW names STS errors "Unknown")
    expect(await failureStatus(assumeRoleAs('other', role.roleArn))).toBe(403);

    // a tampered session token is rejected
    const tampered = s3ClientWithCredentials({
      ...creds,
      sessionToken: `${creds.sessionToken.slice(0, -8)}AAAAAAAA`,
    });
    expect(
      await failureStatus(
        tampered.send(
          new GetObjectCommand({
            Bucket: readable.bucket,
            Key: 'docs/hello.txt',
          }),
        ),
      ),
    ).toBe(403);
  });

  it('STS GetCallerIdentity is not available on RGW (405)', async () => {
    // Product code must treat this as "not available on this provider", not as bad credentials.
    expect(
      await failureStatus(
        stsClientFor('tester').send(new GetCallerIdentityCommand({})),
      ),
    ).toBe(405);
  });

  it('answers a CORS preflight as configured by PutBucketCors', async () => {
    const b = await bucketWithObject('cors');
    const objectUrl = `${getTestS3().endpoint}/${b.bucket}/docs/hello.txt`;
    const origin = 'https://backstage.example.com';

    // no CORS configuration yet: the preflight is refused
    const before = await preflight({ url: objectUrl, origin, method: 'GET' });
    expect(before.status).toBe(403);
    expect(before.headers['access-control-allow-origin']).toBeUndefined();

    await s3ClientFor('tester').send(
      new PutBucketCorsCommand({
        Bucket: b.bucket,
        CORSConfiguration: {
          CORSRules: [
            {
              AllowedOrigins: [origin],
              AllowedMethods: ['GET', 'HEAD'],
              AllowedHeaders: ['*'],
              ExposeHeaders: ['ETag'],
              MaxAgeSeconds: 600,
            },
          ],
        },
      }),
    );

    const allowed = await preflight({
      url: objectUrl,
      origin,
      method: 'GET',
      headers: ['range'],
    });
    expect(allowed.status).toBe(200);
    expect(allowed.headers['access-control-allow-origin']).toBe(origin);
    expect(allowed.headers['access-control-allow-methods']).toMatch(/GET/);
    expect(allowed.headers['access-control-expose-headers']).toMatch(/ETag/i);

    const otherOrigin = await preflight({
      url: objectUrl,
      origin: 'https://evil.example.com',
      method: 'GET',
    });
    expect(otherOrigin.status).toBe(403);
    expect(otherOrigin.headers['access-control-allow-origin']).toBeUndefined();

    const otherMethod = await preflight({
      url: objectUrl,
      origin,
      method: 'PUT',
    });
    expect(otherMethod.status).toBe(403);
  });
});
