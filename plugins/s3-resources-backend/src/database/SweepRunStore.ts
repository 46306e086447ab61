import {
  AuditSweepOutcome,
  AuditSweepRun,
} from '@s3-resources/plugin-s3-resources-common';
import { Knex } from 'knex';
import { DbTimestamp, dateToDb, isoFromDb } from './timestamps';

type DbRow = {
  id: string;
  started_at: DbTimestamp;
  finished_at: DbTimestamp | null;
  instance_id: string;
  resources_checked: number | string;
  findings: number | string;
  outcome: string;
  message: string | null;
};

const TABLE = 's3_audit_sweeps';

/** Sweep runs older than this many are pruned when a run starts. */
export const MAX_SWEEP_RUNS = 1000;

function fromDb(row: DbRow): AuditSweepRun {
  return {
    id: row.id,
    startedAt: isoFromDb(row.started_at),
    ...(row.finished_at ? { finishedAt: isoFromDb(row.finished_at) } : {}),
    instanceId: row.instance_id,
    resourcesChecked: Number(row.resources_checked),
    findings: Number(row.findings),
    outcome: row.outcome as AuditSweepOutcome,
    ...(row.message ? { message: row.message } : {}),
  };
}

/**
 * Runs of the audit sweep (`s3_audit_sweeps`): when, on which instance, how
 * many resources and findings, and how it ended. Together they show that the
 * sweep ran once per interval across all instances.
 */
export class SweepRunStore {
  static create(db: Knex): SweepRunStore {
    return new SweepRunStore(db);
  }

  private constructor(private readonly db: Knex) {}

  /**
   * Records a run as started. Runs still marked running outlived the task
   * timeout of the instance that started them (the global scheduler never
   * starts a run while one holds the lease): that instance died and the
   * others did not finish its batches in time, so they are closed as
   * abandoned and their open batches are claimed no more.
   */
  async start(run: {
    id: string;
    instanceId: string;
    startedAt: string;
  }): Promise<{ abandoned: number }> {
    const abandoned = await this.db(TABLE)
      .where({ outcome: 'running' })
      .update({
        outcome: 'abandoned',
        message:
          'The instance that started this sweep stopped and its batches were not all done by the task timeout; the next run took over',
      });
    await this.db(TABLE).insert({
      id: run.id,
      started_at: dateToDb(run.startedAt),
      finished_at: null,
      instance_id: run.instanceId,
      resources_checked: 0,
      findings: 0,
      outcome: 'running',
      message: null,
    });
    const stale = await this.db(TABLE)
      .orderBy('started_at', 'desc')
      .offset(MAX_SWEEP_RUNS)
      .limit(1000)
      .select('id');
    if (stale.length) {
      await this.db(TABLE)
        .whereIn(
          'id',
          stale.map(r => r.id),
        )
        .delete();
    }
    return { abandoned };
  }

  /** The sweep has been cut into this many batches: once they are done, it is. */
  async markPlanned(id: string, batches: number): Promise<void> {
    await this.db(TABLE)
      .where({ id, outcome: 'running' })
      .update({ planned_batches: batches });
  }

  async get(id: string): Promise<AuditSweepRun | undefined> {
    const row: DbRow | undefined = await this.db<DbRow>(TABLE)
      .where({ id })
      .first();
    return row ? fromDb(row) : undefined;
  }

  /** Progress while running, so a killed run still shows how far it got. */
  async progress(
    id: string,
    counts: { resourcesChecked: number; findings: number },
  ): Promise<void> {
    await this.db(TABLE).where({ id, outcome: 'running' }).update({
      resources_checked: counts.resourcesChecked,
      findings: counts.findings,
    });
  }

  /**
   * Ends a run unless it was already closed (e.g. as abandoned, or by
   * another instance); true for the one call that closed it.
   */
  async finish(
    id: string,
    result: {
      finishedAt: string;
      resourcesChecked: number;
      findings: number;
      outcome: Exclude<AuditSweepOutcome, 'running'>;
      message?: string;
    },
  ): Promise<boolean> {
    const closed = await this.db(TABLE)
      .where({ id, outcome: 'running' })
      .update({
        finished_at: dateToDb(result.finishedAt),
        resources_checked: result.resourcesChecked,
        findings: result.findings,
        outcome: result.outcome,
        message: result.message?.slice(0, 2000) ?? null,
      });
    return closed === 1;
  }

  /** Newest first. */
  async list(limit: number): Promise<AuditSweepRun[]> {
    const rows: DbRow[] = await this.db<DbRow>(TABLE)
      .orderBy([
        { column: 'started_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .limit(limit);
    return rows.map(fromDb);
  }

  /** The latest run that ended (whatever its outcome). */
  async lastFinished(): Promise<AuditSweepRun | undefined> {
    const row: DbRow | undefined = await this.db<DbRow>(TABLE)
      .whereNotNull('finished_at')
      .orderBy('started_at', 'desc')
      .first();
    return row ? fromDb(row) : undefined;
  }
}
