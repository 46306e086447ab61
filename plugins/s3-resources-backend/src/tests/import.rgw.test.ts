import {
  CreateBucketCommand,
  DeleteBucketCommand,
  PutBucketTaggingCommand,
} from '@aws-sdk/client-s3';
import {
  createTestDatabases,
  getTestS3,
  randomSuffix,
  requireEnforcingServer,
  s3ClientFor,
} from '@internal/s3-test-harness';
import { mockServices } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import pLimit from 'p-limit';
import request from 'supertest';
import { asUser, startPluginBackend } from '../__testUtils__/testBackend';

jest.setTimeout(240_000);

const COUNT = 200;

describe('import of existing buckets from the harness server', () => {
  const databases = createTestDatabases();
  const prefix = `imp-${randomSuffix().slice(0, 6)}`;
  const buckets = Array.from(
    { length: COUNT },
    (_, i) => `${prefix}-${String(i).padStart(3, '0')}`,
  );

  beforeAll(async () => {
    requireEnforcingServer('bucket import');
    const s3 = s3ClientFor('other');
    const limit = pLimit(16);
    await Promise.all(
      buckets.map((bucket, i) =>
        limit(async () => {
          await s3.send(new CreateBucketCommand({ Bucket: bucket }));
          if (i % 10 === 0) {
            await s3.send(
              new PutBucketTaggingCommand({
                Bucket: bucket,
                Tagging: { TagSet: [{ Key: 'owner', Value: 'team-imports' }] },
              }),
            );
          }
        }),
      ),
    );
    s3.destroy();
  });

  afterAll(async () => {
    const s3 = s3ClientFor('other');
    const limit = pLimit(16);
    await Promise.all(
      buckets.map(bucket =>
        limit(() =>
          s3
            .send(new DeleteBucketCommand({ Bucket: bucket }))
            .catch(() => undefined),
        ),
      ),
    );
    s3.destroy();
  });

  const source = () => {
    const s3 = getTestS3();
    return {
      provider: 'ceph-rgw',
      endpoint: s3.endpoint,
      auth: {
        method: 'access-key',
        accessKeyId: s3.users.other.accessKeyId,
        secretAccessKey: s3.users.other.secretAccessKey,
      },
    };
  };

  async function start(knex: any, features?: any[]) {
    const endpoint = new URL(getTestS3().endpoint);
    return startPluginBackend({
      knex,
      features,
      config: {
        s3Resources: {
          encryption: {
            keys: [
              { id: 'k1', secret: Buffer.alloc(32, 11).toString('base64') },
            ],
          },
          endpoints: {
            allow: [
              {
                host: endpoint.hostname,
                ports: [Number(endpoint.port)],
                allowHttp: true,
                allowPrivateAddresses: true,
              },
            ],
          },
        },
      },
    });
  }

  describe.each(databases.eachSupportedId())('on %p', databaseId => {
    it('tests an imported resource only where the importer may test it', async () => {
      const knex = await databases.init(databaseId);
      const { server } = await start(knex, [
        mockServices.permissions.mock({
          authorize: async requests =>
            requests.map(r => ({
              result:
                r.permission.name === 's3.resource.test'
                  ? AuthorizeResult.DENY
                  : AuthorizeResult.ALLOW,
            })) as never,
          authorizeConditional: async requests =>
            requests.map(r => ({
              result:
                r.permission.name === 's3.resource.test'
                  ? AuthorizeResult.DENY
                  : AuthorizeResult.ALLOW,
            })) as never,
        }).factory,
      ]);
      const imported = await request(server)
        .post('/api/s3-resources/import')
        .set(asUser())
        .send({
          source: source(),
          buckets: [
            {
              bucket: buckets[0],
              name: 'not-testable',
              owner: 'group:default/team-a',
            },
          ],
        });
      expect(imported.status).toBe(200);
      expect(imported.body[0]).toMatchObject({
        outcome: 'created',
        test: {
          status: 'fail',
          problem: expect.stringContaining(
            'You may not test resource not-testable',
          ),
        },
      });
      const [{ runs }] = await knex('s3_resource_test_runs').count({
        runs: '*',
      });
      expect(Number(runs)).toBe(0);
    });

    it(`discovers ${COUNT} buckets with regions, tags and owners, streaming progress, then imports them`, async () => {
      const knex = await databases.init(databaseId);
      const { server } = await start(knex);

      const t0 = Date.now();
      const discovered = await request(server)
        .post('/api/s3-resources/import/discover')
        .set(asUser())
        .set('Accept', 'application/x-ndjson')
        .send({ source: source() });
      const discoverMs = Date.now() - t0;
      expect(discovered.status).toBe(200);
      const lines = discovered.text
        .trim()
        .split('\n')
        .map(l => JSON.parse(l));
      expect(lines[lines.length - 1].type).toBe('done');
      const ours = lines
        .filter(l => l.type === 'bucket' && l.bucket.bucket.startsWith(prefix))
        .map(l => l.bucket);
      expect(ours.map(b => b.bucket).sort()).toEqual(buckets);
      const tagged = ours.filter(b => b.suggestedOwner);
      expect(tagged).toHaveLength(COUNT / 10);
      expect(tagged[0].suggestedOwner).toBe('group:default/team-imports');
      expect(ours[0].suggestedName).toMatch(/^imp-.*--127-0-0-1-\d+$/);
      expect(JSON.stringify(lines)).not.toContain(
        getTestS3().users.other.secretAccessKey,
      );

      const t1 = Date.now();
      const imported = await request(server)
        .post('/api/s3-resources/import')
        .set(asUser())
        .send({
          source: source(),
          buckets: ours.map(b => ({
            bucket: b.bucket,
            name: b.suggestedName,
            owner: b.suggestedOwner ?? 'group:default/team-a',
          })),
        });
      const importMs = Date.now() - t1;
      expect(imported.status).toBe(200);
      expect(
        imported.body.filter((r: any) => r.outcome === 'created'),
      ).toHaveLength(COUNT);
      const [{ n }] = await knex('s3_resources').count({ n: '*' });
      expect(Number(n)).toBe(COUNT);
      // each imported resource was tested once, as a registration is
      const tests = imported.body.map((r: any) => r.test);
      expect(
        tests.every((t: any) => ['pass', 'warn'].includes(t?.status)),
      ).toBe(true);
      const [{ runs }] = await knex('s3_resource_test_runs').count({
        runs: '*',
      });
      expect(Number(runs)).toBe(COUNT);
      const tested = await knex('s3_resources').whereNotNull(
        'last_test_run_id',
      );
      expect(tested).toHaveLength(COUNT);

      // a second discovery flags every one as registered, with its resource
      const rediscovered = await request(server)
        .post('/api/s3-resources/import/discover')
        .set(asUser())
        .send({ source: source() });
      const byBucket = new Map(
        imported.body.map((r: any) => [r.bucket, r.resourceId]),
      );
      const flags = rediscovered.body
        .filter((b: any) => b.bucket.startsWith(prefix))
        .map((b: any) => [b.registered?.resourceId, b.registered?.name]);
      expect(flags).toHaveLength(COUNT);
      for (const [bucket, resourceId] of byBucket) {
        const found = rediscovered.body.find((b: any) => b.bucket === bucket);
        expect(found.registered).toEqual({
          resourceId,
          name: found.suggestedName,
        });
      }
      expect(ours.every((b: any) => b.registered === undefined)).toBe(true);
      const stored = await knex('s3_resources').select('secret', 'owner');
      expect(JSON.stringify(stored)).not.toContain(
        getTestS3().users.other.secretAccessKey,
      );
      expect(
        stored.filter(r => r.owner === 'group:default/team-imports'),
      ).toHaveLength(COUNT / 10);

      // importing again finds them registered
      const again = await request(server)
        .post('/api/s3-resources/import')
        .set(asUser())
        .set('Accept', 'application/x-ndjson')
        .send({
          source: source(),
          buckets: ours.slice(0, 5).map(b => ({
            bucket: b.bucket,
            name: b.suggestedName,
            owner: 'group:default/team-a',
          })),
        });
      const progress = again.text
        .trim()
        .split('\n')
        .map(l => JSON.parse(l));
      expect(
        progress.filter(p => p.type === 'progress').map(p => p.done),
      ).toEqual([1, 2, 3, 4, 5]);
      expect(progress[progress.length - 1]).toMatchObject({
        type: 'done',
        created: 0,
        exists: 5,
      });
      // eslint-disable-next-line no-console
      console.log(
        `import of ${COUNT} buckets on ${databaseId}: discovery ${discoverMs} ms, registration ${importMs} ms`,
      );
    });
  });

  it('refuses endpoints off the allow-list before any I/O, and bad credentials clearly', async () => {
    const knex = await databases.init('SQLITE_3');
    const { server } = await start(knex);
    const refused = await request(server)
      .post('/api/s3-resources/import/discover')
      .set(asUser())
      .send({ source: { ...source(), endpoint: 'http://169.254.169.254' } });
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toContain('source.endpoint');
    const wrong = await request(server)
      .post('/api/s3-resources/import/discover')
      .set(asUser())
      .send({
        source: {
          ...source(),
          auth: { ...source().auth, secretAccessKey: 'wrong-secret-value' },
        },
      });
    expect(wrong.status).toBe(400);
    // the wrong secret is named as such, at its field, not as a missing permission
    expect(wrong.body.error.message).toMatch(
      /^source\.auth\.secretAccessKey: The secret access key does not match this access key ID/,
    );
    expect(wrong.body.error.message).not.toContain('ListAllMyBuckets');
    expect(JSON.stringify(wrong.body)).not.toContain('wrong-secret-value');
  });
});
