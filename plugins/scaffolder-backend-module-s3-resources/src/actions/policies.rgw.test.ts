// Over 400 lines: each generated policy applied on Ceph RGW against one shared setup.
import {
  AbortMultipartUploadCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  GetBucketCorsCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutBucketCorsCommand,
  PutBucketPolicyCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import {
  assumeRoleAs,
  createTestBucket,
  createTestRole,
  failureStatus,
  preflight,
  requireEnforcingServer,
  s3ClientFor,
  s3ClientWithCredentials,
  TestS3,
  userArn,
} from '@internal/s3-test-harness';
import { compareCorsConfiguration } from '@s3-resources/plugin-s3-resources-common';
import { runAction } from './__testUtils__/runAction';
import { createPolicyCorsAction } from './policyCors';
import { createPolicyIamAction } from './policyIam';

// Applies what the actions output to the real server (Ceph RGW) and watches
// it enforce them. Ceph's error names are empty: assert on HTTP status.
jest.setTimeout(60_000);

const PREFIX = 'team-a/';
const APP_BASE_URL = 'http://localhost:3000/some/page';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function track<T extends { cleanup(): Promise<void> }>(resource: T): T {
  cleanups.push(() => resource.cleanup());
  return resource;
}

function client(make: () => S3Client): S3Client {
  const c = make();
  cleanups.push(async () => c.destroy());
  return c;
}

/** The status of a call that must succeed. */
async function successStatus(request: Promise<unknown>): Promise<number> {
  const out = (await request) as { $metadata: { httpStatusCode?: number } };
  return out.$metadata.httpStatusCode!;
}

/** A bucket owned by `tester` with objects inside and outside the prefix. */
async function seededBucket(label: string) {
  const { bucket } = track(await createTestBucket(label, 'tester'));
  const owner = client(() => s3ClientFor('tester'));
  for (const Key of [
    `${PREFIX}seed.txt`,
    `${PREFIX}deletable.txt`,
    'team-b/seed.txt',
  ]) {
    await owner.send(new PutObjectCommand({ Bucket: bucket, Key, Body: 'x' }));
  }
  return { bucket, owner };
}

/** Each request a credential of the resource might make, inside and outside the grant. */
function probes(bucket: string) {
  const list = (Prefix?: string) => (c: S3Client) =>
    c.send(new ListObjectsV2Command({ Bucket: bucket, Prefix }));
  const get = (Key: string) => (c: S3Client) =>
    c.send(new GetObjectCommand({ Bucket: bucket, Key }));
  const put = (Key: string) => (c: S3Client) =>
    c.send(new PutObjectCommand({ Bucket: bucket, Key, Body: 'new' }));
  const del = (Key: string) => (c: S3Client) =>
    c.send(new DeleteObjectCommand({ Bucket: bucket, Key }));
  const multipart = (Key: string) => async (c: S3Client) => {
    const started = await c.send(
      new CreateMultipartUploadCommand({ Bucket: bucket, Key }),
    );
    return c.send(
      new AbortMultipartUploadCommand({
        Bucket: bucket,
        Key,
        UploadId: started.UploadId,
      }),
    );
  };
  return {
    'list within the prefix': list(PREFIX),
    'get within the prefix': get(`${PREFIX}seed.txt`),
    'put within the prefix': put(`${PREFIX}new.txt`),
    'multipart upload within the prefix': multipart(`${PREFIX}big.bin`),
    'delete within the prefix': del(`${PREFIX}deletable.txt`),
    'list outside the prefix': list('team-b/'),
    'list the whole bucket': list(undefined),
    'get outside the prefix': get('team-b/seed.txt'),
    'put outside the prefix': put('team-b/new.txt'),
    'delete outside the prefix': del('team-b/seed.txt'),
  };
}
type ProbeName = keyof ReturnType<typeof probes>;

const ALLOWED: Record<'read' | 'read-write', ProbeName[]> = {
  read: ['list within the prefix', 'get within the prefix'],
  'read-write': [
    'list within the prefix',
    'get within the prefix',
    'put within the prefix',
    'multipart upload within the prefix',
    'delete within the prefix',
  ],
};

type Outcome = 'allowed' | number;

/**
 * Runs every probe with `c`: probe → "allowed" (2xx) or the HTTP status of
 * the refusal, so a failing test shows the whole matrix at once.
 */
async function accessMatrix(
  c: S3Client,
  bucket: string,
): Promise<Record<ProbeName, Outcome>> {
  const matrix = {} as Record<ProbeName, Outcome>;
  for (const [name, probe] of Object.entries(probes(bucket))) {
    matrix[name as ProbeName] = await probe(c).then(
      out => {
        const status = (out as { $metadata: { httpStatusCode: number } })
          .$metadata.httpStatusCode;
        return status >= 200 && status < 300 ? 'allowed' : status;
      },
      error => failureStatus(Promise.reject(error)),
    );
  }
  return matrix;
}

/** Allowed: what the level grants within the prefix; everything else 403. */
function expectedMatrix(
  level: 'read' | 'read-write',
): Record<ProbeName, Outcome> {
  const names = Object.keys(probes('b')) as ProbeName[];
  return Object.fromEntries(
    names.map(name => [name, ALLOWED[level].includes(name) ? 'allowed' : 403]),
  ) as Record<ProbeName, Outcome>;
}

describe('policy actions on Ceph RGW', () => {
  let s3: TestS3;
  const iamAction = createPolicyIamAction();
  const corsAction = createPolicyCorsAction({ appBaseUrl: APP_BASE_URL });

  beforeAll(() => {
    s3 = requireEnforcingServer('the policy actions test');
  });

  describe('s3:policy:cors', () => {
    async function applyCors(input: Record<string, unknown>) {
      const { bucket } = track(await createTestBucket('cors', 'tester'));
      const { outputs } = await runAction(corsAction, { bucket, ...input });
      const owner = client(() => s3ClientFor('tester'));
      const put = await owner.send(
        new PutBucketCorsCommand({
          Bucket: bucket,
          CORSConfiguration: outputs.configuration,
        }),
      );
      expect(put.$metadata.httpStatusCode).toBe(200);
      const got = await owner.send(
        new GetBucketCorsCommand({ Bucket: bucket }),
      );
      return {
        bucket,
        outputs,
        got,
        url: `${s3.endpoint}/${bucket}/${PREFIX}a.bin`,
      };
    }

    it('multipart: RGW stores the generated rules and answers preflights as they say', async () => {
      const origin = 'https://app.example.com';
      const { outputs, got, url } = await applyCors({
        uploadMode: 'multipart',
        origins: [origin],
        maxAgeSeconds: 600,
      });

      expect(compareCorsConfiguration(got, outputs.configuration)).toEqual({
        matches: true,
        missing: [],
        different: [],
      });
      expect(got.CORSRules).toEqual([
        expect.objectContaining({
          AllowedOrigins: [origin],
          AllowedMethods: expect.arrayContaining(['GET', 'HEAD', 'PUT']),
          ExposeHeaders: ['ETag'],
          MaxAgeSeconds: 600,
        }),
      ]);

      const put = await preflight({
        url,
        origin,
        method: 'PUT',
        headers: ['content-type', 'x-amz-checksum-crc32'],
      });
      expect(put.status).toBe(200);
      expect(put.headers['access-control-allow-origin']).toBe(origin);
      expect(put.headers['access-control-allow-methods']).toContain('PUT');
      expect(put.headers['access-control-expose-headers']).toContain('ETag');
      expect(put.headers['access-control-allow-headers']).toMatch(
        /content-type/i,
      );
      expect(put.headers['access-control-max-age']).toBe('600');

      const get = await preflight({ url, origin, method: 'GET' });
      expect(get.status).toBe(200);
      expect(get.headers['access-control-allow-origin']).toBe(origin);

      // Not in the configuration: another origin, a method no mode needs.
      expect(
        (
          await preflight({
            url,
            origin: 'https://evil.example.net',
            method: 'PUT',
          })
        ).status,
      ).toBe(403);
      expect((await preflight({ url, origin, method: 'DELETE' })).status).toBe(
        403,
      );
      expect((await preflight({ url, origin, method: 'POST' })).status).toBe(
        403,
      );
    });

    it("download-only with the default origin (app.baseUrl's origin): GET allowed, uploads refused", async () => {
      const origin = 'http://localhost:3000';
      const { outputs, got, url } = await applyCors({});
      expect(outputs.origins).toEqual([origin]);
      expect(compareCorsConfiguration(got, outputs.configuration).matches).toBe(
        true,
      );

      const get = await preflight({ url, origin, method: 'GET' });
      expect(get.status).toBe(200);
      expect(get.headers['access-control-allow-origin']).toBe(origin);
      expect(get.headers['access-control-expose-headers']).toBeUndefined();
      expect((await preflight({ url, origin, method: 'HEAD' })).status).toBe(
        200,
      );
      expect((await preflight({ url, origin, method: 'PUT' })).status).toBe(
        403,
      );
      // The base URL itself (with its path) is not an origin a browser sends.
      expect(
        (
          await preflight({
            url,
            origin: 'http://localhost:3001',
            method: 'GET',
          })
        ).status,
      ).toBe(403);
    });

    it('presigned-post with DELETE: POST and DELETE allowed, PUT refused', async () => {
      const origin = 'https://forms.example.com';
      const { outputs, got, url } = await applyCors({
        uploadMode: 'presigned-post',
        origins: [origin],
        methods: ['DELETE'],
      });
      expect(compareCorsConfiguration(got, outputs.configuration).matches).toBe(
        true,
      );
      for (const method of ['GET', 'HEAD', 'POST', 'DELETE']) {
        expect([
          method,
          (await preflight({ url, origin, method })).status,
        ]).toEqual([method, 200]);
      }
      expect((await preflight({ url, origin, method: 'PUT' })).status).toBe(
        403,
      );
    });
  });

  describe('s3:policy:iam kind bucket', () => {
    it.each(['read', 'read-write'] as const)(
      'access level %s: "other" may do exactly what the level grants within the prefix',
      async level => {
        const { bucket, owner } = await seededBucket(`bp-${level}`);
        const other = client(() => s3ClientFor('other'));
        // Before the policy, "other" may do nothing here.
        expect(
          await failureStatus(probes(bucket)['get within the prefix'](other)),
        ).toBe(403);
        expect(
          await failureStatus(probes(bucket)['list within the prefix'](other)),
        ).toBe(403);

        const { outputs } = await runAction(iamAction, {
          kind: 'bucket',
          provider: 'ceph-rgw',
          bucket,
          prefix: PREFIX,
          accessLevel: level,
          principalArn: userArn('other'),
        });
        expect(
          await successStatus(
            owner.send(
              new PutBucketPolicyCommand({
                Bucket: bucket,
                Policy: outputs.policyJson,
              }),
            ),
          ),
        ).toBe(204);

        expect(await accessMatrix(other, bucket)).toEqual(
          expectedMatrix(level),
        );
      },
    );

    it('egress CIDRs: a policy for other addresses allows nothing', async () => {
      const { bucket, owner } = await seededBucket('bp-cidr');
      const other = client(() => s3ClientFor('other'));
      const apply = async (egressCidrs: string[]) => {
        const { outputs } = await runAction(iamAction, {
          kind: 'bucket',
          provider: 'ceph-rgw',
          bucket,
          prefix: PREFIX,
          principalArn: userArn('other'),
          egressCidrs,
        });
        await owner.send(
          new PutBucketPolicyCommand({
            Bucket: bucket,
            Policy: outputs.policyJson,
          }),
        );
      };
      const get = probes(bucket)['get within the prefix'];

      await apply(['203.0.113.0/24']);
      expect(await failureStatus(get(other))).toBe(403);
      await apply(['127.0.0.0/8']);
      expect(await successStatus(get(other))).toBe(200);
    });
  });

  describe('s3:policy:iam kinds trust + identity as a role', () => {
    async function roleFor(bucket: string, level: 'read' | 'read-write') {
      const trust = await runAction(iamAction, {
        kind: 'trust',
        provider: 'ceph-rgw',
        portalPrincipalArn: userArn('tester'),
      });
      // On Ceph RGW the action leaves out the sts:ExternalId condition
      // (RGW denies AssumeRole when a trust policy has any sts:* condition).
      expect(trust.outputs.policy.Statement[0].Condition).toBeUndefined();
      const identity = await runAction(iamAction, {
        provider: 'ceph-rgw',
        bucket,
        prefix: PREFIX,
        accessLevel: level,
      });
      const role = track(
        await createTestRole({
          trustPolicy: trust.outputs.policyJson,
          rolePolicy: identity.outputs.policyJson,
        }),
      );
      return { role, externalId: trust.outputs.externalId as string };
    }

    it.each(['read', 'read-write'] as const)(
      'access level %s: the assumed role may do exactly what the level grants within the prefix',
      async level => {
        const { bucket } = await seededBucket(`role-${level}`);
        const { role, externalId } = await roleFor(bucket, level);

        // The trust policy names tester only.
        expect(await failureStatus(assumeRoleAs('other', role.roleArn))).toBe(
          403,
        );
        // The portal sends the ExternalId it output; RGW accepts it without the condition.
        const credentials = await assumeRoleAs('tester', role.roleArn, {
          ExternalId: externalId,
        });
        const session = client(() => s3ClientWithCredentials(credentials));

        expect(await accessMatrix(session, bucket)).toEqual(
          expectedMatrix(level),
        );
      },
    );

    it('RGW gap: with the sts:ExternalId condition kept, AssumeRole is denied even with the right ExternalId', async () => {
      const { bucket } = await seededBucket('role-gap');
      const trust = await runAction(iamAction, {
        kind: 'trust',
        provider: 'ceph-rgw',
        portalPrincipalArn: userArn('tester'),
        omitStsConditions: false,
      });
      const externalId = trust.outputs.externalId;
      expect(trust.outputs.policy.Statement[0].Condition).toEqual({
        StringEquals: { 'sts:ExternalId': externalId },
      });
      const identity = await runAction(iamAction, {
        provider: 'ceph-rgw',
        bucket,
      });
      const role = track(
        await createTestRole({
          trustPolicy: trust.outputs.policyJson,
          rolePolicy: identity.outputs.policyJson,
        }),
      );
      expect(
        await failureStatus(
          assumeRoleAs('tester', role.roleArn, { ExternalId: externalId }),
        ),
      ).toBe(403);
    });
  });
});
