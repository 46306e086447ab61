import { InputError } from '@backstage/errors';
import { TestRun, TestStatus } from '@s3-resources/plugin-s3-resources-common';
import { Knex } from 'knex';
import { DbTimestamp, dateToDb, isoFromDb } from './timestamps';

type DbRow = {
  id: string;
  resource_id: string;
  status: string;
  started_at: DbTimestamp;
  duration_ms: number;
  steps: string;
  initiated_by: string;
};

const RUNS = 's3_resource_test_runs';
const RESOURCES = 's3_resources';

/** Runs kept per resource; older ones are pruned when a run is recorded. */
export const MAX_RUNS_PER_RESOURCE = 200;

function fromDb(row: DbRow): TestRun {
  return {
    id: row.id,
    resourceId: row.resource_id,
    status: row.status as TestStatus,
    startedAt: isoFromDb(row.started_at),
    durationMs: Number(row.duration_ms),
    steps: JSON.parse(row.steps),
    initiatedBy: row.initiated_by,
  };
}

function encodeCursor(run: Pick<TestRun, 'startedAt' | 'id'>): string {
  return Buffer.from(`${run.startedAt}|${run.id}`, 'utf8').toString(
    'base64url',
  );
}

function decodeCursor(cursor: string): { startedAt: Date; id: string } {
  const [startedAt, id] = Buffer.from(cursor, 'base64url')
    .toString('utf8')
    .split('|');
  const at = new Date(startedAt);
  if (!startedAt || !id || Number.isNaN(at.getTime())) {
    throw new InputError('cursor: is not a cursor from this API');
  }
  return { startedAt: at, id };
}

/**
 * Connection test history (`s3_resource_test_runs`) and the last-test status
 * columns of `s3_resources`. Recording a run does not bump the resource's
 * version: a test result is not an edit.
 */
export class TestRunStore {
  static create(db: Knex): TestRunStore {
    return new TestRunStore(db);
  }

  private constructor(private readonly db: Knex) {}

  /**
   * Stores a run and makes it the resource's last test unless a newer run is
   * already recorded. False when the resource no longer exists.
   */
  async record(run: TestRun & { resourceId: string }): Promise<boolean> {
    const startedAt = dateToDb(run.startedAt);
    return this.db.transaction(async tx => {
      const exists = await tx(RESOURCES)
        .where({ id: run.resourceId })
        .first('id');
      if (!exists) return false;
      await tx<DbRow>(RUNS).insert({
        id: run.id,
        resource_id: run.resourceId,
        status: run.status,
        started_at: startedAt,
        duration_ms: run.durationMs,
        steps: JSON.stringify(run.steps),
        initiated_by: run.initiatedBy,
      });
      await tx(RESOURCES)
        .where({ id: run.resourceId })
        .andWhere(q =>
          q
            .whereNull('last_tested_at')
            .orWhere('last_tested_at', '<=', startedAt),
        )
        .update({
          last_test_status: run.status,
          last_tested_at: startedAt,
          last_test_run_id: run.id,
        });
      // The audit sweep asks whether uploads were ever checked (access broader than used).
      if (run.steps.some(s => s.id === 'write' && s.status !== 'skipped')) {
        await tx(RESOURCES)
          .where({ id: run.resourceId })
          .andWhere(q =>
            q
              .whereNull('write_probe_at')
              .orWhere('write_probe_at', '<', startedAt),
          )
          .update({ write_probe_at: startedAt });
      }
      const stale = await tx<DbRow>(RUNS)
        .where({ resource_id: run.resourceId })
        .orderBy([
          { column: 'started_at', order: 'desc' },
          { column: 'id', order: 'desc' },
        ])
        .offset(MAX_RUNS_PER_RESOURCE)
        .limit(1000)
        .select('id');
      if (stale.length) {
        await tx(RUNS)
          .whereIn(
            'id',
            stale.map(r => r.id),
          )
          .delete();
      }
      return true;
    });
  }

  /** The runs of these ids that are still kept. */
  async getMany(ids: string[]): Promise<Map<string, TestRun>> {
    const found = new Map<string, TestRun>();
    for (let i = 0; i < ids.length; i += 500) {
      const rows: DbRow[] = await this.db<DbRow>(RUNS).whereIn(
        'id',
        ids.slice(i, i + 500),
      );
      rows.forEach(row => found.set(row.id, fromDb(row)));
    }
    return found;
  }

  /** A resource's runs, newest first, with cursor paging. */
  async list(
    resourceId: string,
    options: { limit: number; cursor?: string },
  ): Promise<{ items: TestRun[]; nextCursor?: string }> {
    const qb = this.db<DbRow>(RUNS)
      .where({ resource_id: resourceId })
      .orderBy([
        { column: 'started_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .limit(options.limit + 1);
    if (options.cursor) {
      const after = decodeCursor(options.cursor);
      qb.andWhere(q =>
        q
          .where('started_at', '<', after.startedAt)
          .orWhere(inner =>
            inner
              .where('started_at', '=', after.startedAt)
              .andWhere('id', '<', after.id),
          ),
      );
    }
    const rows: DbRow[] = await qb.select('*');
    const items = rows.slice(0, options.limit).map(fromDb);
    return {
      items,
      ...(rows.length > options.limit
        ? { nextCursor: encodeCursor(items[items.length - 1]) }
        : {}),
    };
  }
}
