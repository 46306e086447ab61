import { createTestDatabases } from '@internal/s3-test-harness';
import request from 'supertest';
import { randomUUID } from 'node:crypto';
import {
  SECRET,
  asUser,
  startPluginBackend,
  validBody,
} from '../__testUtils__/testBackend';

jest.setTimeout(120_000);

describe('resource lifecycle over HTTP', () => {
  const databases = createTestDatabases();

  describe.each(databases.eachSupportedId())('on %p', databaseId => {
    it('creates, reads, updates with version checks, and deletes', async () => {
      const knex = await databases.init(databaseId);
      const { server } = await startPluginBackend({ knex });
      const api = '/api/s3-resources/resources';

      const created = await request(server)
        .post(api)
        .set(asUser())
        .send(validBody('lifecycle'));
      expect(created.status).toBe(201);
      const { id, version } = created.body;
      expect(version).toBe(1);

      const updated = await request(server)
        .patch(`${api}/${id}`)
        .set(asUser())
        .send({ version, description: 'Now with a description' });
      expect(updated.status).toBe(200);
      expect(updated.body.version).toBe(2);
      expect(updated.body.description).toBe('Now with a description');
      // omitting the secret keeps the stored one
      expect(updated.body.auth.hasSecret).toBe(true);

      // a stale version is refused and changes nothing
      const stale = await request(server)
        .patch(`${api}/${id}`)
        .set(asUser())
        .send({ version: 1, description: 'lost update' });
      expect(stale.status).toBe(409);
      expect(stale.body.error.message).toMatch(/version 2.*you sent 1/);
      const after = await request(server).get(`${api}/${id}`).set(asUser());
      expect(after.body.description).toBe('Now with a description');
      expect(after.body.version).toBe(2);

      // a new access key ID without its secret is refused; the stored one is kept
      const noSecret = await request(server)
        .patch(`${api}/${id}`)
        .set(asUser())
        .send({
          version: 2,
          auth: { method: 'access-key', accessKeyId: 'AKIAOTHERKEY00000002' },
        });
      expect(noSecret.status).toBe(400);
      expect(noSecret.body.error.message).toContain('auth.secretAccessKey');
      const same = await request(server)
        .patch(`${api}/${id}`)
        .set(asUser())
        .send({
          version: 2,
          auth: { method: 'access-key', accessKeyId: 'AKIAIOSFODNN7EXAMPLE' },
        });
      expect(same.status).toBe(200);
      expect(same.body.auth.hasSecret).toBe(true);

      const removed = await request(server)
        .delete(`${api}/${id}`)
        .set(asUser());
      expect(removed.status).toBe(204);
      const gone = await request(server).get(`${api}/${id}`).set(asUser());
      expect(gone.status).toBe(404);
      const goneAgain = await request(server)
        .delete(`${api}/${id}`)
        .set(asUser());
      expect(goneAgain.status).toBe(404);
    });

    it('stores and returns owner and system in one spelling, whatever form was sent', async () => {
      const knex = await databases.init(databaseId);
      const { server } = await startPluginBackend({ knex });
      const api = '/api/s3-resources/resources';
      const created = await request(server)
        .post(api)
        .set(asUser())
        .send(
          validBody('spelled', { owner: 'team-a', system: 'media-pipeline' }),
        );
      expect(created.status).toBe(201);
      expect([created.body.owner, created.body.system]).toEqual([
        'group:default/team-a',
        'system:default/media-pipeline',
      ]);
      const stored = await knex('s3_resources')
        .where({ id: created.body.id })
        .first();
      expect([stored.owner, stored.system]).toEqual([
        'group:default/team-a',
        'system:default/media-pipeline',
      ]);

      const updated = await request(server)
        .patch(`${api}/${created.body.id}`)
        .set(asUser())
        .send({ version: 1, system: 'System:default/Billing' });
      expect(updated.status).toBe(200);
      expect(updated.body.system).toBe('system:default/billing');

      // the owner filter takes any spelling too
      for (const owner of ['team-a', 'group:team-a', 'Group:default/Team-A']) {
        const page = await request(server)
          .get(api)
          .query({ owner })
          .set(asUser());
        expect(page.body.items.map((r: { name: string }) => r.name)).toEqual([
          'spelled',
        ]);
      }
    });

    it('pages through 1,000 resources by name with cursors and filters', async () => {
      const knex = await databases.init(databaseId);
      const { server } = await startPluginBackend({ knex });
      // Seed rows directly: this test is about reading, not 1,000 creates.
      const now = new Date();
      const rows = Array.from({ length: 1000 }, (_, i) => ({
        id: randomUUID(),
        name: `res-${String(i).padStart(4, '0')}`,
        provider: i % 2 ? 'minio' : 'ceph-rgw',
        bucket: `bucket-${i}`,
        region: 'us-east-1',
        endpoint_key: 'http://127.0.0.1:7480',
        prefix_key: '',
        owner: i % 3 ? 'group:default/team-a' : 'group:default/team-b',
        system: null,
        title: null,
        settings: JSON.stringify({
          tags: [],
          endpoint: 'http://127.0.0.1:7480',
          forcePathStyle: true,
          defaultAcl: 'none',
          accessLevel: 'read',
          cors: { origins: [], uploadMode: 'download-only' },
        }),
        auth_method: 'access-key',
        auth: JSON.stringify({ method: 'access-key', accessKeyId: 'AKIDX' }),
        secret: null,
        secret_key_id: null,
        // a failed test has a time and a run, as the API answers it
        last_test_status: i % 10 === 0 ? 'fail' : null,
        last_tested_at: i % 10 === 0 ? now : null,
        last_test_run_id: i % 10 === 0 ? `seed-run-${i}` : null,
        version: 1,
        created_at: now,
        created_by: 'user:default/seed',
        updated_at: now,
        updated_by: 'user:default/seed',
      }));
      for (let i = 0; i < rows.length; i += 100) {
        await knex('s3_resources').insert(rows.slice(i, i + 100));
      }

      const seen: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const page = await request(server)
          .get('/api/s3-resources/resources')
          .query({ limit: 100, ...(cursor ? { cursor } : {}) })
          .set(asUser());
        expect(page.status).toBe(200);
        expect(page.body.totalCount).toBe(1000);
        seen.push(...page.body.items.map((r: { name: string }) => r.name));
        cursor = page.body.nextCursor;
        pages++;
      } while (cursor);
      expect(pages).toBe(10);
      expect(seen).toEqual(rows.map(r => r.name));

      // Z to A, with a filter: pages in the other direction, nothing twice
      const backwards: string[] = [];
      cursor = undefined;
      do {
        const page: request.Response = await request(server)
          .get('/api/s3-resources/resources')
          .query({
            order: 'desc',
            owner: 'group:default/team-a',
            limit: 150,
            ...(cursor ? { cursor } : {}),
          })
          .set(asUser());
        expect(page.status).toBe(200);
        backwards.push(...page.body.items.map((r: { name: string }) => r.name));
        cursor = page.body.nextCursor;
      } while (cursor);
      expect(backwards).toEqual(
        rows
          .filter(r => r.owner === 'group:default/team-a')
          .map(r => r.name)
          .reverse(),
      );
      const badOrder = await request(server)
        .get('/api/s3-resources/resources')
        .query({ order: 'sideways' })
        .set(asUser());
      expect([badOrder.status, badOrder.body.error?.message]).toEqual([
        400,
        'order: must be asc or desc',
      ]);

      const filtered = await request(server)
        .get('/api/s3-resources/resources')
        .query({
          owner: 'group:default/team-b',
          provider: 'ceph-rgw',
          status: 'fail',
          limit: 500,
        })
        .set(asUser());
      const expected = rows.filter(
        (r, i) =>
          r.owner === 'group:default/team-b' &&
          r.provider === 'ceph-rgw' &&
          i % 10 === 0,
      );
      expect(filtered.body.totalCount).toBe(expected.length);
      expect(filtered.body.items.map((r: { name: string }) => r.name)).toEqual(
        expected.map(r => r.name),
      );

      const searched = await request(server)
        .get('/api/s3-resources/resources')
        .query({ q: 'RES-099' })
        .set(asUser());
      expect(searched.body.items.map((r: { name: string }) => r.name)).toEqual([
        'res-0990',
        'res-0991',
        'res-0992',
        'res-0993',
        'res-0994',
        'res-0995',
        'res-0996',
        'res-0997',
        'res-0998',
        'res-0999',
      ]);
      const likeChars = await request(server)
        .get('/api/s3-resources/resources')
        .query({ q: '%' })
        .set(asUser());
      expect(likeChars.body.totalCount).toBe(0);

      const badLimit = await request(server)
        .get('/api/s3-resources/resources')
        .query({ limit: 0 })
        .set(asUser());
      expect(badLimit.status).toBe(400);
      expect(badLimit.body.error.message).toContain('limit');
    });

    it('refuses oversized bodies with 413 and stores nothing', async () => {
      const knex = await databases.init(databaseId);
      const { server } = await startPluginBackend({ knex });
      const huge = await request(server)
        .post('/api/s3-resources/resources')
        .set(asUser())
        .send(validBody('huge', { description: 'x'.repeat(70 * 1024) }));
      expect(huge.status).toBe(413);
      const [{ n }] = await knex('s3_resources').count({ n: '*' });
      expect(Number(n)).toBe(0);
      expect(JSON.stringify(huge.body)).not.toContain(SECRET);
    });
  });
});
