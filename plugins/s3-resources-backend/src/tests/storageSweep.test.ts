import {
  TestBucket,
  createTestBucket,
  createTestDatabases,
  getTestS3,
  putTestObjects,
  requireEnforcingServer,
} from '@internal/s3-test-harness';
import request from 'supertest';
import { StorageStore } from '../database/StorageStore';
import {
  LOCAL_TEST_ENDPOINTS,
  TEST_KEYS,
  asUser,
  startPluginBackend,
} from '../__testUtils__/testBackend';

jest.setTimeout(180_000);

const API = '/api/s3-resources';

describe('storage scans in the audit sweep, against Ceph RGW', () => {
  const databases = createTestDatabases();
  const buckets: TestBucket[] = [];

  beforeAll(() => {
    requireEnforcingServer('the storage sweep tests');
  });

  afterAll(async () => {
    await Promise.all(buckets.map(b => b.cleanup()));
  });

  describe.each(databases.eachSupportedId())('on %p', databaseId => {
    it('records a sample per complete scan, scanning a prefix across sweeps within the budget', async () => {
      const b = await createTestBucket('storage-sweep');
      buckets.push(b);
      await putTestObjects(b, {
        'app/a': 'aaaa',
        'app/b': 'bb',
        'app/sub/c': 'c',
        'elsewhere/x': 'not counted',
      });
      const knex = await databases.init(databaseId);
      const { server, stop, logger } = await startPluginBackend({
        knex,
        config: {
          s3Resources: {
            encryption: { keys: [{ id: 'k1', secret: TEST_KEYS.k1 }] },
            endpoints: { allow: [LOCAL_TEST_ENDPOINTS] },
            // two keys a run: three objects take two sweeps
            storageScan: { maxKeysPerRun: 2 },
          },
        },
      });
      try {
        const tester = getTestS3().users.tester;
        const create = async (name: string, bucket: string) => {
          const res = await request(server)
            .post(`${API}/resources`)
            .set(asUser('alice'))
            .send({
              name,
              owner: 'group:default/team-a',
              provider: 'ceph-rgw',
              bucket,
              prefix: 'app/',
              endpoint: getTestS3().endpoint,
              auth: {
                method: 'access-key',
                accessKeyId: tester.accessKeyId,
                secretAccessKey: tester.secretAccessKey,
              },
            });
          expect([res.status, res.body.error?.message]).toEqual([
            201,
            undefined,
          ]);
          return res.body.id as string;
        };
        const app = await create('storage-app', b.bucket);
        const missing = await create('storage-missing', `${b.bucket}-missing`);
        const sweep = async () => {
          const res = await request(server)
            .post(`${API}/audit/sweep`)
            .set(asUser('carol'));
          expect(res.status).toBe(202);
          const runs = await request(server)
            .get(`${API}/audit/sweeps`)
            .query({ limit: 1 })
            .set(asUser('carol'));
          expect(runs.body.items[0]).toMatchObject({
            outcome: 'success',
            resourcesChecked: 2,
          });
        };
        const store = StorageStore.create(knex);

        await sweep();
        let storage = await store.storageOf(app);
        expect(storage.latest).toBeUndefined();
        expect(storage.history).toEqual([]);
        expect(storage.inProgress).toMatchObject({
          complete: false,
          keysScanned: 2,
          objects: 2,
        });

        await sweep();
        storage = await store.storageOf(app);
        expect(storage.inProgress).toBeUndefined();
        expect(storage.latest).toMatchObject({
          complete: true,
          objects: 3,
          bytes: 7,
          keysScanned: 3,
          byStorageClass: [{ storageClass: 'STANDARD', objects: 3, bytes: 7 }],
          incompleteUploads: { count: 0, bytes: 0 },
          unknown: [],
        });
        expect(storage.history).toHaveLength(1);

        // a new scan, two keys a sweep again, until it completes
        await putTestObjects(b, { 'app/d': '12345' });
        let sweeps = 0;
        // the figures judged meanwhile are the latest complete scan's
        const latestMeanwhile: Array<number | undefined> = [];
        do {
          await sweep();
          sweeps++;
          storage = await store.storageOf(app);
          if (storage.inProgress) latestMeanwhile.push(storage.latest?.objects);
        } while (storage.inProgress && sweeps < 5);
        expect(latestMeanwhile).toEqual(Array(sweeps - 1).fill(3));
        expect(sweeps).toBeGreaterThanOrEqual(2);
        expect(storage.inProgress).toBeUndefined();
        expect(storage.history.map(s => [s.objects, s.bytes])).toEqual([
          [3, 7],
          [4, 12],
        ]);
        expect(storage.history[0].takenAt < storage.history[1].takenAt).toBe(
          true,
        );

        // a bucket the test could not reach is not scanned, and the sweep goes on
        expect(await store.storageOf(missing)).toEqual({
          resourceId: missing,
          history: [],
        });
        expect(
          logger.lines.filter(e => e.message.includes('storage scan')),
        ).toEqual([]);
      } finally {
        await stop();
      }
    });
  });
});
