import { InputError } from '@backstage/errors';
import {
  AuditFinding,
  FINDING_SEVERITIES,
  FindingKind,
  FindingSeverity,
} from '@s3-resources/plugin-s3-resources-common';
import { Knex } from 'knex';
import { randomUUID } from 'node:crypto';
import { ResourceQuery } from './ResourceStore';
import { DbTimestamp, dateToDb, isoFromDb } from './timestamps';

/** A finding as a sweep computes it, before it is stored. */
export type NewFinding = {
  kind: FindingKind;
  severity: FindingSeverity;
  message: string;
  fix: string;
};

export type FindingFilter = {
  severities?: FindingSeverity[];
  kinds?: FindingKind[];
  owners?: string[];
  resourceId?: string;
  /** Which resources the caller may see (permission conditions); undefined = all. */
  where?: ResourceQuery;
};

type DbRow = {
  id: string;
  resource_id: string;
  kind: string;
  severity: string;
  severity_rank: number | string;
  message: string;
  fix: string;
  first_seen_at: DbTimestamp;
  last_seen_at: DbTimestamp;
  sweep_id: string;
  resource_name: string;
  resource_owner: string;
};

const FINDINGS = 's3_resource_findings';
const RESOURCES = 's3_resources';

const rankOf = (severity: FindingSeverity) =>
  FINDING_SEVERITIES.indexOf(severity) + 1;

function fromDb(row: DbRow): AuditFinding {
  return {
    id: row.id,
    resourceId: row.resource_id,
    resourceName: row.resource_name,
    owner: row.resource_owner,
    kind: row.kind as FindingKind,
    severity: row.severity as FindingSeverity,
    message: row.message,
    fix: row.fix,
    firstSeenAt: isoFromDb(row.first_seen_at),
    lastSeenAt: isoFromDb(row.last_seen_at),
    sweepId: row.sweep_id,
  };
}

/** Position after a row in the list order (most severe first, then resource name, then kind). */
type After = { rank: number; name: string; kind: string };

function encodeCursor(row: AuditFinding): string {
  return Buffer.from(
    JSON.stringify([rankOf(row.severity), row.resourceName, row.kind]),
  ).toString('base64url');
}

function decodeCursor(cursor: string): After {
  try {
    const [rank, name, kind] = JSON.parse(
      Buffer.from(cursor, 'base64url').toString('utf8'),
    );
    if (
      Number.isInteger(rank) &&
      typeof name === 'string' &&
      typeof kind === 'string'
    ) {
      return { rank, name, kind };
    }
  } catch {
    // reported below
  }
  throw new InputError('cursor: is not a cursor from this API');
}

/**
 * The audit sweep's findings, at most one per resource and kind. A sweep
 * replaces a resource's findings: those no longer seen disappear, those
 * still seen keep their id and first-seen time. Rows go with their resource.
 */
export class FindingStore {
  static create(db: Knex): FindingStore {
    return new FindingStore(db);
  }

  private constructor(private readonly db: Knex) {}

  /**
   * Makes `findings` the resource's findings as of `seenAt`. Findings of the
   * `keep` kinds (checks the sweep could not make this time) stay as they
   * were. False when the resource is gone.
   */
  async replaceForResource(
    resourceId: string,
    findings: NewFinding[],
    sweep: { id: string; seenAt: string },
    keep: FindingKind[] = [],
  ): Promise<boolean> {
    const seenAt = dateToDb(sweep.seenAt);
    return this.db.transaction(async tx => {
      const exists = await tx(RESOURCES).where({ id: resourceId }).first('id');
      if (!exists) return false;
      const existing: Array<{ id: string; kind: string }> = await tx(FINDINGS)
        .where({ resource_id: resourceId })
        .select('id', 'kind');
      const kinds = new Set<string>([...findings.map(f => f.kind), ...keep]);
      const gone = existing.filter(e => !kinds.has(e.kind));
      if (gone.length) {
        await tx(FINDINGS)
          .whereIn(
            'id',
            gone.map(g => g.id),
          )
          .delete();
      }
      for (const finding of findings) {
        const columns = {
          severity: finding.severity,
          severity_rank: rankOf(finding.severity),
          message: finding.message,
          fix: finding.fix,
          last_seen_at: seenAt,
          sweep_id: sweep.id,
        };
        const previous = existing.find(e => e.kind === finding.kind);
        if (previous) {
          await tx(FINDINGS).where({ id: previous.id }).update(columns);
        } else {
          await tx(FINDINGS).insert({
            id: randomUUID(),
            resource_id: resourceId,
            kind: finding.kind,
            first_seen_at: seenAt,
            ...columns,
          });
        }
      }
      return true;
    });
  }

  private filtered(filter: FindingFilter) {
    const qb = this.db<DbRow>({ f: FINDINGS }).join(
      { r: RESOURCES },
      'r.id',
      'f.resource_id',
    );
    if (filter.severities?.length) {
      qb.whereIn('f.severity', filter.severities);
    }
    if (filter.kinds?.length) qb.whereIn('f.kind', filter.kinds);
    if (filter.resourceId) qb.where('f.resource_id', filter.resourceId);
    if (filter.owners?.length) {
      qb.whereRaw(
        `lower(r.owner) in (${filter.owners.map(() => '?').join(', ')})`,
        filter.owners.map(o => o.toLocaleLowerCase('en-US')),
      );
    }
    if (filter.where) {
      // Permission conditions name the resource table's columns unqualified.
      qb.whereIn(
        'f.resource_id',
        this.db(RESOURCES).select('id').where(filter.where),
      );
    }
    return qb;
  }

  /** Most severe first, then by resource name and kind; keyset paging. */
  async list(
    filter: FindingFilter & { limit: number; cursor?: string },
  ): Promise<{ items: AuditFinding[]; nextCursor?: string }> {
    const qb = this.filtered(filter)
      .select('f.*', { resource_name: 'r.name' }, { resource_owner: 'r.owner' })
      .orderBy([
        { column: 'f.severity_rank', order: 'desc' },
        { column: 'r.name', order: 'asc' },
        { column: 'f.kind', order: 'asc' },
      ])
      .limit(filter.limit + 1);
    if (filter.cursor) {
      const after = decodeCursor(filter.cursor);
      qb.andWhere(q =>
        q
          .where('f.severity_rank', '<', after.rank)
          .orWhere(q2 =>
            q2
              .where('f.severity_rank', after.rank)
              .andWhere('r.name', '>', after.name),
          )
          .orWhere(q3 =>
            q3
              .where('f.severity_rank', after.rank)
              .andWhere('r.name', after.name)
              .andWhere('f.kind', '>', after.kind),
          ),
      );
    }
    const rows: DbRow[] = await qb;
    const items = rows.slice(0, filter.limit).map(fromDb);
    return {
      items,
      ...(rows.length > filter.limit
        ? { nextCursor: encodeCursor(items[items.length - 1]) }
        : {}),
    };
  }

  async count(filter: FindingFilter): Promise<number> {
    const [row] = await this.filtered(filter).count({ n: '*' });
    return Number((row as { n: number | string }).n);
  }

  /** Counts by severity and kind, and how many resources have findings. */
  async summary(filter: FindingFilter): Promise<{
    groups: Array<{ kind: FindingKind; severity: FindingSeverity; n: number }>;
    resources: number;
  }> {
    const groups = (await this.filtered(filter)
      .select('f.kind', 'f.severity')
      .count({ n: '*' })
      .groupBy('f.kind', 'f.severity')) as unknown as Array<{
      kind: string;
      severity: string;
      n: number | string;
    }>;
    const [resources] = await this.filtered(filter).countDistinct({
      n: 'f.resource_id',
    });
    return {
      groups: groups.map(g => ({
        kind: g.kind as FindingKind,
        severity: g.severity as FindingSeverity,
        n: Number(g.n),
      })),
      resources: Number((resources as { n: number | string }).n),
    };
  }

  /**
   * Resources registered since `since` (all of them without it) that the
   * filter's owner, resource and permission conditions keep: resources the
   * last sweep has not judged yet.
   */
  async countUnswept(filter: FindingFilter, since?: string): Promise<number> {
    const qb = this.db(RESOURCES);
    if (since) qb.where('created_at', '>=', dateToDb(since));
    if (filter.resourceId) qb.where('id', filter.resourceId);
    if (filter.owners?.length) {
      qb.whereRaw(
        `lower(owner) in (${filter.owners.map(() => '?').join(', ')})`,
        filter.owners.map(o => o.toLocaleLowerCase('en-US')),
      );
    }
    if (filter.where) qb.where(filter.where);
    const [row] = await qb.count({ n: '*' });
    return Number((row as { n: number | string }).n);
  }

  /** How many findings of each severity every resource has (one query). */
  async countsByResource(): Promise<
    Map<string, Partial<Record<FindingSeverity, number>>>
  > {
    const groups = (await this.db(FINDINGS)
      .select('resource_id', 'severity')
      .count({ n: '*' })
      .groupBy('resource_id', 'severity')) as unknown as Array<{
      resource_id: string;
      severity: string;
      n: number | string;
    }>;
    const counts = new Map<string, Partial<Record<FindingSeverity, number>>>();
    for (const g of groups) {
      const entry = counts.get(g.resource_id) ?? {};
      entry[g.severity as FindingSeverity] = Number(g.n);
      counts.set(g.resource_id, entry);
    }
    return counts;
  }

  /** Every matching finding, page by page, for exports. */
  async *iterate(
    filter: FindingFilter,
    pageSize = 500,
  ): AsyncGenerator<AuditFinding> {
    let cursor: string | undefined;
    for (;;) {
      const page = await this.list({ ...filter, limit: pageSize, cursor });
      yield* page.items;
      if (!page.nextCursor) return;
      cursor = page.nextCursor;
    }
  }
}
