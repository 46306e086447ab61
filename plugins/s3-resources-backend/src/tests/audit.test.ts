import { createTestDatabases } from '@internal/s3-test-harness';
import request from 'supertest';
import {
  SECRET,
  asUser,
  startPluginBackend,
  validBody,
} from '../__testUtils__/testBackend';

jest.setTimeout(120_000);

describe('audit trail', () => {
  const databases = createTestDatabases();

  describe.each(databases.eachSupportedId())('on %p', databaseId => {
    it('records every write, failed ones too, as a row and an auditor event', async () => {
      const knex = await databases.init(databaseId);
      const { server, auditor } = await startPluginBackend({ knex });
      const api = '/api/s3-resources/resources';

      const created = await request(server)
        .post(api)
        .set(asUser('alice'))
        .send(validBody('audited'));
      const id = created.body.id;
      await request(server)
        .post(api)
        .set(asUser('bob'))
        .send(validBody('dup', { bucket: 'audited-bucket' }))
        .expect(409);
      await request(server)
        .post(api)
        .set(asUser('bob'))
        .send(validBody('bad', { bucket: 'B' }))
        .expect(400);
      await request(server)
        .patch(`${api}/${id}`)
        .set(asUser('alice'))
        .send({ version: 1, description: 'd', tags: ['x'] })
        .expect(200);
      await request(server)
        .patch(`${api}/${id}`)
        .set(asUser('bob'))
        .send({ version: 1, description: 'stale' })
        .expect(409);
      await request(server)
        .patch(`${api}/${id}`)
        .set(asUser('alice'))
        .send({
          version: 2,
          auth: {
            method: 'access-key',
            accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
            secretAccessKey: `${SECRET}2`,
          },
        })
        .expect(200);
      await request(server)
        .delete(`${api}/${id}`)
        .set(asUser('alice'))
        .expect(204);

      const rows = await knex('s3_resource_audit').orderBy('seq', 'asc');
      expect(
        rows.map(r => [
          r.actor,
          r.action,
          r.outcome,
          r.changed_fields ? JSON.parse(r.changed_fields) : null,
        ]),
      ).toEqual([
        [
          'user:default/alice',
          'resource-create',
          'success',
          expect.arrayContaining(['auth', 'bucket', 'name']),
        ],
        ['user:default/bob', 'resource-create', 'failure', null],
        ['user:default/bob', 'resource-create', 'failure', null],
        [
          'user:default/alice',
          'resource-update',
          'success',
          ['description', 'tags'],
        ],
        ['user:default/bob', 'resource-update', 'failure', ['description']],
        [
          'user:default/alice',
          'resource-secret-change',
          'success',
          ['auth.secretAccessKey'],
        ],
        ['user:default/alice', 'resource-delete', 'success', null],
      ]);
      expect(rows[1].message).toMatch(/^ConflictError/);
      expect(rows[2].message).toMatch(/^InputError: bucket/);
      expect(
        rows.every(r => r.resource_name || r.action === 'resource-create'),
      ).toBe(true);
      expect(JSON.stringify(rows)).not.toContain(SECRET);

      const events = auditor.events.filter(e => e.pluginId === 's3-resources');
      expect(events.map(e => [e.eventId, e.severityLevel, e.outcome])).toEqual([
        ['resource-create', 'medium', 'success'],
        ['resource-create', 'medium', 'fail'],
        ['resource-create', 'medium', 'fail'],
        ['resource-update', 'medium', 'success'],
        ['resource-update', 'medium', 'fail'],
        ['resource-secret-change', 'high', 'success'],
        ['resource-delete', 'medium', 'success'],
      ]);
      expect(JSON.stringify(auditor.events)).not.toContain(SECRET);
    });

    it('filters, pages and exports the trail as CSV and NDJSON', async () => {
      const knex = await databases.init(databaseId);
      const { server, auditor } = await startPluginBackend({ knex });
      const api = '/api/s3-resources/resources';
      const ids: string[] = [];
      for (const name of ['a-one', 'a-two', 'a-three']) {
        const res = await request(server)
          .post(api)
          .set(asUser('alice'))
          .send(validBody(name));
        ids.push(res.body.id);
      }
      await request(server)
        .post(api)
        .set(asUser('bob'))
        .send(validBody('b-one'))
        .expect(201);

      const page1 = await request(server)
        .get('/api/s3-resources/audit')
        .query({ limit: 2 })
        .set(asUser('carol'));
      expect(page1.status).toBe(200);
      expect(
        page1.body.items.map((i: { resourceName: string }) => i.resourceName),
      ).toEqual(['b-one', 'a-three']);
      const page2 = await request(server)
        .get('/api/s3-resources/audit')
        .query({ limit: 2, cursor: page1.body.nextCursor })
        .set(asUser('carol'));
      expect(
        page2.body.items.map((i: { resourceName: string }) => i.resourceName),
      ).toEqual(['a-two', 'a-one']);
      expect(page2.body.nextCursor).toBeUndefined();

      const byActor = await request(server)
        .get('/api/s3-resources/audit')
        .query({ actor: 'user:default/bob' })
        .set(asUser('carol'));
      expect(byActor.body.items).toHaveLength(1);
      const byResource = await request(server)
        .get('/api/s3-resources/audit')
        .query({ resourceId: ids[1] })
        .set(asUser('carol'));
      expect(
        byResource.body.items.map(
          (i: { resourceName: string }) => i.resourceName,
        ),
      ).toEqual(['a-two']);
      const future = await request(server)
        .get('/api/s3-resources/audit')
        .query({ since: '2999-01-01' })
        .set(asUser('carol'));
      expect(future.body.items).toEqual([]);
      const badSince = await request(server)
        .get('/api/s3-resources/audit')
        .query({ since: 'yesterday' })
        .set(asUser('carol'));
      expect(badSince.status).toBe(400);
      expect(badSince.body.error.message).toContain('since');
      for (const seq of ['1e300', '99999999999999999999', '-5', 'x']) {
        const badCursor = await request(server)
          .get('/api/s3-resources/audit')
          .query({ cursor: Buffer.from(seq).toString('base64url') })
          .set(asUser('carol'));
        expect([seq, badCursor.status]).toEqual([seq, 400]);
      }

      const csv = await request(server)
        .get('/api/s3-resources/audit')
        .query({ format: 'csv' })
        .set(asUser('carol'));
      expect(csv.status).toBe(200);
      expect(csv.headers['content-type']).toMatch(/text\/csv/);
      expect(csv.headers['content-disposition']).toContain(
        's3-resources-audit.csv',
      );
      const lines = csv.text.trim().split('\n');
      expect(lines[0]).toBe(
        'at,actor,action,outcome,verdict,resourceId,resourceName,objectKey,changedFields,message,id',
      );
      expect(lines).toHaveLength(5);
      expect(lines[1]).toContain(
        ',"user:default/bob","resource-create","success",',
      );

      const ndjson = await request(server)
        .get('/api/s3-resources/audit')
        .query({ format: 'ndjson', actor: 'user:default/alice' })
        .set(asUser('carol'));
      expect(ndjson.headers['content-type']).toMatch(/application\/x-ndjson/);
      const records = ndjson.text
        .trim()
        .split('\n')
        .map(l => JSON.parse(l));
      expect(records.map(r => r.resourceName)).toEqual([
        'a-three',
        'a-two',
        'a-one',
      ]);

      // exports are audited too (the event ends right after the last byte is sent)
      for (let i = 0; i < 50; i++) {
        const ended = auditor.events.filter(
          e => e.eventId === 'audit-export' && e.outcome,
        );
        if (ended.length === 2) break;
        await new Promise(r => setTimeout(r, 20));
      }
      expect(
        auditor.events
          .filter(e => e.eventId === 'audit-export')
          .map(e => e.outcome),
      ).toEqual(['success', 'success']);
      const badFormat = await request(server)
        .get('/api/s3-resources/audit')
        .query({ format: 'xml' })
        .set(asUser('carol'));
      expect(badFormat.status).toBe(400);
    });
  });
});
