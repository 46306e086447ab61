import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  TestBucket,
  TestUser,
  createTestBucket,
  createTestDatabases,
  getTestS3,
  requireEnforcingServer,
} from '@internal/s3-test-harness';
import { AuditFinding } from '@s3-resources/plugin-s3-resources-common';
import { Knex } from 'knex';
import request from 'supertest';
import {
  LOCAL_TEST_ENDPOINTS,
  TEST_KEYS,
  asUser,
  startPluginBackend,
} from '../__testUtils__/testBackend';

jest.setTimeout(180_000);

const API = '/api/s3-resources';

const keysOf = (user: TestUser) => {
  const { accessKeyId, secretAccessKey } = getTestS3().users[user];
  return { method: 'access-key', accessKeyId, secretAccessKey };
};

describe('credential hygiene in the audit sweep, against Ceph RGW', () => {
  const databases = createTestDatabases();
  const cleanups: Array<() => Promise<void>> = [];

  beforeAll(() => requireEnforcingServer('the credential hygiene tests'));
  afterAll(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  const track = <T extends TestBucket>(x: T): T => {
    cleanups.push(() => x.cleanup());
    return x;
  };

  describe.each(databases.eachSupportedId())('on %p', databaseId => {
    async function setup() {
      const knex: Knex = await databases.init(databaseId);
      const backend = await startPluginBackend({
        knex,
        config: {
          s3Resources: {
            encryption: { keys: [{ id: 'k1', secret: TEST_KEYS.k1 }] },
            endpoints: { allow: [LOCAL_TEST_ENDPOINTS] },
            audit: { concurrency: 2 },
          },
        },
        features: [catalogServiceMock.factory({ entities: [] })],
      });
      const { server } = backend;
      const create = async (body: object) => {
        const res = await request(server)
          .post(`${API}/resources`)
          .set(asUser('alice'))
          .send({
            owner: 'group:default/team-a',
            provider: 'ceph-rgw',
            endpoint: getTestS3().endpoint,
            ...body,
          });
        expect([res.status, res.body.error?.message]).toEqual([201, undefined]);
        return res.body as { id: string; version: number };
      };
      const sweep = async () => {
        await request(server)
          .post(`${API}/audit/sweep`)
          .set(asUser('carol'))
          .expect(202);
        const runs = await request(server)
          .get(`${API}/audit/sweeps`)
          .query({ limit: 1 })
          .set(asUser('carol'));
        return runs.body.items[0];
      };
      const findings = async (resourceId: string, kind: string) => {
        const res = await request(server)
          .get(`${API}/findings`)
          .query({ resourceId, kind })
          .set(asUser('carol'));
        expect(res.status).toBe(200);
        return res.body.items as AuditFinding[];
      };
      return { knex, server, create, sweep, findings };
    }

    it('finds a key stored for several resources on the same service, naming the others, and only there', async () => {
      const { knex, server, create, sweep, findings } = await setup();
      const { bucket } = track(await createTestBucket('hyg-shared'));
      const a = await create({
        name: 'hyg-a',
        bucket,
        prefix: 'a/',
        auth: keysOf('tester'),
      });
      const b = await create({
        name: 'hyg-b',
        bucket,
        prefix: 'b/',
        auth: keysOf('tester'),
      });
      const own = await create({
        name: 'hyg-own',
        bucket,
        prefix: 'own/',
        auth: keysOf('other'),
      });
      // the same key ID on another service is another key
      const elsewhere = await create({
        name: 'hyg-elsewhere',
        bucket,
        prefix: 'elsewhere/',
        auth: keysOf('tester'),
      });
      await knex('s3_resources')
        .where({ id: elsewhere.id })
        .update({ endpoint_key: 'https://s3.elsewhere.example' });

      expect(await sweep()).toMatchObject({ outcome: 'success' });
      const [sharedA] = await findings(a.id, 'access-key-shared');
      const [sharedB] = await findings(b.id, 'access-key-shared');
      expect(sharedA).toMatchObject({ severity: 'medium' });
      expect(sharedA.message).toContain(
        'is also stored for 1 other resource(s): hyg-b.',
      );
      expect(sharedB.message).toContain(
        'is also stored for 1 other resource(s): hyg-a.',
      );
      const testerKey = getTestS3().users.tester.accessKeyId;
      for (const f of [sharedA, sharedB]) {
        expect(JSON.stringify(f)).not.toContain(testerKey);
        expect(JSON.stringify(f)).not.toContain(
          getTestS3().users.tester.secretAccessKey,
        );
      }
      expect(await findings(own.id, 'access-key-shared')).toEqual([]);
      expect(await findings(elsewhere.id, 'access-key-shared')).toEqual([]);

      // once b is gone, a's key is its own: the finding goes
      await request(server)
        .delete(`${API}/resources/${b.id}`)
        .set(asUser('alice'))
        .expect(204);
      await sweep();
      expect(await findings(a.id, 'access-key-shared')).toEqual([]);
    });
  });
});
