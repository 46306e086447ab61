import {
  ResourceStorage,
  StorageFigures,
  StorageSample,
} from '@s3-resources/plugin-s3-resources-common';
import { Knex } from 'knex';
import { randomUUID } from 'node:crypto';
import { StorageScanState, figuresOf } from '../storage/StorageScanner';
import { DbTimestamp, dateToDb, isoFromDb } from './timestamps';

const SCANS = 's3_storage_scans';
const SAMPLES = 's3_storage_samples';

/** Complete samples kept per resource. */
export const SAMPLES_KEPT = 90;
/** Complete samples a resource's storage shows as its history. */
export const HISTORY_LENGTH = 30;
/** Resources per query of the many-resource reads (far below either database's parameter limit). */
const IDS_PER_QUERY = 5000;

type SampleRow = {
  id: string;
  resource_id: string;
  started_at: DbTimestamp;
  taken_at: DbTimestamp;
  keys_scanned: number | string;
  objects: number | string;
  bytes: number | string;
  figures: string;
};

/** The figures kept as JSON: all but the counts that have columns. */
type StoredFigures = Omit<StorageFigures, 'objects' | 'bytes'>;

function sampleOf(row: SampleRow): StorageSample {
  const figures: StoredFigures = JSON.parse(row.figures);
  return {
    objects: Number(row.objects),
    bytes: Number(row.bytes),
    byStorageClass: figures.byStorageClass,
    incompleteUploads: figures.incompleteUploads,
    ...(figures.noncurrentVersions
      ? { noncurrentVersions: figures.noncurrentVersions }
      : {}),
    unknown: figures.unknown,
    startedAt: isoFromDb(row.started_at),
    takenAt: isoFromDb(row.taken_at),
    complete: true,
    keysScanned: Number(row.keys_scanned),
  };
}

/**
 * Storage scans of resources: the scan under way of each
 * (`s3_storage_scans`, its state as JSON, saved between runs) and the
 * samples of complete scans (`s3_storage_samples`, the newest
 * {@link SAMPLES_KEPT} per resource). Both go with their resource.
 */
export class StorageStore {
  static create(db: Knex): StorageStore {
    return new StorageStore(db);
  }

  private constructor(private readonly db: Knex) {}

  /** The state of the resource's scan under way, if any. */
  async loadScan(resourceId: string): Promise<StorageScanState | undefined> {
    const row = await this.db(SCANS)
      .where({ resource_id: resourceId })
      .first('state');
    return row ? JSON.parse(row.state) : undefined;
  }

  /** Saves the state of a scan under way (replacing the one before). */
  async saveScan(resourceId: string, state: StorageScanState): Promise<void> {
    await this.db(SCANS)
      .insert({
        resource_id: resourceId,
        state: JSON.stringify(state),
        started_at: dateToDb(state.startedAt),
        updated_at: new Date(),
      })
      .onConflict('resource_id')
      .merge(['state', 'started_at', 'updated_at']);
  }

  /** Forgets the scan under way (the next starts afresh). */
  async clearScan(resourceId: string): Promise<void> {
    await this.db(SCANS).where({ resource_id: resourceId }).delete();
  }

  /**
   * Records a complete scan, ends the scan under way and drops all but the
   * newest {@link SAMPLES_KEPT} samples of the resource, in one transaction.
   */
  async recordSample(resourceId: string, sample: StorageSample): Promise<void> {
    const { objects, bytes, startedAt, takenAt, keysScanned, ...rest } = sample;
    const figures: StoredFigures = {
      byStorageClass: rest.byStorageClass,
      incompleteUploads: rest.incompleteUploads,
      ...(rest.noncurrentVersions
        ? { noncurrentVersions: rest.noncurrentVersions }
        : {}),
      unknown: rest.unknown,
    };
    await this.db.transaction(async tx => {
      await tx(SAMPLES).insert({
        id: randomUUID(),
        resource_id: resourceId,
        started_at: dateToDb(startedAt),
        taken_at: dateToDb(takenAt),
        keys_scanned: keysScanned,
        objects,
        bytes,
        figures: JSON.stringify(figures),
      });
      await tx(SCANS).where({ resource_id: resourceId }).delete();
      const kept = tx(SAMPLES)
        .where({ resource_id: resourceId })
        .orderBy([
          { column: 'taken_at', order: 'desc' },
          { column: 'id', order: 'desc' },
        ])
        .limit(SAMPLES_KEPT)
        .select('id');
      // a subquery with LIMIT inside IN: wrapped, as MySQL-style engines want
      await tx(SAMPLES)
        .where({ resource_id: resourceId })
        .whereNotIn('id', tx.select('id').from(kept.as('kept')))
        .delete();
    });
  }

  /**
   * A resource's storage: the latest complete scan, the scan under way
   * (with the latest's key count as its estimate) and the last
   * {@link HISTORY_LENGTH} complete scans, oldest first.
   */
  async storageOf(resourceId: string): Promise<ResourceStorage> {
    const [rows, scan] = await Promise.all([
      this.db<SampleRow>(SAMPLES)
        .where({ resource_id: resourceId })
        .orderBy([
          { column: 'taken_at', order: 'desc' },
          { column: 'id', order: 'desc' },
        ])
        .limit(HISTORY_LENGTH),
      this.db(SCANS)
        .where({ resource_id: resourceId })
        .first('state', 'updated_at'),
    ]);
    const history = rows.map(sampleOf).reverse();
    const latest = history[history.length - 1];
    const inProgress: StorageSample | undefined = scan
      ? progressOf(JSON.parse(scan.state), isoFromDb(scan.updated_at))
      : undefined;
    if (inProgress && latest) inProgress.estimatedKeys = latest.keysScanned;
    return {
      resourceId,
      ...(latest ? { latest } : {}),
      ...(inProgress ? { inProgress } : {}),
      history,
    };
  }

  /** The latest complete sample of each resource that has one. */
  async latestForMany(
    resourceIds: string[],
  ): Promise<Map<string, StorageSample>> {
    return this.firstOfEach(resourceIds, 'desc');
  }

  /**
   * The first complete sample taken at or after `since`, of each resource
   * that has one: beside {@link StorageStore.latestForMany}, the growth of
   * many resources over a period, in two queries.
   */
  async firstSince(
    resourceIds: string[],
    since: Date,
  ): Promise<Map<string, StorageSample>> {
    return this.firstOfEach(resourceIds, 'asc', since);
  }

  /** Every complete sample taken at or after `since`, oldest first, by resource. */
  async samplesSince(
    resourceIds: string[],
    since: Date,
  ): Promise<Map<string, StorageSample[]>> {
    const out = new Map<string, StorageSample[]>();
    for (const ids of chunks(resourceIds)) {
      const rows: SampleRow[] = await this.db(SAMPLES)
        .whereIn('resource_id', ids)
        .where('taken_at', '>=', since)
        .orderBy([
          { column: 'resource_id', order: 'asc' },
          { column: 'taken_at', order: 'asc' },
          { column: 'id', order: 'asc' },
        ]);
      for (const row of rows) {
        const list = out.get(row.resource_id) ?? [];
        list.push(sampleOf(row));
        out.set(row.resource_id, list);
      }
    }
    return out;
  }

  /** One sample per resource, the first in `order` of taken_at: one query per 5,000 resources. */
  private async firstOfEach(
    resourceIds: string[],
    order: 'asc' | 'desc',
    since?: Date,
  ): Promise<Map<string, StorageSample>> {
    const out = new Map<string, StorageSample>();
    for (const ids of chunks(resourceIds)) {
      const ranked = this.db(SAMPLES)
        .whereIn('resource_id', ids)
        .modify(q => {
          if (since) q.where('taken_at', '>=', since);
        })
        .select(
          '*',
          this.db.raw(
            `row_number() over (partition by resource_id order by taken_at ${order}, id ${order}) as sample_rank`,
          ),
        );
      const rows: SampleRow[] = await this.db
        .from(ranked.as('ranked'))
        .where('sample_rank', 1)
        .select(
          'id',
          'resource_id',
          'started_at',
          'taken_at',
          'keys_scanned',
          'objects',
          'bytes',
          'figures',
        );
      for (const row of rows) out.set(row.resource_id, sampleOf(row));
    }
    return out;
  }
}

/** The progress of a scan under way, as a sample that is not complete. */
export function progressOf(
  state: StorageScanState,
  takenAt: string,
): StorageSample {
  return {
    ...figuresOf(state),
    startedAt: state.startedAt,
    takenAt,
    complete: false,
    keysScanned: state.keysScanned,
  };
}

function chunks(ids: string[]): string[][] {
  const out: string[][] = [];
  for (let i = 0; i < ids.length; i += IDS_PER_QUERY) {
    out.push(ids.slice(i, i + IDS_PER_QUERY));
  }
  return out;
}
