import { createTestDatabases } from '@internal/s3-test-harness';
import { StorageSample } from '@s3-resources/plugin-s3-resources-common';
import { Knex } from 'knex';
import { StorageScanState } from '../storage/StorageScanner';
import { migrationsDir } from './migrations';
import { ResourceStore } from './ResourceStore';
import { HISTORY_LENGTH, SAMPLES_KEPT, StorageStore } from './StorageStore';

jest.setTimeout(60_000);

const idOf = (n: number) =>
  `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

async function withResource(knex: Knex, n: number) {
  const now = new Date('2026-11-28T00:00:00.000Z');
  await knex('s3_resources').insert({
    id: idOf(n),
    name: `r-${n}`,
    provider: 'ceph-rgw',
    bucket: `b-${n}`,
    region: 'us-east-1',
    owner: 'group:default/team-a',
    settings: '{}',
    auth_method: 'access-key',
    auth: '{}',
    version: 1,
    created_at: now,
    created_by: 'user:default/alice',
    updated_at: now,
    updated_by: 'user:default/alice',
  });
  return idOf(n);
}

/** The n-th sample: taken on day n of December, with counts that say n. */
const sample = (
  n: number,
  extra: Partial<StorageSample> = {},
): StorageSample => ({
  objects: n,
  // beyond 2^32: the bigint columns read back as numbers
  bytes: 5_000_000_000 + n,
  byStorageClass: [
    { storageClass: 'STANDARD', objects: n, bytes: 5_000_000_000 + n },
  ],
  incompleteUploads: {
    count: 1,
    bytes: n,
    oldestInitiated: '2026-01-01T00:00:00.000Z',
  },
  unknown: [],
  startedAt: new Date(Date.UTC(2026, 11, 1, 0, n)).toISOString(),
  takenAt: new Date(Date.UTC(2026, 11, 1, 0, n, 30)).toISOString(),
  complete: true,
  keysScanned: 10 * n,
  ...extra,
});

const state = (keysScanned: number): StorageScanState => ({
  location: 'b-1/',
  startedAt: '2026-12-02T00:00:00.000Z',
  phase: 'listing',
  keysScanned,
  listing: 'versions',
  objects: {
    root: { done: false, keyMarker: 'k', versionIdMarker: 'v' },
    pending: [],
    folders: [],
  },
  uploads: { done: true },
  counters: {
    objects: 3,
    bytes: 30,
    byStorageClass: { STANDARD: { objects: 3, bytes: 30 } },
    uploads: { count: 0, bytes: 0 },
    noncurrent: { count: 1, bytes: 2 },
    unknown: [],
  },
});

describe('StorageStore', () => {
  const databases = createTestDatabases();

  describe.each(databases.eachSupportedId())('on %p', databaseId => {
    let knex: Knex;
    let store: StorageStore;

    beforeEach(async () => {
      knex = await databases.init(databaseId);
      await knex.migrate.latest({ directory: migrationsDir });
      store = StorageStore.create(knex);
    });

    it('keeps the scan under way between runs, and forgets it', async () => {
      const id = await withResource(knex, 1);
      expect(await store.loadScan(id)).toBeUndefined();
      await store.saveScan(id, state(5));
      await store.saveScan(id, state(7));
      expect(await store.loadScan(id)).toEqual(state(7));
      expect((await store.storageOf(id)).inProgress).toMatchObject({
        complete: false,
        keysScanned: 7,
        objects: 3,
        bytes: 30,
        noncurrentVersions: { count: 1, bytes: 2 },
        startedAt: '2026-12-02T00:00:00.000Z',
      });
      await store.clearScan(id);
      expect(await store.loadScan(id)).toBeUndefined();
    });

    it('records complete samples, ends the scan under way, keeps the newest 90 and shows 30 oldest first', async () => {
      const id = await withResource(knex, 1);
      const otherId = await withResource(knex, 2);
      await store.recordSample(otherId, sample(1));
      await store.saveScan(id, state(5));
      await store.recordSample(
        id,
        sample(1, { noncurrentVersions: { count: 2, bytes: 3 } }),
      );
      expect(await store.loadScan(id)).toBeUndefined();
      expect((await store.storageOf(id)).latest).toEqual(
        sample(1, { noncurrentVersions: { count: 2, bytes: 3 } }),
      );
      // recorded out of order: the history goes by when each was taken
      for (const n of [
        ...Array.from({ length: 99 }, (_, i) => i + 2),
      ].reverse()) {
        await store.recordSample(id, sample(n));
      }
      const count = async (resourceId: string) =>
        Number(
          (
            await knex('s3_storage_samples')
              .where({ resource_id: resourceId })
              .count({ n: '*' })
          )[0].n,
        );
      expect(await count(id)).toBe(SAMPLES_KEPT);
      expect(await count(otherId)).toBe(1);
      await store.saveScan(id, state(55));
      const storage = await store.storageOf(id);
      expect(storage.history.map(s => s.objects)).toEqual(
        Array.from(
          { length: HISTORY_LENGTH },
          (_, i) => 101 - HISTORY_LENGTH + i,
        ),
      );
      expect(storage.latest).toEqual(sample(100));
      expect(storage.inProgress).toMatchObject({
        keysScanned: 55,
        estimatedKeys: 1000,
      });
      expect(typeof storage.latest!.bytes).toBe('number');
    });

    it('reads the latest of many resources, and their samples since a date, one query each', async () => {
      const ids = [
        await withResource(knex, 1),
        await withResource(knex, 2),
        await withResource(knex, 3),
      ];
      for (const n of [3, 1, 2]) await store.recordSample(ids[0], sample(n));
      await store.recordSample(ids[1], sample(7));
      const queries: string[] = [];
      const listen = (q: { sql: string }) => queries.push(q.sql);
      knex.on('query', listen);
      const latest = await store.latestForMany(ids);
      knex.off('query', listen);
      expect(queries).toHaveLength(1);
      expect([...latest.keys()].sort()).toEqual([ids[0], ids[1]]);
      expect(latest.get(ids[0])).toEqual(sample(3));
      expect(latest.get(ids[1])).toEqual(sample(7));

      const since = new Date(sample(2).takenAt);
      const first = await store.firstSince(ids, since);
      expect(first.get(ids[0])).toEqual(sample(2));
      expect(first.get(ids[1])).toEqual(sample(7));
      expect(first.has(ids[2])).toBe(false);
      const all = await store.samplesSince(ids, since);
      expect(all.get(ids[0])!.map(s => s.objects)).toEqual([2, 3]);
      expect(all.get(ids[1])!.map(s => s.objects)).toEqual([7]);
      expect(await store.latestForMany([])).toEqual(new Map());
    });

    it('goes with its resource', async () => {
      const id = await withResource(knex, 1);
      await store.recordSample(id, sample(1));
      await store.saveScan(id, state(5));
      await ResourceStore.create(knex).delete(id);
      expect(
        Number((await knex('s3_storage_samples').count({ n: '*' }))[0].n),
      ).toBe(0);
      expect(
        Number((await knex('s3_storage_scans').count({ n: '*' }))[0].n),
      ).toBe(0);
    });
  });
});
