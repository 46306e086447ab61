import { Knex } from 'knex';
import { randomUUID } from 'node:crypto';

const BATCHES = 's3_audit_sweep_batches';
const SWEEPS = 's3_audit_sweeps';

/** Test errors kept per batch for the run's message. */
const ERROR_SAMPLE = 5;

/** A batch this instance holds: only the holder of `claimId` may renew or complete it. */
export type ClaimedBatch = {
  sweepId: string;
  seq: number;
  claimId: string;
  /** The sweep's start: the findings' `seenAt`. */
  sweepStartedAt: Date;
  resourceIds: string[];
  /** How many times it was claimed, this claim included (2 and more: taken over). */
  claims: number;
};

export type BatchResult = {
  resourcesChecked: number;
  findings: number;
  testErrors: string[];
};

/** What the done batches of a sweep add up to. */
export type SweepTotals = {
  planned: number | null;
  done: number;
  open: number;
  resourcesChecked: number;
  findings: number;
  testErrors: number;
  errorSample: string[];
};

/**
 * The batches of the audit sweep (`s3_audit_sweep_batches`): the run that
 * starts a sweep writes them, and any instance claims one under a lease,
 * renews the lease while it works, and marks it done with its counts. A
 * lease that ran out (its instance died) makes the batch claimable again,
 * so a dead instance loses at most the batch it held.
 *
 * Claims are a conditional UPDATE (open, or lease expired) that only one
 * instance wins, on PostgreSQL and SQLite alike. Times are the instances'
 * clocks; the lease is seconds long, far above their skew.
 */
export class SweepBatchStore {
  static create(db: Knex): SweepBatchStore {
    return new SweepBatchStore(db);
  }

  private constructor(private readonly db: Knex) {}

  /** Writes one batch of a sweep being planned. */
  async add(sweepId: string, seq: number, resourceIds: string[]) {
    await this.db(BATCHES).insert({
      sweep_id: sweepId,
      seq,
      resource_ids: JSON.stringify(resourceIds),
      size: resourceIds.length,
      claims: 0,
    });
  }

  /**
   * Claims the first open batch of a running sweep, or one whose lease ran
   * out. Undefined when there is none (or others won every candidate).
   */
  async claim(options: {
    instanceId: string;
    leaseMs: number;
    sweepId?: string;
  }): Promise<ClaimedBatch | undefined> {
    const now = new Date();
    const candidates: Array<{ sweep_id: string; seq: number }> = await this.db(
      `${BATCHES} as b`,
    )
      .join(`${SWEEPS} as s`, 's.id', 'b.sweep_id')
      .where('s.outcome', 'running')
      .whereNull('b.done_at')
      .where(open =>
        open
          .whereNull('b.lease_expires_at')
          .orWhere('b.lease_expires_at', '<', now),
      )
      .modify(q => {
        if (options.sweepId) q.where('b.sweep_id', options.sweepId);
      })
      .orderBy([
        { column: 's.started_at', order: 'asc' },
        { column: 'b.seq', order: 'asc' },
      ])
      .limit(4)
      .select('b.sweep_id', 'b.seq');
    for (const candidate of candidates) {
      const claimId = randomUUID();
      const won = await this.db(BATCHES)
        .where({ sweep_id: candidate.sweep_id, seq: candidate.seq })
        .whereNull('done_at')
        .where(open =>
          open
            .whereNull('lease_expires_at')
            .orWhere('lease_expires_at', '<', now),
        )
        .update({
          claimed_by: options.instanceId,
          claim_id: claimId,
          claims: this.db.raw('claims + 1'),
          lease_expires_at: new Date(now.getTime() + options.leaseMs),
        });
      if (won !== 1) continue;
      const row = await this.db(`${BATCHES} as b`)
        .join(`${SWEEPS} as s`, 's.id', 'b.sweep_id')
        .where({ 'b.sweep_id': candidate.sweep_id, 'b.seq': candidate.seq })
        .first('b.resource_ids', 'b.claims', 's.started_at');
      return {
        sweepId: candidate.sweep_id,
        seq: candidate.seq,
        claimId,
        sweepStartedAt: new Date(row.started_at),
        resourceIds: JSON.parse(row.resource_ids),
        claims: Number(row.claims),
      };
    }
    return undefined;
  }

  /** The batch's row while this claim still holds it and it is not done. */
  private held(batch: ClaimedBatch) {
    return this.db(BATCHES)
      .where({
        sweep_id: batch.sweepId,
        seq: batch.seq,
        claim_id: batch.claimId,
      })
      .whereNull('done_at');
  }

  /**
   * Extends the lease of a batch this instance still holds while its sweep
   * runs. False when the batch was taken over or the sweep ended: stop.
   */
  async renew(batch: ClaimedBatch, leaseMs: number): Promise<boolean> {
    const updated = await this.held(batch)
      .whereExists(q =>
        q
          .select(this.db.raw('1'))
          .from(SWEEPS)
          .where({ id: batch.sweepId, outcome: 'running' }),
      )
      .update({ lease_expires_at: new Date(Date.now() + leaseMs) });
    return updated === 1;
  }

  /** Marks a batch done with its counts; false when this instance no longer held it. */
  async complete(batch: ClaimedBatch, result: BatchResult): Promise<boolean> {
    const updated = await this.held(batch).update({
      done_at: new Date(),
      lease_expires_at: null,
      resources_checked: result.resourcesChecked,
      findings: result.findings,
      test_errors: result.testErrors.length,
      error_sample: result.testErrors.length
        ? JSON.stringify(result.testErrors.slice(0, ERROR_SAMPLE))
        : null,
    });
    return updated === 1;
  }

  /** Gives a batch back at once (this instance stops), for another to claim. */
  async release(batch: ClaimedBatch): Promise<void> {
    await this.held(batch).update({ lease_expires_at: null });
  }

  /** Whether any running sweep has a batch to claim: the cheap poll of idle instances. */
  async anyClaimable(): Promise<boolean> {
    const row = await this.db(`${BATCHES} as b`)
      .join(`${SWEEPS} as s`, 's.id', 'b.sweep_id')
      .where('s.outcome', 'running')
      .whereNull('b.done_at')
      .where(open =>
        open
          .whereNull('b.lease_expires_at')
          .orWhere('b.lease_expires_at', '<', new Date()),
      )
      .first('b.seq');
    return !!row;
  }

  /** The sum of a sweep's done batches, and how many are still open. */
  async totals(sweepId: string): Promise<SweepTotals> {
    const [sums] = await this.db(BATCHES)
      .where({ sweep_id: sweepId })
      .select(
        this.db.raw('count(done_at) as done'),
        this.db.raw('count(*) - count(done_at) as open'),
        this.db.raw('coalesce(sum(resources_checked), 0) as checked'),
        this.db.raw('coalesce(sum(findings), 0) as findings'),
        this.db.raw('coalesce(sum(test_errors), 0) as errors'),
      );
    const run = await this.db(SWEEPS)
      .where({ id: sweepId })
      .first('planned_batches');
    const samples: Array<{ error_sample: string }> = await this.db(BATCHES)
      .where({ sweep_id: sweepId })
      .whereNotNull('error_sample')
      .orderBy('seq')
      .limit(ERROR_SAMPLE)
      .select('error_sample');
    return {
      planned:
        run?.planned_batches === null || run?.planned_batches === undefined
          ? null
          : Number(run.planned_batches),
      done: Number(sums.done),
      open: Number(sums.open),
      resourcesChecked: Number(sums.checked),
      findings: Number(sums.findings),
      testErrors: Number(sums.errors),
      errorSample: samples
        .flatMap(s => JSON.parse(s.error_sample) as string[])
        .slice(0, ERROR_SAMPLE),
    };
  }

  /** Drops the batches of all but the newest `keep` runs (they are only kept to show who did what). */
  async prune(keep: number): Promise<void> {
    const recent = this.db(SWEEPS)
      .orderBy('started_at', 'desc')
      .limit(keep)
      .select('id');
    // a subquery with LIMIT inside IN: wrapped, as MySQL-style engines want
    await this.db(BATCHES)
      .whereNotIn('sweep_id', this.db.select('id').from(recent.as('recent')))
      .delete();
  }
}
