import { createTestDatabases } from '@internal/s3-test-harness';
import { randomUUID } from 'node:crypto';
import { SecretBox } from '../crypto/SecretBox';
import { migrationsDir } from './migrations';
import { ResourceStore } from './ResourceStore';

jest.setTimeout(60_000);

describe('ResourceStore', () => {
  const databases = createTestDatabases();

  it.each(databases.eachSupportedId())(
    'leaves a secret rotated meanwhile alone when an edit keeps the secret, on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      await knex.migrate.latest({ directory: migrationsDir });
      const store = ResourceStore.create(knex);
      const box = SecretBox.forTesting([
        { id: 'new', secret: Buffer.alloc(32, 2) },
        { id: 'old', secret: Buffer.alloc(32, 1) },
      ]);
      const oldBox = SecretBox.forTesting([
        { id: 'old', secret: Buffer.alloc(32, 1) },
      ]);
      const id = randomUUID();
      const now = '2026-12-01T00:00:00.000Z';
      await store.insert({
        id,
        name: 'rotating',
        title: null,
        owner: 'group:default/team-a',
        system: null,
        provider: 'ceph-rgw',
        bucket: 'rotating-bucket',
        region: 'us-east-1',
        endpointKey: 'http://127.0.0.1:7480',
        prefixKey: '',
        settings: {},
        authMethod: 'access-key',
        auth: { method: 'access-key', accessKeyId: 'AKIAROTATION00000001' },
        secret: oldBox.encrypt('{"secretAccessKey":"s"}', id),
        secretChangedAt: now,
        lastTestStatus: null,
        lastTestedAt: null,
        lastTestRunId: null,
        version: 1,
        createdAt: now,
        createdBy: 'user:default/alice',
        updatedAt: now,
        updatedBy: 'user:default/alice',
      });
      // an edit reads the row, then rotation re-encrypts its secret...
      const read = await store.get(id);
      const rotated = box.rotate(read.secret!, id);
      expect(await store.replaceSecret(id, read.secret!, rotated)).toBe(true);
      // ...then the edit lands, keeping the secret it did not change
      await store.update({ ...read, title: 'edited' }, 1, undefined, {
        keepSecret: true,
      });
      const after = await store.get(id);
      expect([after.title, after.secret?.kid]).toEqual(['edited', 'new']);
      expect(box.decrypt(after.secret!, id)).toBe('{"secretAccessKey":"s"}');
    },
  );
  it.each(databases.eachSupportedId())(
    'stores instants in timestamp columns and gives back the ISO strings it was given, on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      await knex.migrate.latest({ directory: migrationsDir });
      const store = ResourceStore.create(knex);
      const id = randomUUID();
      const at = {
        secretChangedAt: '1999-12-31T23:59:59.999Z',
        createdAt: '2026-11-28T10:00:00.123Z',
        updatedAt: '2026-11-28T10:00:00.124Z',
      };
      await store.insert({
        id,
        name: 'timed',
        title: null,
        owner: 'group:default/team-a',
        system: null,
        provider: 'ceph-rgw',
        bucket: 'timed-bucket',
        region: 'us-east-1',
        endpointKey: 'http://127.0.0.1:7480',
        prefixKey: '',
        settings: {},
        authMethod: 'access-key',
        auth: { method: 'access-key', accessKeyId: 'AKIATIMESTAMPS000001' },
        secret: null,
        lastTestStatus: null,
        lastTestedAt: null,
        lastTestRunId: null,
        version: 1,
        createdBy: 'user:default/alice',
        updatedBy: 'user:default/alice',
        ...at,
      });
      expect(await store.get(id)).toMatchObject({
        ...at,
        lastTestedAt: null,
        writeProbeAt: null,
      });
      // a Date (PostgreSQL) or epoch milliseconds (SQLite), never text
      const raw = await knex('s3_resources').where({ id }).first('created_at');
      expect(typeof raw.created_at).not.toBe('string');
    },
  );
  it.each(databases.eachSupportedId())(
    'lists whole buckets on one endpoint, marking those a permission condition admits, on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      await knex.migrate.latest({ directory: migrationsDir });
      const store = ResourceStore.create(knex);
      const now = '2026-12-01T00:00:00.000Z';
      const insert = (name: string, extra: Record<string, string>) =>
        store.insert({
          id: randomUUID(),
          name,
          title: null,
          owner: 'group:default/team-a',
          system: null,
          provider: 'ceph-rgw',
          bucket: name,
          region: 'us-east-1',
          endpointKey: 'http://127.0.0.1:7480',
          prefixKey: '',
          settings: {},
          authMethod: 'access-key',
          auth: { method: 'access-key', accessKeyId: 'AKIAWHOLEBUCKETS0001' },
          secret: null,
          secretChangedAt: null,
          lastTestStatus: null,
          lastTestedAt: null,
          lastTestRunId: null,
          version: 1,
          createdAt: now,
          createdBy: 'user:default/alice',
          updatedAt: now,
          updatedBy: 'user:default/alice',
          ...extra,
        });
      await insert('mine', {});
      await insert('theirs', { owner: 'group:default/team-b' });
      await insert('prefixed', { prefixKey: 'logs/' });
      await insert('elsewhere', { endpointKey: 'http://127.0.0.1:9000' });
      await insert('on-aws', { provider: 'aws', endpointKey: '' });
      const at = { provider: 'ceph-rgw', endpointKey: 'http://127.0.0.1:7480' };
      const seen = (
        rows: Array<{ bucket: string; readable: boolean; name: string }>,
      ) => rows.map(r => [r.bucket, r.readable]).sort();

      expect(
        seen(
          await store.wholeBucketsAt({
            ...at,
            readable: qb => qb.where('owner', 'group:default/team-a'),
          }),
        ),
      ).toEqual([
        ['mine', true],
        ['theirs', false],
      ]);
      expect(seen(await store.wholeBucketsAt(at))).toEqual([
        ['mine', true],
        ['theirs', true],
      ]);
      expect(
        seen(await store.wholeBucketsAt({ ...at, readable: 'none' })),
      ).toEqual([
        ['mine', false],
        ['theirs', false],
      ]);
    },
  );
});
