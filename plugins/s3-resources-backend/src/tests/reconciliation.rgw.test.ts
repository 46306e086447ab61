import {
  CreateBucketCommand,
  DeleteBucketCommand,
  PutBucketTaggingCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { mockServices } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  TemporaryUser,
  createTemporaryUser,
  createTestDatabases,
  getTestS3,
  randomSuffix,
  requireEnforcingServer,
  s3ClientFor,
  s3ClientWithCredentials,
} from '@internal/s3-test-harness';
import {
  ReconciliationEntry,
  ReconciliationPage,
} from '@s3-resources/plugin-s3-resources-common';
import { Knex } from 'knex';
import request from 'supertest';
import {
  LOCAL_TEST_ENDPOINTS,
  TEST_KEYS,
  asUser,
  startPluginBackend,
} from '../__testUtils__/testBackend';

jest.setTimeout(240_000);

const API = '/api/s3-resources';
const ACCOUNT = '111122223333';

/**
 * Two real RGW users: `owner` holds the buckets the resources register
 * (its key is a source through them) and `operator` is an operator's
 * account named for reconciliation, whose explicit bucket names are
 * checked with HeadBucket.
 */
describe('reconciliation against Ceph RGW with real users', () => {
  const databases = createTestDatabases();
  let owner: TemporaryUser;
  let operator: TemporaryUser;
  let s3: S3Client;
  const tag = randomSuffix().slice(0, 6);
  const name = (what: string) => `rec-${tag}-${what}`;

  beforeAll(async () => {
    requireEnforcingServer('reconciliation');
    [owner, operator] = await Promise.all([
      createTemporaryUser('s3r-rec-owner'),
      createTemporaryUser('s3r-rec-operator'),
    ]);
    s3 = s3ClientWithCredentials(owner.credentials);
  });

  /** Buckets of the harness's `other` user, which no temporary user's removal purges. */
  const foreign: string[] = [];

  afterAll(async () => {
    const other = s3ClientFor('other');
    await Promise.all(
      foreign.map(bucket =>
        other
          .send(new DeleteBucketCommand({ Bucket: bucket }))
          .catch(() => undefined),
      ),
    );
    other.destroy();
    s3?.destroy();
    await Promise.all([owner?.remove(), operator?.remove()]);
  });

  async function start(
    knex: Knex,
    features: any[] = [],
    explicit: string[] = [],
  ) {
    const endpoint = getTestS3().endpoint;
    return startPluginBackend({
      knex,
      features,
      config: {
        aws: {
          accounts: [
            {
              accountId: ACCOUNT,
              accessKeyId: operator.credentials.accessKeyId,
              secretAccessKey: operator.credentials.secretAccessKey,
            },
          ],
        },
        s3Resources: {
          encryption: { keys: [{ id: 'k1', secret: TEST_KEYS.k1 }] },
          endpoints: { allow: [LOCAL_TEST_ENDPOINTS] },
          reconciliation: {
            awsAccounts: [
              {
                accountId: ACCOUNT,
                provider: 'ceph-rgw',
                endpoint,
                buckets: explicit,
              },
            ],
          },
        },
      },
    });
  }

  const keys = () => ({
    method: 'access-key',
    accessKeyId: owner.credentials.accessKeyId,
    secretAccessKey: owner.credentials.secretAccessKey,
  });

  const resourceBody = (resource: string, bucket: string) => ({
    name: resource,
    owner: 'group:default/team-a',
    provider: 'ceph-rgw',
    bucket,
    endpoint: getTestS3().endpoint,
    auth: keys(),
  });

  describe.each(databases.eachSupportedId())('on %p', databaseId => {
    it('finds shadow, ghost and owner-tag entries; an import and a retirement clear them', async () => {
      const knex = await databases.init(databaseId);
      const at = (what: string) => `${name(what)}-${databaseId.length}`;
      const { server, auditor } = await start(
        knex,
        [],
        [at('foreign'), at('nowhere')],
      );
      // Made outside the portal, with the owner's keys.
      for (const b of ['shadow', 'tagged', 'gone']) {
        await s3.send(new CreateBucketCommand({ Bucket: at(b) }));
      }
      // and one of another user, which no source lists
      const other = s3ClientFor('other');
      await other.send(new CreateBucketCommand({ Bucket: at('foreign') }));
      foreign.push(at('foreign'));
      await s3.send(
        new PutBucketTaggingCommand({
          Bucket: at('tagged'),
          Tagging: {
            TagSet: [
              { Key: 'owner', Value: 'group:default/other' },
              { Key: 'cost-center', Value: 'cc-7' },
            ],
          },
        }),
      );
      const create = async (body: object) => {
        const res = await request(server)
          .post(`${API}/resources`)
          .set(asUser())
          .send(body);
        expect([res.status, res.body.error?.message]).toEqual([201, undefined]);
        return res.body as { id: string };
      };
      const tagged = await create(resourceBody(at('tagged-res'), at('tagged')));
      const gone = await create(resourceBody(at('gone-res'), at('gone')));
      await s3.send(new DeleteBucketCommand({ Bucket: at('gone') }));

      const sweep = async () => {
        const res = await request(server)
          .post(`${API}/audit/sweep`)
          .set(asUser('carol'));
        expect(res.status).toBe(202);
      };
      const entries = async (query: Record<string, string> = {}) => {
        const res = await request(server)
          .get(`${API}/audit/reconciliation`)
          .query({ limit: 500, ...query })
          .set(asUser('carol'));
        expect(res.status).toBe(200);
        return res.body as ReconciliationPage;
      };
      const of = (page: ReconciliationPage, bucket: string) =>
        page.items.filter(e => e.bucket === bucket);

      await sweep();
      const first = await entries();
      expect(of(first, at('shadow'))).toEqual([
        expect.objectContaining({
          kind: 'shadow',
          source: expect.objectContaining({
            provider: 'ceph-rgw',
            credential: expect.objectContaining({ kind: 'resource' }),
          }),
        }),
      ]);
      expect(of(first, at('gone'))).toEqual([
        expect.objectContaining({
          kind: 'ghost',
          resourceId: gone.id,
          message: expect.stringContaining('no longer exists'),
        }),
      ]);
      const mismatch = of(first, at('tagged'));
      expect(mismatch).toEqual([
        expect.objectContaining({
          kind: 'owner-mismatch',
          resourceId: tagged.id,
          owner: 'group:default/team-a',
          tagOwner: 'group:default/other',
          tagKey: 'owner',
        }),
      ]);
      // the command sets the owner tag and keeps the other tags
      expect(mismatch[0].alignCommand).toContain('put-bucket-tagging');
      expect(mismatch[0].alignCommand).toContain(
        '{"Key":"owner","Value":"group:default/team-a"}',
      );
      expect(mismatch[0].alignCommand).toContain('cc-7');
      // Explicit names of the operator's account: a bucket it does not own
      // is not in its listing; HeadBucket finds it (403: it exists), and a
      // name that does not exist is no entry.
      expect(of(first, at('foreign'))).toEqual([
        expect.objectContaining({
          kind: 'shadow',
          source: expect.objectContaining({
            credential: { kind: 'aws-account', accountId: ACCOUNT },
          }),
          message: expect.stringContaining('denied HeadBucket (HTTP 403)'),
        }),
      ]);
      expect(of(first, at('nowhere'))).toEqual([]);
      // the account's own source status names what it listed and spent
      const account = first.sources.find(
        s => s.credential.kind === 'aws-account',
      );
      expect(account).toMatchObject({ bucketsListed: 0 });
      expect(account!.calls).toBeGreaterThanOrEqual(3);
      expect(
        first.sources.every(
          s => !JSON.stringify(s).includes(owner.credentials.secretAccessKey),
        ),
      ).toBe(true);
      expect(JSON.stringify(first)).not.toContain(
        owner.credentials.accessKeyId,
      );

      // Import the shadow bucket from the entry's source.
      const shadow = of(first, at('shadow'))[0] as ReconciliationEntry;
      const imported = await request(server)
        .post(`${API}/import`)
        .set(asUser())
        .send({
          source: {
            provider: shadow.source.provider,
            endpoint: shadow.source.endpoint,
            region: shadow.source.region,
            auth: keys(),
          },
          buckets: [{ bucket: at('shadow'), owner: 'group:default/team-a' }],
        });
      expect(imported.status).toBe(200);
      // Retire the ghost: the resource delete, audited.
      const retired = await request(server)
        .delete(`${API}/resources/${gone.id}`)
        .set(asUser());
      expect(retired.status).toBe(204);
      expect(
        auditor.events.some(
          e =>
            e.eventId === 'resource-delete' &&
            (e.meta as { resourceId?: string }).resourceId === gone.id,
        ),
      ).toBe(true);

      await sweep();
      const second = await entries();
      expect(of(second, at('shadow'))).toEqual([]);
      expect(of(second, at('gone'))).toEqual([]);
      const again = of(second, at('tagged'))[0];
      expect(again.firstSeenAt).toBe(mismatch[0].firstSeenAt);
      expect(Date.parse(again.lastSeenAt)).toBeGreaterThan(
        Date.parse(mismatch[0].lastSeenAt),
      );
      // filters and the audited export
      expect(
        (await entries({ kind: 'owner-mismatch' })).items.every(
          e => e.kind === 'owner-mismatch',
        ),
      ).toBe(true);
      const csv = await request(server)
        .get(`${API}/audit/reconciliation`)
        .query({ format: 'csv' })
        .set(asUser('carol'));
      expect(csv.status).toBe(200);
      expect(csv.text.split('\n')[0]).toBe(
        'kind,bucket,sourceProvider,sourceEndpoint,sourceCredential,resourceName,owner,tagOwner,message,firstSeenAt,lastSeenAt,resourceId,id',
      );
      expect(csv.text).toContain(at('tagged'));
      expect(
        auditor.events.some(e => e.eventId === 'reconciliation-export'),
      ).toBe(true);
      await s3.send(new DeleteBucketCommand({ Bucket: at('shadow') }));
      other.destroy();
    });

    it('is for the platform: no s3.audit.read, 403; no s3.resource.delete, no retirement', async () => {
      const knex = await databases.init(databaseId);
      const deny = (names: string[]) =>
        mockServices.permissions.mock({
          authorize: async requests =>
            requests.map(r => ({
              result: names.includes(r.permission.name)
                ? AuthorizeResult.DENY
                : AuthorizeResult.ALLOW,
            })) as never,
          authorizeConditional: async requests =>
            requests.map(r => ({
              result: names.includes(r.permission.name)
                ? AuthorizeResult.DENY
                : AuthorizeResult.ALLOW,
            })) as never,
        }).factory;
      const { server } = await start(knex, [
        deny(['s3.audit.read', 's3.resource.delete']),
      ]);
      const list = await request(server)
        .get(`${API}/audit/reconciliation`)
        .set(asUser('mallory'));
      expect(list.status).toBe(403);
      expect(list.body.error.message).toContain('s3.audit.read');
      const exported = await request(server)
        .get(`${API}/audit/reconciliation?format=ndjson`)
        .set(asUser('mallory'));
      expect(exported.status).toBe(403);
      // refused before its parameters are judged
      const tooMany = await request(server)
        .get(`${API}/audit/reconciliation?limit=100000`)
        .set(asUser('mallory'));
      expect(tooMany.status).toBe(403);
      const created = await request(server)
        .post(`${API}/resources`)
        .set(asUser('mallory'))
        .send(resourceBody(name('keep'), name('keep-bucket')));
      expect(created.status).toBe(201);
      const retire = await request(server)
        .delete(`${API}/resources/${created.body.id}`)
        .set(asUser('mallory'));
      expect(retire.status).toBe(403);
    });
  });
});
