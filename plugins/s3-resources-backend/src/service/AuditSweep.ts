import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { AuditSweepRun } from '@s3-resources/plugin-s3-resources-common';
import { randomUUID } from 'node:crypto';
import { ResourceStore, TestOrderCursor } from '../database/ResourceStore';
import { SweepBatchStore } from '../database/SweepBatchStore';
import { SweepRunStore } from '../database/SweepRunStore';
import { AuditTrail } from './AuditTrail';
import { SweepWorker } from './SweepWorker';

/** The scheduler task that starts a sweep; one run at a time across all instances. */
export const AUDIT_SWEEP_TASK_ID = 's3-resources:audit-sweep';

/** The local task with which every instance joins a sweep under way. */
export const AUDIT_SWEEP_WORKER_TASK_ID = 's3-resources:audit-sweep-worker';

/** Batches of the newest runs are kept (who did what); older ones are dropped. */
const KEEP_BATCHES_OF_RUNS = 5;

/** Resolves after `ms`, or at once when `signal` aborts. */
function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise<void>(resolve => {
    let timer: NodeJS.Timeout | undefined = undefined;
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    timer = setTimeout(done, ms);
    if (signal?.aborted) done();
    else signal?.addEventListener('abort', done);
  });
}

/**
 * The audit sweep, as started by the global scheduler task: records a run
 * (`s3_audit_sweeps`), cuts every resource into batches in test order
 * (never-tested and least recently tested first) and writes them
 * (`s3_audit_sweep_batches`), then works batches with this instance's
 * SweepWorker while the other instances join through their local task, and
 * waits until the last batch is done. The run is one `audit-sweep` audit
 * event by `plugin:s3-resources`.
 */
export class AuditSweep {
  static create(options: {
    store: ResourceStore;
    sweeps: SweepRunStore;
    batches: SweepBatchStore;
    worker: SweepWorker;
    auth: AuthService;
    audit: AuditTrail;
    logger: LoggerService;
    /** Names this backend instance in the sweep runs. */
    instanceId: string;
    /** Resources per batch. */
    batchSize: number;
    /** How often to look whether batches held elsewhere are done. */
    pollMs: number;
  }) {
    return new AuditSweep(options);
  }

  private constructor(
    private readonly options: Parameters<typeof AuditSweep.create>[0],
  ) {}

  /** One sweep over every resource; stops starting tests when `signal` aborts (the task's timeout). */
  async run(signal?: AbortSignal): Promise<AuditSweepRun> {
    const { sweeps, batches, worker, logger, audit } = this.options;
    const credentials = await this.options.auth.getOwnServiceCredentials();
    return audit.run(
      { credentials },
      { action: 'audit-sweep', severityLevel: 'medium' },
      async () => {
        const id = randomUUID();
        const startedAt = new Date().toISOString();
        const { abandoned } = await sweeps.start({
          id,
          instanceId: this.options.instanceId,
          startedAt,
        });
        if (abandoned) {
          logger.warn(
            `Audit sweep ${id}: ${abandoned} earlier run(s) never finished (their instance stopped); marked abandoned`,
          );
        }
        await batches.prune(KEEP_BATCHES_OF_RUNS);
        const t0 = Date.now();
        let planned: number;
        try {
          planned = await this.plan(id, startedAt, signal);
        } catch (error) {
          await this.close(id, 'failure', (error as Error).message);
          throw error;
        }
        await worker.closeIfComplete(id);
        const failures: Error[] = [];
        const stopped = new Promise<void>(resolve => {
          if (signal?.aborted) resolve();
          signal?.addEventListener('abort', () => resolve(), { once: true });
        });
        const recordFailure = (error: Error) => {
          failures.push(error);
        };
        for (;;) {
          // The loop may be this instance's local task's: stop waiting for
          // it at the timeout; closing the run stops its batch (renewals
          // fail) and its claims.
          await Promise.race([
            worker.work(signal).catch(recordFailure),
            stopped,
          ]);
          const run = await sweeps.get(id);
          if (run?.outcome !== 'running' || signal?.aborted) break;
          // the rest is held by other instances: wait, ready to take over
          await sleep(this.options.pollMs, signal);
        }
        if (signal?.aborted && (await sweeps.get(id))?.outcome === 'running') {
          const closed = await this.close(
            id,
            'aborted',
            'Stopped at the task timeout',
          );
          throw new Error(
            `Audit sweep ${id} stopped at its timeout after ${closed.resourcesChecked} resource(s)`,
          );
        }
        const run = (await sweeps.get(id))!;
        if (run.outcome === 'failure' || run.outcome === 'abandoned') {
          throw failures[0] ?? new Error(run.message ?? run.outcome);
        }
        logger.info(
          `Audit sweep ${id} checked ${
            run.resourcesChecked
          } resource(s) in ${planned} batch(es) in ${Date.now() - t0} ms: ${
            run.findings
          } finding(s)`,
        );
        return run;
      },
    );
  }

  /**
   * Writes the sweep's batches, one page of the test order each, so no
   * instance ever holds more than a batch of rows. Instances may claim the
   * first batches while the rest are written.
   */
  private async plan(
    id: string,
    startedAt: string,
    signal?: AbortSignal,
  ): Promise<number> {
    const { store, batches, sweeps, batchSize } = this.options;
    let after: TestOrderCursor | undefined;
    let seq = 0;
    for (;;) {
      if (signal?.aborted) break;
      const page = await store.pageOldestTestedFirst({
        limit: batchSize,
        testedBefore: startedAt,
        after,
      });
      if (page.rows.length === 0) break;
      await batches.add(
        id,
        seq++,
        page.rows.map(row => row.id),
      );
      if (!page.hasMore) break;
      after = page.next;
    }
    await sweeps.markPlanned(id, seq);
    return seq;
  }

  /** Closes the run with the done batches' counts (unless someone closed it already). */
  private async close(
    id: string,
    outcome: 'aborted' | 'failure',
    message: string,
  ): Promise<{ resourcesChecked: number }> {
    const totals = await this.options.batches.totals(id);
    await this.options.sweeps.finish(id, {
      finishedAt: new Date().toISOString(),
      resourcesChecked: totals.resourcesChecked,
      findings: totals.findings,
      outcome,
      message:
        outcome === 'aborted'
          ? `${message} after ${totals.resourcesChecked} resource(s); the rest keep their earlier findings`
          : message,
    });
    return totals;
  }
}
