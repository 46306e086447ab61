import { createTestDatabases } from '@internal/s3-test-harness';
import {
  ReconciliationSource,
  ReconciliationSourceStatus,
} from '@s3-resources/plugin-s3-resources-common';
import { migrationsDir } from './migrations';
import { NewEntry, ReconciliationStore } from './ReconciliationStore';

jest.setTimeout(60_000);

const source = (id: string): ReconciliationSource => ({
  id,
  provider: 'ceph-rgw',
  endpoint: 'http://127.0.0.1:7480',
  region: 'us-east-1',
  credential: { kind: 'aws-account', accountId: '111122223333' },
});

const status = (
  id: string,
  extra: Partial<ReconciliationSourceStatus> = {},
): ReconciliationSourceStatus => ({
  ...source(id),
  checkedAt: '2026-12-01T00:00:00.000Z',
  sweepId: 's1',
  bucketsListed: 3,
  calls: 4,
  ...extra,
});

const shadow = (sourceId: string, bucket: string): NewEntry => ({
  kind: 'shadow',
  source: source(sourceId),
  bucket,
  message: 'The bucket exists but no resource registers it',
});

describe('ReconciliationStore', () => {
  const databases = createTestDatabases();

  describe.each(databases.eachSupportedId())('on %p', databaseId => {
    async function open() {
      const knex = await databases.init(databaseId);
      await knex.migrate.latest({ directory: migrationsDir });
      return { knex, results: ReconciliationStore.create(knex) };
    }
    const store = async () => (await open()).results;

    it('replaces a run, keeps first-seen, and keeps the entries of a source that failed', async () => {
      const results = await store();
      await results.replace({
        sweepId: 's1',
        at: '2026-12-01T00:00:00.000Z',
        sources: [status('a'), status('b')],
        judged: ['a', 'b'],
        entries: [shadow('a', 'a1'), shadow('a', 'a2'), shadow('b', 'b1')],
      });
      // b could not be listed this time; a no longer sees a2
      await results.replace({
        sweepId: 's2',
        at: '2026-12-02T00:00:00.000Z',
        sources: [status('a'), status('b', { error: 'AccessDenied' })],
        judged: ['a'],
        entries: [shadow('a', 'a1'), shadow('a', 'a3')],
      });
      const { items } = await results.list({ limit: 10 });
      expect(
        items.map(e => [e.bucket, e.firstSeenAt, e.lastSeenAt, e.sweepId]),
      ).toEqual([
        ['a1', '2026-12-01T00:00:00.000Z', '2026-12-02T00:00:00.000Z', 's2'],
        ['a3', '2026-12-02T00:00:00.000Z', '2026-12-02T00:00:00.000Z', 's2'],
        ['b1', '2026-12-01T00:00:00.000Z', '2026-12-01T00:00:00.000Z', 's1'],
      ]);
      expect((await results.sources()).map(s => [s.id, s.error])).toEqual([
        ['a', undefined],
        ['b', 'AccessDenied'],
      ]);
      // a source no longer configured goes with its entries
      await results.replace({
        sweepId: 's3',
        at: '2026-12-03T00:00:00.000Z',
        sources: [status('a')],
        judged: ['a'],
        entries: [shadow('a', 'a1')],
      });
      expect(
        (await results.list({ limit: 10 })).items.map(e => e.bucket),
      ).toEqual(['a1']);
    });

    it('judges ghosts anew each run and keeps when each was first seen, whatever its source', async () => {
      const { knex, results } = await open();
      const now = new Date('2026-11-28T00:00:00.000Z');
      await knex('s3_resources').insert({
        id: '00000000-0000-4000-8000-000000000001',
        name: 'gone',
        provider: 'ceph-rgw',
        bucket: 'gone-bucket',
        region: 'us-east-1',
        owner: 'group:default/team-a',
        settings: '{}',
        auth_method: 'assume-role',
        auth: '{}',
        version: 1,
        created_at: now,
        created_by: 'user:default/alice',
        updated_at: now,
        updated_by: 'user:default/alice',
      });
      // a role's resource: its source is listed nowhere
      const ghost: NewEntry = {
        kind: 'ghost',
        source: source('role-of-gone'),
        bucket: 'gone-bucket',
        resourceId: '00000000-0000-4000-8000-000000000001',
        message: 'The bucket no longer exists',
      };
      const run = (sweepId: string, at: string, entries: NewEntry[]) =>
        results.replace({
          sweepId,
          at,
          sources: [status('a')],
          judged: ['a'],
          entries,
        });
      await run('s1', '2026-12-01T00:00:00.000Z', [ghost]);
      await run('s2', '2026-12-02T00:00:00.000Z', [ghost]);
      expect(
        (await results.list({ limit: 10 })).items.map(e => [
          e.kind,
          e.firstSeenAt,
          e.lastSeenAt,
        ]),
      ).toEqual([
        ['ghost', '2026-12-01T00:00:00.000Z', '2026-12-02T00:00:00.000Z'],
      ]);
      await run('s3', '2026-12-03T00:00:00.000Z', []);
      expect(await results.count({})).toBe(0);
    });

    it('drops the entries of a resource deleted during the run and keeps the others', async () => {
      const { knex, results } = await open();
      const now = new Date('2026-11-28T00:00:00.000Z');
      const id = '00000000-0000-4000-8000-000000000011';
      await knex('s3_resources').insert({
        id,
        name: 'still-here',
        provider: 'ceph-rgw',
        bucket: 'gone-1',
        region: 'us-east-1',
        owner: 'group:default/team-a',
        settings: '{}',
        auth_method: 'assume-role',
        auth: '{}',
        version: 1,
        created_at: now,
        created_by: 'user:default/alice',
        updated_at: now,
        updated_by: 'user:default/alice',
      });
      const ghost = (resourceId: string, bucket: string): NewEntry => ({
        kind: 'ghost',
        source: source('a'),
        bucket,
        resourceId,
        message: 'The bucket no longer exists',
      });
      // the second resource was retired while the sources were listed
      await results.replace({
        sweepId: 's1',
        at: '2026-12-01T00:00:00.000Z',
        sources: [status('a')],
        judged: ['a'],
        entries: [
          ghost(id, 'gone-1'),
          ghost('00000000-0000-4000-8000-000000000012', 'gone-2'),
          shadow('a', 'a1'),
        ],
      });
      expect(
        (await results.list({ limit: 10 })).items.map(e => [e.kind, e.bucket]),
      ).toEqual([
        ['ghost', 'gone-1'],
        ['shadow', 'a1'],
      ]);
    });

    it('keeps one entry and its first-seen time when another source sees the same bucket', async () => {
      const results = await store();
      const run = (sweepId: string, at: string, entry: NewEntry) =>
        results.replace({
          sweepId,
          at,
          sources: [status('a'), status('b')],
          judged: ['a', 'b'],
          entries: [entry],
        });
      await run('s1', '2026-12-01T00:00:00.000Z', shadow('a', 'x1'));
      await run('s2', '2026-12-02T00:00:00.000Z', {
        ...shadow('b', 'x1'),
        source: { ...source('b'), endpoint: 'http://127.0.0.1:7480/' },
      });
      expect(
        (await results.list({ limit: 10 })).items.map(e => [
          e.bucket,
          e.source.id,
          e.firstSeenAt,
        ]),
      ).toEqual([['x1', 'b', '2026-12-01T00:00:00.000Z']]);
    });

    it('pages by kind and bucket with a cursor, filters by kind and source', async () => {
      const results = await store();
      const entries = Array.from({ length: 5 }, (_, i) =>
        shadow(i % 2 ? 'a' : 'b', `bucket-${i}`),
      );
      await results.replace({
        sweepId: 's1',
        at: '2026-12-01T00:00:00.000Z',
        sources: [status('a'), status('b')],
        judged: ['a', 'b'],
        entries,
      });
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await results.list({ limit: 2, cursor });
        seen.push(...page.items.map(e => e.bucket));
        cursor = page.nextCursor;
      } while (cursor);
      expect(seen).toEqual([0, 1, 2, 3, 4].map(i => `bucket-${i}`));
      expect(await results.count({ sourceId: 'a' })).toBe(2);
      expect(await results.count({ kinds: ['ghost'] })).toBe(0);
      await expect(results.list({ limit: 2, cursor: 'nope' })).rejects.toThrow(
        'cursor: is not a cursor from this API',
      );
    });
  });
});
