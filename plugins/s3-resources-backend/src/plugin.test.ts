import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { createTestDatabases } from '@internal/s3-test-harness';
import request from 'supertest';
import { s3ResourcesPlugin } from './plugin';

jest.setTimeout(60_000);

const SECRET = 'plugin-test-secret-value-0001';

const validBody = (name: string) => ({
  name,
  owner: 'group:default/team-a',
  provider: 'ceph-rgw',
  bucket: `${name}-bucket`,
  endpoint: 'http://127.0.0.1:7480',
  auth: {
    method: 'access-key',
    accessKeyId: 'AKIDPLUGINTEST000001',
    secretAccessKey: SECRET,
  },
});

describe('s3-resources plugin over HTTP', () => {
  const databases = createTestDatabases();

  describe.each(databases.eachSupportedId())('on %p', databaseId => {
    async function start() {
      const knex = await databases.init(databaseId);
      const { server } = await startTestBackend({
        features: [
          s3ResourcesPlugin,
          mockServices.database.factory({ knex }),
          mockServices.httpAuth.factory({
            defaultCredentials: mockCredentials.none(),
          }),
          mockServices.rootConfig.factory({
            data: {
              app: { baseUrl: 'http://localhost:3000' },
              s3Resources: {
                endpoints: {
                  allow: [
                    {
                      host: '127.0.0.1',
                      ports: [7480],
                      allowHttp: true,
                      allowPrivateAddresses: true,
                    },
                  ],
                },
                encryption: {
                  keys: [
                    {
                      id: 'k1',
                      secret: Buffer.alloc(32, 7).toString('base64'),
                    },
                  ],
                },
              },
            },
          }),
        ],
      });
      return { server, knex };
    }

    const asAlice = {
      Authorization: mockCredentials.user.header('user:default/alice'),
    };

    it('stores a valid resource, lists it, and never returns the secret', async () => {
      const { server, knex } = await start();
      const created = await request(server)
        .post('/api/s3-resources/resources')
        .set(asAlice)
        .send(validBody('media'));
      expect(created.status).toBe(201);
      expect(created.body.auth).toEqual({
        method: 'access-key',
        // shown whole to who may update it, to rotate the secret under it
        accessKeyId: 'AKIDPLUGINTEST000001',
        hasSecret: true,
      });
      expect(created.body.cors.origins).toEqual(['http://localhost:3000']);
      expect(JSON.stringify(created.body)).not.toContain(SECRET);

      const list = await request(server)
        .get('/api/s3-resources/resources')
        .set(asAlice);
      expect(list.status).toBe(200);
      expect(list.body.totalCount).toBe(1);
      expect(list.body.items[0].id).toBe(created.body.id);
      expect(JSON.stringify(list.body)).not.toContain(SECRET);

      const one = await request(server)
        .get(`/api/s3-resources/resources/${created.body.id}`)
        .set(asAlice);
      expect(one.body.name).toBe('media');

      // at rest the secret is ciphertext only
      const row = await knex('s3_resources').first();
      expect(JSON.stringify(row)).not.toContain(SECRET);
      expect(row.secret_key_id).toBe('k1');
    });

    it('refuses a duplicate bucket on the same endpoint with 409', async () => {
      const { server } = await start();
      await request(server)
        .post('/api/s3-resources/resources')
        .set(asAlice)
        .send(validBody('first'))
        .expect(201);
      const dup = await request(server)
        .post('/api/s3-resources/resources')
        .set(asAlice)
        .send({ ...validBody('second'), bucket: 'first-bucket' });
      expect(dup.status).toBe(409);
    });

    it('refuses bad input naming the field and rule, and stores nothing', async () => {
      const { server, knex } = await start();
      const bad = await request(server)
        .post('/api/s3-resources/resources')
        .set(asAlice)
        .send({ ...validBody('bad'), bucket: 'Bad_Bucket' });
      expect(bad.status).toBe(400);
      expect(bad.body.error.message).toContain('bucket');
      expect(bad.body.error.message).toContain('bucket-charset');
      const unknown = await request(server)
        .post('/api/s3-resources/resources')
        .set(asAlice)
        .send({ ...validBody('bad2'), color: 'blue' });
      expect(unknown.status).toBe(400);
      expect(unknown.body.error.message).toContain('unknown-field');
      const [{ n }] = await knex('s3_resources').count({ n: '*' });
      expect(Number(n)).toBe(0);
    });

    it('answers 401 without credentials', async () => {
      const { server } = await start();
      const response = await request(server).get('/api/s3-resources/resources');
      expect(response.status).toBe(401);
    });
  });
});
