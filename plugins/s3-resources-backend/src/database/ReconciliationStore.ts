import { InputError } from '@backstage/errors';
import {
  ReconciliationEntry,
  ReconciliationKind,
  ReconciliationSource,
  ReconciliationSourceStatus,
} from '@s3-resources/plugin-s3-resources-common';
import { Knex } from 'knex';
import { createHash } from 'node:crypto';
import { locationOf } from '../reconciliation/sources';
import { DbTimestamp, dateToDb, isoFromDb } from './timestamps';

const SOURCES = 's3_reconciliation_sources';
const ENTRIES = 's3_reconciliation_entries';
const TAGS = 's3_reconciliation_tags';

/** An entry as a run computes it, before it is stored. */
export type NewEntry = Omit<
  ReconciliationEntry,
  'id' | 'firstSeenAt' | 'lastSeenAt' | 'sweepId'
>;

/** A bucket's tags as last read; `unknown` says why they could not be. */
export type CachedTags = {
  tags?: Record<string, string>;
  unknown?: string;
  readAt: string;
};

export type ReconciliationFilter = {
  kinds?: ReconciliationKind[];
  sourceId?: string;
};

type EntryRow = {
  id: string;
  kind: string;
  source_id: string;
  bucket: string;
  resource_id: string | null;
  details: string;
  sweep_id: string;
  first_seen_at: DbTimestamp;
  last_seen_at: DbTimestamp;
};

type SourceRow = {
  id: string;
  source: string;
  sweep_id: string;
  checked_at: DbTimestamp;
  buckets_listed: number | string;
  calls: number | string;
  incomplete: string | null;
  error: string | null;
};

/**
 * Stable while the same thing is seen, whichever source sees it: kind,
 * location (provider and normalised endpoint), bucket and resource; a
 * ghost is its resource's, wherever it was judged from.
 */
export function entryIdOf(entry: NewEntry): string {
  const where =
    entry.kind === 'ghost'
      ? ''
      : locationOf(entry.source.provider, entry.source.endpoint);
  return createHash('sha256')
    .update(
      [entry.kind, where, entry.bucket, entry.resourceId ?? ''].join('\n'),
    )
    .digest('hex')
    .slice(0, 40);
}

function fromDb(row: EntryRow): ReconciliationEntry {
  const details = JSON.parse(row.details);
  return {
    id: row.id,
    kind: row.kind as ReconciliationKind,
    bucket: row.bucket,
    ...(row.resource_id ? { resourceId: row.resource_id } : {}),
    ...details,
    firstSeenAt: isoFromDb(row.first_seen_at),
    lastSeenAt: isoFromDb(row.last_seen_at),
    sweepId: row.sweep_id,
  };
}

type After = { kind: string; bucket: string; id: string };

function encodeCursor(row: ReconciliationEntry): string {
  return Buffer.from(JSON.stringify([row.kind, row.bucket, row.id])).toString(
    'base64url',
  );
}

function decodeCursor(cursor: string): After {
  try {
    const [kind, bucket, id] = JSON.parse(
      Buffer.from(cursor, 'base64url').toString('utf8'),
    );
    if ([kind, bucket, id].every(v => typeof v === 'string')) {
      return { kind, bucket, id };
    }
  } catch {
    // refused below
  }
  throw new InputError('cursor: is not a cursor from this API');
}

/**
 * Reconciliation's results (`s3_reconciliation_*`): each source's last
 * listing, the entries of the last run with when each was first and last
 * seen, and the tags read, kept between runs.
 */
export class ReconciliationStore {
  static create(db: Knex): ReconciliationStore {
    return new ReconciliationStore(db);
  }

  private constructor(private readonly db: Knex) {}

  /**
   * Stores one run. Entries of the sources listed in this run (`judged`)
   * and every ghost are replaced; a source that could not be listed keeps
   * its entries (their last-seen time says how old they are). Sources no
   * longer configured or derived are dropped with their entries.
   */
  async replace(run: {
    sweepId: string;
    at: string;
    sources: ReconciliationSourceStatus[];
    judged: string[];
    entries: NewEntry[];
  }): Promise<void> {
    const at = dateToDb(run.at);
    const entries = new Map(run.entries.map(e => [entryIdOf(e), e]));
    await this.db.transaction(async tx => {
      const current = run.sources.map(s => s.id);
      // ghosts are judged anew every run, whatever their source
      await tx(ENTRIES)
        .whereNotIn('source_id', current)
        .whereNot({ kind: 'ghost' })
        .delete();
      await tx(SOURCES).whereNotIn('id', current).delete();
      await tx(TAGS).whereNotIn('source_id', current).delete();
      for (const status of run.sources) {
        const { checkedAt, sweepId, bucketsListed, calls, incomplete, error } =
          status;
        const row = {
          id: status.id,
          source: JSON.stringify(sourceOf(status)),
          sweep_id: sweepId,
          checked_at: dateToDb(checkedAt),
          buckets_listed: bucketsListed,
          calls,
          incomplete: incomplete ?? null,
          error: error ?? null,
        };
        await tx(SOURCES).insert(row).onConflict('id').merge();
      }
      const stale = tx(ENTRIES)
        .where(q =>
          q.where({ kind: 'ghost' }).orWhereIn('source_id', run.judged),
        )
        .delete();
      const ids = [...entries.keys()];
      const firstSeen = new Map<string, DbTimestamp>();
      for (let i = 0; i < ids.length; i += 500) {
        const rows: Array<Pick<EntryRow, 'id' | 'first_seen_at'>> = await tx(
          ENTRIES,
        )
          .whereIn('id', ids.slice(i, i + 500))
          .select('id', 'first_seen_at');
        rows.forEach(r => firstSeen.set(r.id, r.first_seen_at));
      }
      await stale;
      // a resource deleted while the sources were listed (retired from the
      // panel, say) takes its entries with it, not the whole run
      const named = [
        ...new Set([...entries.values()].flatMap(e => e.resourceId ?? [])),
      ];
      const existing = new Set<string>();
      for (let i = 0; i < named.length; i += 500) {
        const found: Array<{ id: string }> = await tx('s3_resources')
          .whereIn('id', named.slice(i, i + 500))
          .select('id');
        found.forEach(r => existing.add(r.id));
      }
      const kept = [...entries].filter(
        ([, e]) => !e.resourceId || existing.has(e.resourceId),
      );
      const rows = kept.map(([id, e]) => {
        const { kind, bucket, resourceId, ...details } = e;
        return {
          id,
          kind,
          source_id: e.source.id,
          bucket,
          resource_id: resourceId ?? null,
          details: JSON.stringify(details),
          sweep_id: run.sweepId,
          first_seen_at: firstSeen.get(id) ?? at,
          last_seen_at: at,
        };
      });
      for (let i = 0; i < rows.length; i += 200) {
        await tx(ENTRIES)
          .insert(rows.slice(i, i + 200))
          .onConflict('id')
          .merge();
      }
    });
  }

  private filtered(filter: ReconciliationFilter) {
    const qb = this.db<EntryRow>(ENTRIES);
    if (filter.kinds?.length) qb.whereIn('kind', filter.kinds);
    if (filter.sourceId) qb.where({ source_id: filter.sourceId });
    return qb;
  }

  async list(
    filter: ReconciliationFilter & { limit: number; cursor?: string },
  ): Promise<{ items: ReconciliationEntry[]; nextCursor?: string }> {
    const qb = this.filtered(filter)
      .orderBy([
        { column: 'kind', order: 'asc' },
        { column: 'bucket', order: 'asc' },
        { column: 'id', order: 'asc' },
      ])
      .limit(filter.limit + 1);
    if (filter.cursor) {
      const after = decodeCursor(filter.cursor);
      qb.andWhere(q =>
        q
          .where('kind', '>', after.kind)
          .orWhere(q2 =>
            q2
              .where('kind', '=', after.kind)
              .andWhere(q3 =>
                q3
                  .where('bucket', '>', after.bucket)
                  .orWhere(q4 =>
                    q4
                      .where('bucket', '=', after.bucket)
                      .andWhere('id', '>', after.id),
                  ),
              ),
          ),
      );
    }
    const rows: EntryRow[] = await qb.select('*');
    const items = rows.slice(0, filter.limit).map(fromDb);
    return {
      items,
      ...(rows.length > filter.limit
        ? { nextCursor: encodeCursor(items[items.length - 1]) }
        : {}),
    };
  }

  async count(filter: ReconciliationFilter): Promise<number> {
    const [row] = await this.filtered(filter).count({ n: '*' });
    return Number((row as { n: number | string }).n);
  }

  /** Every matching entry, a page at a time (exports). */
  async *iterate(
    filter: ReconciliationFilter,
  ): AsyncGenerator<ReconciliationEntry> {
    let cursor: string | undefined;
    do {
      const page = await this.list({ ...filter, limit: 500, cursor });
      yield* page.items;
      cursor = page.nextCursor;
    } while (cursor);
  }

  async sources(): Promise<ReconciliationSourceStatus[]> {
    const rows: SourceRow[] = await this.db<SourceRow>(SOURCES).orderBy('id');
    return rows.map(row => ({
      ...(JSON.parse(row.source) as ReconciliationSource),
      checkedAt: isoFromDb(row.checked_at),
      sweepId: row.sweep_id,
      bucketsListed: Number(row.buckets_listed),
      calls: Number(row.calls),
      ...(row.incomplete ? { incomplete: row.incomplete } : {}),
      ...(row.error ? { error: row.error } : {}),
    }));
  }

  /** The tags read for a source's buckets, kept between runs. */
  async tagsOf(sourceId: string): Promise<Map<string, CachedTags>> {
    const rows: Array<{
      bucket: string;
      tags: string | null;
      unknown: string | null;
      read_at: DbTimestamp;
    }> = await this.db(TAGS).where({ source_id: sourceId });
    return new Map(
      rows.map(r => [
        r.bucket,
        {
          ...(r.tags ? { tags: JSON.parse(r.tags) } : {}),
          ...(r.unknown ? { unknown: r.unknown } : {}),
          readAt: isoFromDb(r.read_at),
        },
      ]),
    );
  }

  /** Keeps the tags read now; tags of buckets no longer listed are dropped. */
  async saveTags(
    sourceId: string,
    read: Map<string, CachedTags>,
    listed?: Set<string>,
  ): Promise<void> {
    const rows = [...read].map(([bucket, t]) => ({
      source_id: sourceId,
      bucket,
      tags: t.tags ? JSON.stringify(t.tags) : null,
      unknown: t.unknown ?? null,
      read_at: dateToDb(t.readAt),
    }));
    for (let i = 0; i < rows.length; i += 200) {
      await this.db(TAGS)
        .insert(rows.slice(i, i + 200))
        .onConflict(['source_id', 'bucket'])
        .merge();
    }
    if (listed) {
      const kept: Array<{ bucket: string }> = await this.db(TAGS)
        .where({ source_id: sourceId })
        .select('bucket');
      const gone = kept.map(k => k.bucket).filter(b => !listed.has(b));
      for (let i = 0; i < gone.length; i += 500) {
        await this.db(TAGS)
          .where({ source_id: sourceId })
          .whereIn('bucket', gone.slice(i, i + 500))
          .delete();
      }
    }
  }
}

function sourceOf(status: ReconciliationSourceStatus): ReconciliationSource {
  const { id, provider, endpoint, region, forcePathStyle, credential } = status;
  return {
    id,
    provider,
    ...(endpoint ? { endpoint } : {}),
    region,
    ...(forcePathStyle !== undefined ? { forcePathStyle } : {}),
    credential,
  };
}
