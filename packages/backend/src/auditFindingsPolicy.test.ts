import { mockServices } from '@backstage/backend-test-utils';
import { createTestDatabases } from '@internal/s3-test-harness';
import request from 'supertest';
import {
  startPortalBackend,
  allowLocalEndpoint,
  asUser,
} from './__testUtils__/portalBackend';

jest.setTimeout(120_000);

// Who belongs to which groups, as the catalog would say.
const MEMBERSHIP: Record<string, string[]> = {
  'user:default/alice': ['group:default/team-a'],
  'user:default/bob': ['group:default/team-b'],
  'user:default/carol': ['group:default/platform-team'],
  'user:default/dave': [],
};

/** A resource whose test fails (no such key on the local server): one finding at least. */
const body = (name: string, owner: string) => ({
  name,
  owner,
  provider: 'ceph-rgw',
  bucket: `${name}-bucket`,
  endpoint: 'http://127.0.0.1:7480',
  defaultAcl: 'public-read',
  auth: {
    method: 'access-key',
    accessKeyId: 'AKIDPOLICYTEST000001',
    secretAccessKey: 'policy-test-secret',
  },
});

type Finding = { resourceName: string; kind: string; message: string };
const names = (items: Finding[]) =>
  [...new Set(items.map(f => f.resourceName))].sort();

describe('audit findings and sweeps under the portal permission policy', () => {
  const databases = createTestDatabases();

  describe.each(databases.eachSupportedId())('on %p', databaseId => {
    async function start() {
      const knex = await databases.init(databaseId);
      const { server } = await startPortalBackend({
        database: mockServices.database.factory({ knex }),
        membership: MEMBERSHIP,
        s3Resources: {
          ...allowLocalEndpoint('http://127.0.0.1:7480'),
          connectionTest: { deadlineMs: 3000 },
          // the scheduled sweep on, as in production
          audit: {},
        },
      });
      for (const [user, name, owner] of [
        ['alice', 'team-a-media', 'group:default/team-a'],
        ['bob', 'team-b-media', 'group:default/team-b'],
      ]) {
        const created = await request(server)
          .post('/api/s3-resources/resources')
          .set(asUser(user))
          .send(body(name, owner));
        expect(created.status).toBe(201);
      }
      return server;
    }

    it('lets only the platform group start a sweep and read the sweep runs', async () => {
      const server = await start();
      for (const user of ['alice', 'bob', 'dave']) {
        const trigger = await request(server)
          .post('/api/s3-resources/audit/sweep')
          .set(asUser(user));
        expect([user, trigger.status]).toEqual([user, 403]);
        const runs = await request(server)
          .get('/api/s3-resources/audit/sweeps')
          .set(asUser(user));
        expect([user, runs.status]).toEqual([user, 403]);
      }
      const none = await request(server).post('/api/s3-resources/audit/sweep');
      expect(none.status).toBe(401);

      const trigger = await request(server)
        .post('/api/s3-resources/audit/sweep')
        .set(asUser('carol'));
      expect(trigger.status).toBe(202);
      const runs = await request(server)
        .get('/api/s3-resources/audit/sweeps')
        .set(asUser('carol'));
      expect(runs.status).toBe(200);
      expect(runs.body.items).toEqual([
        expect.objectContaining({ outcome: 'success', resourcesChecked: 2 }),
      ]);
      // the refused triggers are in the audit trail as failures
      const audit = await request(server)
        .get('/api/s3-resources/audit')
        .query({ action: 'audit-sweep-trigger' })
        .set(asUser('carol'));
      expect(
        audit.body.items.map((i: { actor: string; outcome: string }) => [
          i.actor,
          i.outcome,
        ]),
      ).toEqual([
        ['user:default/carol', 'success'],
        ['user:default/dave', 'failure'],
        ['user:default/bob', 'failure'],
        ['user:default/alice', 'failure'],
      ]);
    });

    it('shows the platform group every finding, owners their own, others none', async () => {
      const server = await start();
      await request(server)
        .post('/api/s3-resources/audit/sweep')
        .set(asUser('carol'))
        .expect(202);

      const read = async (user: string, query: Record<string, string> = {}) => {
        const res = await request(server)
          .get('/api/s3-resources/findings')
          .query(query)
          .set(asUser(user));
        expect(res.status).toBe(200);
        return res.body as { items: Finding[]; totalCount: number };
      };
      const all = await read('carol');
      expect(names(all.items)).toEqual(['team-a-media', 'team-b-media']);
      // a failing test and a public default ACL on each, and the key both store
      expect(all.items.map(f => f.kind).sort()).toEqual([
        'access-key-shared',
        'access-key-shared',
        'public-acl',
        'public-acl',
        'test-failing',
        'test-failing',
      ]);
      expect(names((await read('alice')).items)).toEqual(['team-a-media']);
      expect(names((await read('bob')).items)).toEqual(['team-b-media']);
      expect(await read('dave')).toEqual({ items: [], totalCount: 0 });
      // filtering by another team's owner does not widen what alice sees
      expect(
        (await read('alice', { owner: 'group:default/team-b' })).totalCount,
      ).toBe(0);

      const summary = async (user: string) =>
        (
          await request(server)
            .get('/api/s3-resources/findings/summary')
            .set(asUser(user))
        ).body;
      expect(await summary('carol')).toMatchObject({ total: 6, resources: 2 });
      expect(await summary('alice')).toMatchObject({
        total: 3,
        resources: 1,
        byKind: { 'access-key-shared': 1, 'public-acl': 1, 'test-failing': 1 },
      });
      expect(await summary('dave')).toMatchObject({ total: 0, resources: 0 });

      const exported = await request(server)
        .get('/api/s3-resources/findings')
        .query({ format: 'ndjson' })
        .set(asUser('bob'));
      expect(exported.status).toBe(200);
      const lines = exported.text
        .trim()
        .split('\n')
        .map(l => JSON.parse(l) as Finding);
      expect(lines).toHaveLength(3);
      expect(names(lines)).toEqual(['team-b-media']);
      // the shared key's finding counts team a's resource, never names it
      expect(
        lines.find(l => l.kind === 'access-key-shared')?.message,
      ).toContain('1 of another owner');
      const csv = await request(server)
        .get('/api/s3-resources/findings')
        .query({ format: 'csv' })
        .set(asUser('bob'));
      expect(csv.text).not.toContain('team-a-media');

      const anonymous = await request(server).get('/api/s3-resources/findings');
      expect(anonymous.status).toBe(401);
    });
  });
});
