import { Knex } from 'knex';
import { randomUUID } from 'node:crypto';
import { DbTimestamp, dateToDb, isoFromDb } from './timestamps';
import {
  AuditOutcome,
  AuditRecord,
  TestStatus,
} from '@s3-resources/plugin-s3-resources-common';

type DbRow = {
  seq: number | string;
  id: string;
  at: DbTimestamp;
  actor: string;
  action: string;
  resource_id: string | null;
  resource_name: string | null;
  outcome: string;
  changed_fields: string | null;
  message: string | null;
  verdict: string | null;
  object_key: string | null;
};

export type AuditQuery = {
  resourceId?: string;
  actor?: string;
  action?: string;
  since?: string;
  until?: string;
  limit: number;
  /** Sequence number of the last row of the previous page. */
  before?: number;
};

const TABLE = 's3_resource_audit';

function fromDb(row: DbRow): AuditRecord & { seq: number } {
  return {
    seq: Number(row.seq),
    id: row.id,
    at: isoFromDb(row.at),
    actor: row.actor,
    action: row.action,
    ...(row.resource_id ? { resourceId: row.resource_id } : {}),
    ...(row.resource_name ? { resourceName: row.resource_name } : {}),
    outcome: row.outcome as AuditOutcome,
    ...(row.changed_fields
      ? { changedFields: JSON.parse(row.changed_fields) }
      : {}),
    ...(row.message ? { message: row.message } : {}),
    ...(row.verdict ? { verdict: row.verdict as TestStatus } : {}),
    ...(row.object_key ? { objectKey: row.object_key } : {}),
  };
}

/** Append-only audit table, newest first when read. */
export class AuditStore {
  static create(db: Knex): AuditStore {
    return new AuditStore(db);
  }

  private constructor(private readonly db: Knex) {}

  async append(
    record: Omit<AuditRecord, 'id' | 'at'> & { at?: string },
    tx?: Knex.Transaction,
  ): Promise<void> {
    await (tx ?? this.db)(TABLE).insert({
      id: randomUUID(),
      at: record.at ? dateToDb(record.at) : new Date(),
      actor: record.actor,
      action: record.action,
      resource_id: record.resourceId ?? null,
      resource_name: record.resourceName ?? null,
      outcome: record.outcome,
      changed_fields: record.changedFields
        ? JSON.stringify(record.changedFields)
        : null,
      message: record.message ?? null,
      verdict: record.verdict ?? null,
      object_key: record.objectKey ?? null,
    });
  }

  private filtered(query: Omit<AuditQuery, 'limit' | 'before'>) {
    const qb = this.db<DbRow>(TABLE);
    if (query.resourceId) qb.where('resource_id', query.resourceId);
    if (query.actor) qb.where('actor', query.actor);
    if (query.action) qb.where('action', query.action);
    if (query.since) qb.where('at', '>=', dateToDb(query.since));
    if (query.until) qb.where('at', '<', dateToDb(query.until));
    return qb;
  }

  async list(query: AuditQuery): Promise<{
    items: Array<AuditRecord & { seq: number }>;
    hasMore: boolean;
  }> {
    const qb = this.filtered(query)
      .orderBy('seq', 'desc')
      .limit(query.limit + 1);
    if (query.before !== undefined) qb.where('seq', '<', query.before);
    const rows: DbRow[] = await qb.select('*');
    return {
      items: rows.slice(0, query.limit).map(fromDb),
      hasMore: rows.length > query.limit,
    };
  }

  /** Streams every matching row in pages, so an export never holds the table in memory. */
  async *iterate(
    query: Omit<AuditQuery, 'limit' | 'before'>,
    pageSize = 1000,
  ): AsyncGenerator<AuditRecord> {
    let before: number | undefined;
    for (;;) {
      const page = await this.list({ ...query, limit: pageSize, before });
      for (const item of page.items) {
        const { seq: _seq, ...record } = item;
        yield record;
      }
      if (!page.hasMore || page.items.length === 0) return;
      before = page.items[page.items.length - 1].seq;
    }
  }
}
