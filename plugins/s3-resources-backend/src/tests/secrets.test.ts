import { ConfigReader } from '@backstage/config';
import { mockServices } from '@backstage/backend-test-utils';
import { createTestDatabases } from '@internal/s3-test-harness';
import request from 'supertest';
import { SecretBox } from '../crypto/SecretBox';
import {
  SECRET,
  TEST_KEYS,
  asUser,
  startPluginBackend,
  validBody,
} from '../__testUtils__/testBackend';

jest.setTimeout(120_000);

describe('secrets', () => {
  const databases = createTestDatabases();

  describe.each(databases.eachSupportedId())('on %p', databaseId => {
    it('never appear in a response body or a log line, even on failures', async () => {
      const knex = await databases.init(databaseId);
      const { server, logger } = await startPluginBackend({ knex });
      const bodies: string[] = [];
      const call = async (r: request.Test) => {
        const res = await r;
        bodies.push(res.text);
        return res;
      };
      const created = await call(
        request(server)
          .post('/api/s3-resources/resources')
          .set(asUser())
          .send(validBody('secretive')),
      );
      const id = created.body.id;
      await call(
        request(server).get(`/api/s3-resources/resources/${id}`).set(asUser()),
      );
      await call(
        request(server).get('/api/s3-resources/resources').set(asUser()),
      );
      await call(
        request(server)
          .patch(`/api/s3-resources/resources/${id}`)
          .set(asUser())
          .send({
            version: 1,
            auth: {
              method: 'access-key',
              accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
              secretAccessKey: `${SECRET}-rotated`,
            },
          }),
      );
      // failures: bad bucket, stale version, duplicate — all carrying the secret
      await call(
        request(server)
          .post('/api/s3-resources/resources')
          .set(asUser())
          .send(validBody('bad', { bucket: 'BAD' })),
      );
      await call(
        request(server)
          .patch(`/api/s3-resources/resources/${id}`)
          .set(asUser())
          .send({
            version: 1,
            auth: {
              method: 'access-key',
              accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
              secretAccessKey: SECRET,
            },
          }),
      );
      await call(
        request(server)
          .post('/api/s3-resources/resources')
          .set(asUser())
          .send(validBody('secretive')),
      );
      await call(
        request(server)
          .get(`/api/s3-resources/resources/${id}/policies`)
          .set(asUser()),
      );
      await call(request(server).get('/api/s3-resources/audit').set(asUser()));

      expect(bodies).toHaveLength(9);
      for (const body of bodies) {
        expect(body).not.toContain(SECRET);
      }
      // the key ID is no secret: shown whole only in the resource to who may
      // update it (to rotate the secret under it), never in the audit or a log
      expect(bodies[bodies.length - 1]).not.toContain('AKIAIOSFODNN7EXAMPLE');
      expect(logger.lines.length).toBeGreaterThan(0);
      expect(logger.text()).not.toContain(SECRET);
      expect(logger.text()).not.toContain('AKIAIOSFODNN7EXAMPLE');
      const rows = await knex('s3_resources').select(
        'secret',
        'auth',
        'settings',
      );
      expect(JSON.stringify(rows)).not.toContain(SECRET);
    });

    it('rotates every secret to the newest key; old rows keep decrypting until then', async () => {
      const knex = await databases.init(databaseId);
      const first = await startPluginBackend({ knex });
      for (const name of ['one', 'two', 'three']) {
        await request(first.server)
          .post('/api/s3-resources/resources')
          .set(asUser())
          .send(validBody(name))
          .expect(201);
      }
      await first.stop();

      // k2 becomes active; k1 stays listed so existing rows still decrypt
      const second = await startPluginBackend({
        knex,
        keys: [
          { id: 'k2', secret: TEST_KEYS.k2 },
          { id: 'k1', secret: TEST_KEYS.k1 },
        ],
      });
      await request(second.server)
        .post('/api/s3-resources/resources')
        .set(asUser())
        .send(validBody('four'))
        .expect(201);
      const before = await knex('s3_resources').select('secret_key_id');
      expect(before.map(r => r.secret_key_id).sort()).toEqual([
        'k1',
        'k1',
        'k1',
        'k2',
      ]);

      const rotated = await request(second.server)
        .post('/api/s3-resources/admin/rotate-keys')
        .set(asUser());
      expect(rotated.status).toBe(200);
      expect(rotated.body).toEqual({
        rotated: 3,
        remaining: 0,
        activeKeyId: 'k2',
      });
      await second.stop();

      const rows = await knex('s3_resources').select(
        'id',
        'secret',
        'secret_key_id',
      );
      const onlyK2 = SecretBox.forTesting([
        { id: 'k2', secret: Buffer.from(TEST_KEYS.k2, 'base64') },
      ]);
      for (const row of rows) {
        expect(row.secret_key_id).toBe('k2');
        expect(
          JSON.parse(onlyK2.decrypt(JSON.parse(row.secret), row.id)),
        ).toEqual({
          secretAccessKey: SECRET,
        });
      }
      // with k1 gone, the backend still starts: nothing needs it any more
      const third = await startPluginBackend({
        knex,
        keys: [{ id: 'k2', secret: TEST_KEYS.k2 }],
      });
      await third.stop();
    });

    it('refuses to start when a stored secret key is missing or wrong', async () => {
      const knex = await databases.init(databaseId);
      const first = await startPluginBackend({ knex });
      await request(first.server)
        .post('/api/s3-resources/resources')
        .set(asUser())
        .send(validBody('guarded'))
        .expect(201);
      await first.stop();

      await expect(
        startPluginBackend({
          knex,
          keys: [{ id: 'k2', secret: TEST_KEYS.k2 }],
        }),
      ).rejects.toThrow(
        /key\(s\) k1 that are not in s3Resources\.encryption\.keys/,
      );
      await expect(
        startPluginBackend({
          knex,
          keys: [{ id: 'k1', secret: TEST_KEYS.k2 }],
        }),
      ).rejects.toThrow(/key "k1" does not decrypt the stored secrets/);
    });
  });
});

describe('production safeguards at start-up', () => {
  const databases = createTestDatabases();
  const DEV_ONLY_KEY = {
    id: 'dev-only',
    secret: 'ZGV2LW9ubHkta2V5LW5vdC1mb3ItcHJvZHVjdGlvbiE=',
  };
  const saved = process.env.NODE_ENV;
  afterEach(() => {
    process.env.NODE_ENV = saved;
  });

  const startWith = async (nodeEnv: string | undefined, app: object) => {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
    const knex = await databases.init('SQLITE_3');
    const backend = await startPluginBackend({
      knex,
      keys: [DEV_ONLY_KEY],
      config: { app },
    });
    await backend.stop();
  };

  it.each([
    [undefined, { baseUrl: 'http://localhost:3000' }],
    ['staging', { baseUrl: 'http://localhost:3000' }],
    ['test', { baseUrl: 'https://backstage.example.com' }],
  ])(
    'refuses the public development key with NODE_ENV %p and app %j',
    async (nodeEnv, app) => {
      await expect(startWith(nodeEnv, app)).rejects.toThrow(
        /public development key/,
      );
    },
  );

  it('accepts it in local development (NODE_ENV test or development, localhost)', async () => {
    await expect(
      startWith('test', { baseUrl: 'http://localhost:3000' }),
    ).resolves.toBeUndefined();
    await expect(
      startWith('development', { baseUrl: 'http://localhost:3000' }),
    ).resolves.toBeUndefined();
  });
});

describe('SecretBox configuration', () => {
  const logger = mockServices.logger.mock();
  const config = (keys?: unknown) =>
    new ConfigReader(keys ? { s3Resources: { encryption: { keys } } } : {});

  it('refuses production without a key, with the public dev key, or with a short key', () => {
    expect(() =>
      SecretBox.fromConfig(config(), { logger, production: true }),
    ).toThrow(/refusing to start in production/);
    expect(() =>
      SecretBox.fromConfig(
        config([
          {
            id: 'dev-only',
            secret: 'ZGV2LW9ubHkta2V5LW5vdC1mb3ItcHJvZHVjdGlvbiE=',
          },
        ]),
        { logger, production: true },
      ),
    ).toThrow(/public development key/);
    expect(() =>
      SecretBox.fromConfig(config([{ id: 'short', secret: 'c2hvcnQ=' }]), {
        logger,
        production: false,
      }),
    ).toThrow(/must be 32 bytes/);
  });

  it('binds a ciphertext to its row', () => {
    const box = SecretBox.forTesting([
      { id: 'k', secret: Buffer.alloc(32, 3) },
    ]);
    const envelope = box.encrypt('s3cr3t', 'row-a');
    expect(box.decrypt(envelope, 'row-a')).toBe('s3cr3t');
    expect(() => box.decrypt(envelope, 'row-b')).toThrow();
    expect(JSON.stringify(envelope)).not.toContain('s3cr3t');
  });
});
