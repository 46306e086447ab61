import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  TestBucket,
  TestRole,
  TestUser,
  createTestBucket,
  createTestRole,
  trustPolicyFor,
  createTestDatabases,
  getTestS3,
  requireEnforcingServer,
} from '@internal/s3-test-harness';
import { AuditFinding } from '@s3-resources/plugin-s3-resources-common';
import { Knex } from 'knex';
import request from 'supertest';
import {
  TestServer,
  startRecordingProxy,
} from '../__testUtils__/networkServers';
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

  const track = <T extends TestBucket | TestRole>(x: T): T => {
    cleanups.push(() => x.cleanup());
    return x;
  };
  const servers: TestServer[] = [];
  afterEach(async () => {
    for (const s of servers.splice(0)) await s.close();
  });

  /** A proxy in front of the test server that records what the backend sends. */
  async function recorder() {
    const rgw = new URL(getTestS3().endpoint);
    const proxy = await startRecordingProxy({
      host: rgw.hostname,
      port: Number(rgw.port),
    });
    servers.push(proxy);
    return proxy;
  }

  describe.each(databases.eachSupportedId())('on %p', databaseId => {
    async function setup(extraPorts: number[] = []) {
      const knex: Knex = await databases.init(databaseId);
      const backend = await startPluginBackend({
        knex,
        config: {
          s3Resources: {
            encryption: { keys: [{ id: 'k1', secret: TEST_KEYS.k1 }] },
            endpoints: {
              allow: [
                {
                  ...LOCAL_TEST_ENDPOINTS,
                  ports: [...LOCAL_TEST_ENDPOINTS.ports, ...extraPorts],
                },
              ],
            },
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
        'is also stored for 1 other resource: hyg-b.',
      );
      expect(sharedB.message).toContain(
        'is also stored for 1 other resource: hyg-a.',
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

    it('finds a role that can be assumed without the ExternalId (RGW cannot require one), asking once per role while the answer is kept', async () => {
      const proxy = await recorder();
      const { create, sweep, findings } = await setup([proxy.port]);
      const { bucket } = track(await createTestBucket('hyg-role'));
      const role = track(
        await createTestRole({
          trustPolicy: trustPolicyFor('tester'),
          rolePolicy: {
            Version: '2012-10-17',
            Statement: [
              {
                Effect: 'Allow',
                Action: ['s3:ListBucket', 's3:GetBucketLocation'],
                Resource: [`arn:aws:s3:::${bucket}`],
              },
            ],
          },
        }),
      );
      const viaRole = (name: string, prefix: string) =>
        create({
          name,
          bucket,
          prefix,
          endpoint: proxy.url,
          auth: {
            method: 'assume-role',
            roleArn: role.roleArn,
            source: keysOf('tester'),
          },
        });
      const a = await viaRole('hyg-role-a', 'a/');
      const b = await viaRole('hyg-role-b', 'b/');
      const plain = await create({
        name: 'hyg-role-plain',
        bucket,
        prefix: 'plain/',
        auth: keysOf('other'),
      });
      const assumeRoles = (withExternalId: boolean) =>
        proxy.requests
          .map(r => new URLSearchParams(r.body))
          .filter(
            p =>
              p.get('Action') === 'AssumeRole' &&
              p.has('ExternalId') === withExternalId,
          );

      expect(await sweep()).toMatchObject({ outcome: 'success' });
      for (const [resource, name] of [
        [a, 'hyg-role-a'],
        [b, 'hyg-role-b'],
      ] as const) {
        const [trust] = await findings(
          resource.id,
          'role-trust-no-external-id',
        );
        expect(trust).toMatchObject({ severity: 'low' });
        expect(trust.message).toContain(
          `Role ${role.roleArn} of ${name} can be assumed without the resource's ExternalId (AssumeRole without an ExternalId succeeded on `,
        );
        expect(trust.message).toContain(
          'Ceph RADOS Gateway cannot require one (it denies AssumeRole whenever a trust policy has a condition on sts:ExternalId)',
        );
        expect(trust.fix).toContain(
          `aws iam get-role --role-name ${role.roleName}`,
        );
      }
      expect(await findings(plain.id, 'role-trust-no-external-id')).toEqual([]);
      // one probe for the role and its source, for both resources, named as such
      const probes = assumeRoles(false);
      expect(probes).toHaveLength(1);
      expect(probes[0].get('RoleArn')).toBe(role.roleArn);
      expect(probes[0].get('RoleSessionName')).toBe('s3r-no-external-id-probe');
      // the tests (and storage scans) assume it with the ExternalId
      const withExternalId = assumeRoles(true).length;
      expect(withExternalId).toBeGreaterThanOrEqual(2);

      // the next sweep tests again and keeps the answer: no second probe
      await sweep();
      expect(assumeRoles(true).length).toBeGreaterThanOrEqual(
        withExternalId + 2,
      );
      expect(assumeRoles(false)).toHaveLength(1);
      expect(await findings(a.id, 'role-trust-no-external-id')).toHaveLength(1);
    });
  });
});
