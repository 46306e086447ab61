import { ConflictError, NotFoundError } from '@backstage/errors';
import { Knex } from 'knex';
import { ResourceSort } from '@s3-resources/plugin-s3-resources-common';
import { SecretEnvelope } from '../crypto/SecretBox';
import { ListCursor } from '../service/listCursor';
import { DbRow, ResourceRow, fromDb, toDb } from './resourceRow';
import { sortedList } from './resourceSort';
import { dateToDb, isoFromDbOrNull } from './timestamps';

export type { ResourceRow } from './resourceRow';

/** A condition on the resource table, built from permission conditions. */
export type ResourceQuery = (qb: Knex.QueryBuilder) => void;

export type ResourceListOptions = {
  limit: number;
  /** The sort key (name by default); ties are ordered by name. */
  sort?: ResourceSort;
  /** Direction of the sort key and of the name that breaks its ties. */
  order?: 'asc' | 'desc';
  /** Where the previous page ended (in `sort` and `order`). */
  after?: ListCursor;
  q?: string;
  owners?: string[];
  providers?: string[];
  statuses?: string[];
  /** Extra condition, e.g. from the permission framework. */
  where?: ResourceQuery;
};

/** Where a walk in test order stopped: its last row's last test ('' for never) and id. */
export type TestOrderCursor = { testedAt: string; id: string };

const TABLE = 's3_resources';

/** Where never-tested rows sort in test order: before every test. */
const NEVER_TESTED = new Date(0);

function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; message?: string };
  return (
    e?.code === '23505' || // postgres
    e?.code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    /UNIQUE constraint failed|duplicate key/i.test(String(e?.message))
  );
}

/** Persistence of resources. Knows nothing of permissions or secrets' plaintext. */
export class ResourceStore {
  static create(db: Knex): ResourceStore {
    return new ResourceStore(db);
  }

  private constructor(private readonly db: Knex) {}

  async insert(row: ResourceRow, tx?: Knex.Transaction): Promise<void> {
    try {
      await (tx ?? this.db)(TABLE).insert(toDb(row));
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new ConflictError(
          `A resource for bucket "${row.bucket}"${
            row.prefixKey ? ` and prefix "${row.prefixKey}"` : ''
          } on this endpoint, or a resource named "${
            row.name
          }", is already registered`,
        );
      }
      throw error;
    }
  }

  async get(id: string, tx?: Knex.Transaction): Promise<ResourceRow> {
    const row = await (tx ?? this.db)<DbRow>(TABLE).where({ id }).first();
    if (!row) throw new NotFoundError(`No S3 resource with id ${id}`);
    return fromDb(row);
  }

  /** The rows of these ids that still exist, in the order of `ids`. */
  async getMany(ids: string[]): Promise<ResourceRow[]> {
    if (!ids.length) return [];
    const rows: DbRow[] = await this.db<DbRow>(TABLE).whereIn('id', ids);
    const byId = new Map(rows.map(row => [row.id, row]));
    return ids.flatMap(id => {
      const row = byId.get(id);
      return row ? [fromDb(row)] : [];
    });
  }

  /** Every resource, a page at a time in id order (reconciliation). */
  async *all(pageSize = 500): AsyncGenerator<ResourceRow> {
    let after = '';
    for (;;) {
      const rows: DbRow[] = await this.db<DbRow>(TABLE)
        .where('id', '>', after)
        .orderBy('id')
        .limit(pageSize);
      for (const row of rows) yield fromDb(row);
      if (rows.length < pageSize) return;
      after = rows[rows.length - 1].id;
    }
  }

  /** Name, owner and location of every resource, for the fleet view (one query, no secrets). */
  async locations(): Promise<
    Array<
      Pick<ResourceRow, 'id' | 'name' | 'owner' | 'provider' | 'bucket'> & {
        prefix?: string;
      }
    >
  > {
    const rows: Array<
      Pick<
        DbRow,
        'id' | 'name' | 'owner' | 'provider' | 'bucket' | 'prefix_key'
      >
    > = await this.db<DbRow>(TABLE)
      .select('id', 'name', 'owner', 'provider', 'bucket', 'prefix_key')
      .orderBy('name');
    return rows.map(({ prefix_key, ...row }) => ({
      ...row,
      ...(prefix_key ? { prefix: prefix_key } : {}),
    }));
  }

  async findByName(name: string): Promise<ResourceRow | undefined> {
    const row = await this.db<DbRow>(TABLE).where({ name }).first();
    return row ? fromDb(row) : undefined;
  }

  async findByLocation(location: {
    provider: string;
    endpointKey: string;
    bucket: string;
    prefixKey: string;
  }): Promise<ResourceRow | undefined> {
    const row = await this.db<DbRow>(TABLE)
      .where({
        provider: location.provider,
        endpoint_key: location.endpointKey,
        bucket: location.bucket,
        prefix_key: location.prefixKey,
      })
      .first();
    return row ? fromDb(row) : undefined;
  }

  /**
   * Whole-bucket resources on one provider and endpoint, each with whether
   * `readable` (a permission condition) admits it.
   */
  async wholeBucketsAt(location: {
    provider: string;
    endpointKey: string;
    readable?: ResourceQuery | 'none';
  }): Promise<
    Array<{ id: string; name: string; bucket: string; readable: boolean }>
  > {
    const at = () =>
      this.db<DbRow>(TABLE).where({
        provider: location.provider,
        endpoint_key: location.endpointKey,
        prefix_key: '',
      });
    const rows: Array<Pick<DbRow, 'id' | 'name' | 'bucket'>> =
      await at().select('id', 'name', 'bucket');
    const { readable } = location;
    let visible: Set<string>;
    if (readable === 'none') visible = new Set();
    else if (!readable) visible = new Set(rows.map(r => r.id));
    else {
      const ids: Array<{ id: string }> = await at()
        .where(readable)
        .select('id');
      visible = new Set(ids.map(r => r.id));
    }
    return rows.map(r => ({ ...r, readable: visible.has(r.id) }));
  }

  /** Whether a resource already assumes its role with this ExternalId. */
  async externalIdInUse(externalId: string): Promise<boolean> {
    // LIKE's wildcards in the id (`_`) are escaped
    const pattern = `%"externalId":${JSON.stringify(externalId)}%`.replace(
      /[\\_]/g,
      c => `\\${c}`,
    );
    const row = await this.db<DbRow>(TABLE)
      .where({ auth_method: 'assume-role' })
      .whereRaw("auth like ? escape '\\'", [pattern])
      .first('id');
    return !!row;
  }

  /**
   * Id, name, location and stored auth of every resource whose auth names
   * one of these access key IDs (its own or its role's source), in one
   * query. The LIKE is a prefilter: callers compare the parsed auth.
   */
  async usingAccessKeys(
    accessKeyIds: string[],
  ): Promise<
    Array<
      Pick<
        ResourceRow,
        'id' | 'name' | 'owner' | 'provider' | 'endpointKey' | 'auth'
      >
    >
  > {
    const ids = [...new Set(accessKeyIds)];
    if (!ids.length) return [];
    const rows: Array<
      Pick<
        DbRow,
        'id' | 'name' | 'owner' | 'provider' | 'endpoint_key' | 'auth'
      >
    > = await this.db<DbRow>(TABLE)
      .whereIn('auth_method', ['access-key', 'assume-role'])
      .where(any => {
        for (const id of ids) {
          // LIKE's wildcards in the id are escaped
          const exact = `"accessKeyId":${JSON.stringify(id)}`.replace(
            /[\\_%]/g,
            c => `\\${c}`,
          );
          any.orWhereRaw("auth like ? escape '\\'", [`%${exact}%`]);
        }
      })
      .select('id', 'name', 'owner', 'provider', 'endpoint_key', 'auth')
      .orderBy('name');
    return rows.map(row => ({
      id: row.id,
      name: row.name,
      owner: row.owner,
      provider: row.provider,
      endpointKey: row.endpoint_key,
      auth: JSON.parse(row.auth),
    }));
  }

  /** How many resources an owner (in its canonical spelling) holds. */
  async countByOwner(owner: string): Promise<number> {
    const [row] = await this.db<DbRow>(TABLE)
      .where({ owner })
      .count({ count: '*' });
    return Number((row as { count: number | string }).count);
  }

  /** A page of `list` with the count of every matching row. */
  async list(options: ResourceListOptions): Promise<{
    rows: ResourceRow[];
    totalCount: number;
    hasMore: boolean;
    next?: ListCursor;
  }> {
    const [countRow] = await this.filtered(options).count({ count: '*' });
    return {
      ...(await this.page(options)),
      totalCount: Number((countRow as { count: number | string }).count),
    };
  }

  /** A page in `sort` order (ties by name), without counting. */
  async page(
    options: ResourceListOptions,
  ): Promise<{ rows: ResourceRow[]; hasMore: boolean; next?: ListCursor }> {
    const sorted = sortedList(options.sort ?? 'name', options.order ?? 'asc');
    const page = this.filtered(options).limit(options.limit + 1);
    sorted.apply(page, options.after);
    const rows: DbRow[] = await page.select('*');
    const last =
      rows.length > options.limit ? rows[options.limit - 1] : undefined;
    return {
      rows: rows.slice(0, options.limit).map(fromDb),
      hasMore: rows.length > options.limit,
      ...(last ? { next: sorted.cursorAfter(last) } : {}),
    };
  }

  /**
   * A page in the order the audit sweep visits rows: never tested first, then
   * least recently tested, ties by id. Only rows last tested before
   * `testedBefore` (the sweep's start), so rows the walk itself re-tests do
   * not come round again.
   */
  async pageOldestTestedFirst(options: {
    limit: number;
    testedBefore: string;
    after?: TestOrderCursor;
  }): Promise<{
    rows: ResourceRow[];
    hasMore: boolean;
    next?: TestOrderCursor;
  }> {
    // Never tested sorts first, as if tested at the epoch, on every database.
    const testedAt = 'coalesce(last_tested_at, ?)';
    const asDate = (at: string) => (at ? dateToDb(at) : NEVER_TESTED);
    const page = this.db<DbRow>(TABLE)
      .whereRaw(`${testedAt} < ?`, [
        NEVER_TESTED,
        dateToDb(options.testedBefore),
      ])
      .orderByRaw(`${testedAt} asc, id asc`, [NEVER_TESTED])
      .limit(options.limit + 1);
    const { after } = options;
    if (after) {
      const afterAt = asDate(after.testedAt);
      page.where(inner =>
        inner
          .whereRaw(`${testedAt} > ?`, [NEVER_TESTED, afterAt])
          .orWhere(tie =>
            tie
              .whereRaw(`${testedAt} = ?`, [NEVER_TESTED, afterAt])
              .andWhere('id', '>', after.id),
          ),
      );
    }
    const rows: DbRow[] = await page.select('*');
    const last = rows[Math.min(rows.length, options.limit) - 1];
    return {
      rows: rows.slice(0, options.limit).map(fromDb),
      hasMore: rows.length > options.limit,
      ...(last
        ? {
            next: {
              testedAt: isoFromDbOrNull(last.last_tested_at) ?? '',
              id: last.id,
            },
          }
        : {}),
    };
  }

  private filtered(options: ResourceListOptions) {
    const qb = this.db<DbRow>(TABLE);
    if (options.q) {
      const like = `%${options.q
        .toLocaleLowerCase('en-US')
        .replace(/[\\%_]/g, m => `\\${m}`)}%`;
      qb.where(inner =>
        inner
          .whereRaw(`lower(name) like ? escape '\\'`, [like])
          .orWhereRaw(`lower(bucket) like ? escape '\\'`, [like])
          .orWhereRaw(`lower(coalesce(title, '')) like ? escape '\\'`, [like]),
      );
    }
    if (options.owners?.length) qb.whereIn('owner', options.owners);
    if (options.providers?.length) qb.whereIn('provider', options.providers);
    if (options.statuses?.length) {
      const statuses = options.statuses.filter(s => s !== 'untested');
      qb.where(inner => {
        if (statuses.length) inner.whereIn('last_test_status', statuses);
        if (options.statuses!.includes('untested')) {
          inner.orWhereNull('last_test_status');
        }
      });
    }
    if (options.where) qb.where(options.where);
    return qb;
  }

  /**
   * Writes `next` if the stored version is still `expectedVersion`; the
   * version is bumped. A stale version changes nothing and throws 409.
   */
  async update(
    next: ResourceRow,
    expectedVersion: number,
    tx?: Knex.Transaction,
    options: { keepSecret?: boolean } = {},
  ): Promise<ResourceRow> {
    const row = { ...next, version: expectedVersion + 1 };
    // The last test's columns belong to the test history (TestRunStore), which
    // writes them without a version bump: an edit must not write back the
    // values it read, or a test recorded meanwhile is lost. So does key
    // rotation with the secret's columns: an edit that keeps the secret
    // leaves them alone, or it would write back an envelope of a retired key.
    const {
      last_test_status: _status,
      last_tested_at: _testedAt,
      last_test_run_id: _runId,
      ...all
    } = toDb(row);
    const {
      secret: _secret,
      secret_key_id: _keyId,
      secret_changed_at: _changedAt,
      ...withoutSecret
    } = all;
    const columns = options.keepSecret ? withoutSecret : all;
    let count: number;
    try {
      count = await (tx ?? this.db)(TABLE)
        .where({ id: next.id, version: expectedVersion })
        .update(columns);
    } catch (error) {
      if (isUniqueViolation(error)) {
        throw new ConflictError(
          `Another resource already uses name "${row.name}" or bucket "${row.bucket}" on this endpoint`,
        );
      }
      throw error;
    }
    if (count === 0) {
      const current = await this.get(next.id, tx);
      throw new ConflictError(
        `Resource ${current.name} was changed by someone else (version ${current.version}, you sent ${expectedVersion}); reload it and apply your change again`,
      );
    }
    // as stored, with the last test as it is now
    return this.get(next.id, tx);
  }

  async delete(id: string, tx?: Knex.Transaction): Promise<void> {
    const count = await (tx ?? this.db)(TABLE).where({ id }).delete();
    if (count === 0) throw new NotFoundError(`No S3 resource with id ${id}`);
  }

  /** Stored secrets' key ids, for the start-up check and rotation. */
  async secretKeyIds(): Promise<string[]> {
    const rows = await this.db(TABLE)
      .whereNotNull('secret_key_id')
      .distinct('secret_key_id');
    return rows.map((r: { secret_key_id: string }) => r.secret_key_id);
  }

  /** One row encrypted under the given key, to prove the key still decrypts. */
  async sampleWithKey(keyId: string): Promise<ResourceRow | undefined> {
    const row = await this.db<DbRow>(TABLE)
      .where({ secret_key_id: keyId })
      .first();
    return row ? fromDb(row) : undefined;
  }

  /** Rows whose secret is encrypted under another key than `keyId`. */
  async rowsNotUnderKey(keyId: string, limit: number): Promise<ResourceRow[]> {
    const rows: DbRow[] = await this.db<DbRow>(TABLE)
      .whereNotNull('secret_key_id')
      .whereNot('secret_key_id', keyId)
      .orderBy('id')
      .limit(limit);
    return rows.map(fromDb);
  }

  /** Swaps a row's secret if it is still `previous`; true when it was swapped. */
  async replaceSecret(
    id: string,
    previous: SecretEnvelope,
    next: SecretEnvelope,
  ): Promise<boolean> {
    const count = await this.db(TABLE)
      .where({ id, secret: JSON.stringify(previous) })
      .update({ secret: JSON.stringify(next), secret_key_id: next.kid });
    return count === 1;
  }

  async transaction<T>(fn: (tx: Knex.Transaction) => Promise<T>): Promise<T> {
    return this.db.transaction(fn);
  }
}
