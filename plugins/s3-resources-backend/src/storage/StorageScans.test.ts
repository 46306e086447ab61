import { S3Client } from '@aws-sdk/client-s3';
import { createTestDatabases } from '@internal/s3-test-harness';
import { Knex } from 'knex';
import { migrationsDir } from '../database/migrations';
import { ResourceRow, ResourceStore } from '../database/ResourceStore';
import { StorageStore } from '../database/StorageStore';
import { StorageScanState } from './scanState';
import { StorageScans } from './StorageScans';

jest.setTimeout(60_000);

const ID = '00000000-0000-4000-8000-000000000001';

/** A scan part way through the root listing of bucket b-1 (no prefix). */
const saved: StorageScanState = {
  location: 'b-1/',
  startedAt: '2026-12-02T00:00:00.000Z',
  phase: 'listing',
  keysScanned: 5,
  listing: 'objects',
  objects: {
    root: { done: false, continuationToken: 'token-from-another-endpoint' },
    pending: [],
    folders: [],
  },
  uploads: { done: true },
  counters: {
    objects: 5,
    bytes: 50,
    byStorageClass: { STANDARD: { objects: 5, bytes: 50 } },
    uploads: { count: 0, bytes: 0 },
    unknown: [],
  },
};

/** Ceph RGW accepts any continuation token: a client answers as AWS does to a foreign one. */
const refusingClient = (status: number) =>
  ({
    send: async () => {
      throw Object.assign(
        new Error('The continuation token provided is incorrect'),
        {
          name: status === 400 ? 'InvalidArgument' : 'InternalError',
          $metadata: { httpStatusCode: status },
        },
      );
    },
  } as unknown as S3Client);

describe('StorageScans', () => {
  const databases = createTestDatabases();
  let knex: Knex;
  let store: StorageStore;
  let row: ResourceRow;

  beforeEach(async () => {
    knex = await databases.init('SQLITE_3');
    await knex.migrate.latest({ directory: migrationsDir });
    const at = new Date('2026-11-28T00:00:00.000Z');
    await knex('s3_resources').insert({
      id: ID,
      name: 'r-1',
      provider: 'aws',
      bucket: 'b-1',
      region: 'us-east-1',
      owner: 'group:default/team-a',
      settings: JSON.stringify({
        tags: [],
        forcePathStyle: false,
        defaultAcl: 'none',
        accessLevel: 'read',
        cors: { origins: [], uploadMode: 'download-only' },
      }),
      auth_method: 'access-key',
      auth: JSON.stringify({
        method: 'access-key',
        accessKeyId: 'AKIAEXAMPLE',
      }),
      version: 1,
      created_at: at,
      created_by: 'user:default/alice',
      updated_at: at,
      updated_by: 'user:default/alice',
    });
    row = await ResourceStore.create(knex).get(ID);
    store = StorageStore.create(knex);
    await store.saveScan(ID, saved);
  });

  const scans = () =>
    StorageScans.create({
      store,
      budget: { maxKeys: 1000, maxMs: 5000, maxRequests: 10 },
    });

  it('starts over when the provider refuses the saved cursor (400): it would fail every sweep', async () => {
    await expect(scans().scan(row, refusingClient(400))).rejects.toThrow(
      /HTTP 400/,
    );
    expect(await store.loadScan(ID)).toBeUndefined();
  });

  it('keeps the saved cursor through a failure that may pass (500)', async () => {
    await expect(scans().scan(row, refusingClient(500))).rejects.toThrow(
      /HTTP 500/,
    );
    expect(await store.loadScan(ID)).toEqual(saved);
  });
});
