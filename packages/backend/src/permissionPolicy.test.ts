import { mockServices } from '@backstage/backend-test-utils';
import { createTestDatabases } from '@internal/s3-test-harness';
import request from 'supertest';
import {
  startPortalBackend,
  allowLocalEndpoint,
  asUser,
} from './__testUtils__/portalBackend';

jest.setTimeout(90_000);

// Who belongs to which groups, as the catalog would say.
const MEMBERSHIP: Record<string, string[]> = {
  'user:default/alice': ['group:default/team-a'],
  'user:default/bob': ['group:default/team-b'],
  'user:default/carol': ['group:default/platform-team'],
};

const body = (name: string, owner: string) => ({
  name,
  owner,
  provider: 'ceph-rgw',
  bucket: `${name}-bucket`,
  endpoint: 'http://127.0.0.1:7480',
  auth: {
    method: 'assume-role',
    roleArn: 'arn:aws:iam:::role/portal-reader',
    source: {
      method: 'access-key',
      accessKeyId: 'AKIDPOLICYTEST000001',
      secretAccessKey: 'policy-test-secret',
    },
  },
});

describe('the portal permission policy for S3 resources', () => {
  const databases = createTestDatabases();

  describe.each(databases.eachSupportedId())('on %p', databaseId => {
    async function start() {
      const knex = await databases.init(databaseId);
      const { server } = await startPortalBackend({
        database: mockServices.database.factory({ knex }),
        membership: MEMBERSHIP,
        s3Resources: allowLocalEndpoint('http://127.0.0.1:7480'),
      });
      const created = await request(server)
        .post('/api/s3-resources/resources')
        .set(asUser('alice'))
        .send(body('team-a-media', 'group:default/team-a'));
      expect(created.status).toBe(201);
      return { server, resource: created.body };
    }

    it('lets everyone signed in read, and nobody unauthenticated', async () => {
      const { server, resource } = await start();
      const asBob = await request(server)
        .get(`/api/s3-resources/resources/${resource.id}`)
        .set(asUser('bob'));
      expect(asBob.status).toBe(200);
      const list = await request(server)
        .get('/api/s3-resources/resources')
        .set(asUser('bob'));
      expect(list.body.totalCount).toBe(1);
      const anonymous = await request(server).get(
        '/api/s3-resources/resources',
      );
      expect(anonymous.status).toBe(401);
    });

    it('shows the external ID to owners only', async () => {
      const { server, resource } = await start();
      expect(resource.auth.externalId).toMatch(/^[A-Za-z0-9_-]{43}$/);
      const asBob = await request(server)
        .get(`/api/s3-resources/resources/${resource.id}`)
        .set(asUser('bob'));
      expect(asBob.body.auth.externalId).toBeUndefined();
      expect(asBob.body.auth.roleArn).toBe('arn:aws:iam:::role/portal-reader');
    });

    it('lets owners change and delete their resources, and not others', async () => {
      const { server, resource } = await start();
      const denied = await request(server)
        .patch(`/api/s3-resources/resources/${resource.id}`)
        .set(asUser('bob'))
        .send({ version: resource.version, description: 'hijacked' });
      expect(denied.status).toBe(403);
      const deniedDelete = await request(server)
        .delete(`/api/s3-resources/resources/${resource.id}`)
        .set(asUser('bob'));
      expect(deniedDelete.status).toBe(403);

      const allowed = await request(server)
        .patch(`/api/s3-resources/resources/${resource.id}`)
        .set(asUser('alice'))
        .send({ version: resource.version, description: 'Media of team A' });
      expect(allowed.status).toBe(200);
      expect(allowed.body.description).toBe('Media of team A');
      expect(allowed.body.version).toBe(resource.version + 1);

      const deleted = await request(server)
        .delete(`/api/s3-resources/resources/${resource.id}`)
        .set(asUser('alice'));
      expect(deleted.status).toBe(204);
    });

    it('lets the platform group do everything and read the audit trail', async () => {
      const { server, resource } = await start();
      const patched = await request(server)
        .patch(`/api/s3-resources/resources/${resource.id}`)
        .set(asUser('carol'))
        .send({ version: resource.version, tags: ['platform-reviewed'] });
      expect(patched.status).toBe(200);

      const audit = await request(server)
        .get('/api/s3-resources/audit')
        .set(asUser('carol'));
      expect(audit.status).toBe(200);
      expect(audit.body.items.map((i: { action: string }) => i.action)).toEqual(
        ['resource-update', 'resource-create'],
      );
      const rotate = await request(server)
        .post('/api/s3-resources/admin/rotate-keys')
        .set(asUser('carol'));
      expect(rotate.status).toBe(200);
    });

    it('reads platform groups in any spelling of a group ref', async () => {
      const knex = await databases.init(databaseId);
      const { server } = await startPortalBackend({
        database: mockServices.database.factory({ knex }),
        membership: MEMBERSHIP,
        s3Resources: { permissions: { platformGroups: ['Platform-Team'] } },
      });
      const audit = await request(server)
        .get('/api/s3-resources/audit')
        .set(asUser('carol'));
      expect(audit.status).toBe(200);
    });

    it('keeps the audit trail from non-platform users, except their own resources', async () => {
      const { server, resource } = await start();
      const all = await request(server)
        .get('/api/s3-resources/audit')
        .set(asUser('alice'));
      expect(all.status).toBe(403);
      const own = await request(server)
        .get(`/api/s3-resources/audit?resourceId=${resource.id}`)
        .set(asUser('alice'));
      expect(own.status).toBe(200);
      expect(own.body.items).toHaveLength(1);
      const notOwn = await request(server)
        .get(`/api/s3-resources/audit?resourceId=${resource.id}`)
        .set(asUser('bob'));
      expect(notOwn.status).toBe(403);
      const rotate = await request(server)
        .post('/api/s3-resources/admin/rotate-keys')
        .set(asUser('alice'));
      expect(rotate.status).toBe(403);
    });
  });
});
