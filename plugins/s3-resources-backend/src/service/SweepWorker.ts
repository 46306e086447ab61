import {
  AuthService,
  BackstageCredentials,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  OWNER_REF,
  SYSTEM_REF,
  StorageSample,
  TestRun,
  canonicalEntityRef,
} from '@s3-resources/plugin-s3-resources-common';
import pLimit from 'p-limit';
import { FindingStore } from '../database/FindingStore';
import { ResourceRow, ResourceStore } from '../database/ResourceStore';
import {
  BatchResult,
  ClaimedBatch,
  SweepBatchStore,
} from '../database/SweepBatchStore';
import { SweepRunStore } from '../database/SweepRunStore';
import { Reconciliation } from '../reconciliation/Reconciliation';
import { StorageScans } from '../storage/StorageScans';
import { AuditTrail } from './AuditTrail';
import { AwsAccountGrants } from './AwsAccountGrants';
import { ConnectionTestService } from './ConnectionTestService';
import { FindingInput, computeFindings } from './findingRules';
import { CredentialChecks } from './CredentialChecks';
import { ResourceName } from './keySharing';
import { StoredAuth } from './resourceView';

type CatalogFacts = Map<string, NonNullable<FindingInput['catalog']>>;

/**
 * The audit sweep's worker, one per backend instance: claims a batch of a
 * running sweep under a lease, re-tests its resources with the connection
 * tester (as the plugin itself, `concurrency` at a time), judges each
 * (findingRules), replaces its findings, and marks the batch done; then the
 * next batch, until none is left to claim. The lease is renewed while the
 * batch runs, so a slow batch keeps it and a dead instance loses it within
 * one lease. Whoever completes a sweep's last batch closes the run.
 */
export class SweepWorker {
  static create(options: {
    store: ResourceStore;
    findings: FindingStore;
    sweeps: SweepRunStore;
    batches: SweepBatchStore;
    tests: Pick<ConnectionTestService, 'testForSweep'>;
    /** Who may use which AWS account (the owner of each row must). */
    awsAccounts: AwsAccountGrants;
    /** Absent: owners and systems are not checked. */
    catalog?: CatalogService;
    auth: AuthService;
    audit: AuditTrail;
    logger: LoggerService;
    /** Names this backend instance in the batches it claims. */
    instanceId: string;
    concurrency: number;
    /** How long a claim lasts unless renewed (renewed every third of it). */
    leaseMs: number;
    /**
     * Longest a resource's test may take (the connection test's own
     * deadline, plus slack); past it the resource counts as not tested.
     */
    resourceDeadlineMs: number;
    maxAccessKeyAgeDays: number;
    appBaseUrl?: string;
    /** The portal's outbound addresses, as the generated policies name them. */
    egressCidrs?: string[];
    /**
     * Absent: storage is not scanned. Each resource whose test reached its
     * bucket gets one run of its scan, within the scans' budget.
     */
    storage?: StorageScans;
    /** Absent: shared keys and role trust are not judged (unknown). */
    credentials?: CredentialChecks;
    /**
     * Absent: buckets are not reconciled. Run once per sweep, by the
     * instance whose call closes the run.
     */
    reconciliation?: Pick<Reconciliation, 'run'>;
  }) {
    return new SweepWorker(options);
  }

  /** The loop under way on this instance, if any: one at a time. */
  private loop?: Promise<void>;

  private constructor(
    private readonly options: Parameters<typeof SweepWorker.create>[0],
  ) {}

  /**
   * Works batches until none is left to claim or `signal` aborts. A call
   * while this instance is already working joins that loop.
   */
  work(signal?: AbortSignal): Promise<void> {
    if (!this.loop) {
      this.loop = this.workBatches(signal).finally(() => {
        this.loop = undefined;
      });
    }
    return this.loop;
  }

  /** Closes a sweep whose batches are all written and done; true if this call closed it. */
  async closeIfComplete(
    sweepId: string,
    signal?: AbortSignal,
  ): Promise<boolean> {
    const { batches, sweeps, logger } = this.options;
    const totals = await batches.totals(sweepId);
    if (totals.planned === null || totals.open > 0) return false;
    const closed = await sweeps.finish(sweepId, {
      finishedAt: new Date().toISOString(),
      resourcesChecked: totals.resourcesChecked,
      findings: totals.findings,
      outcome: totals.testErrors ? 'partial' : 'success',
      ...(totals.testErrors
        ? {
            message: `The test could not run for ${
              totals.testErrors
            } resource(s): ${totals.errorSample.join('; ')}`,
          }
        : {}),
    });
    if (closed) {
      logger.info(
        `Audit sweep ${sweepId} done: ${totals.resourcesChecked} resource(s) in ${totals.done} batch(es), ${totals.findings} finding(s)`,
      );
      await this.reconcile(sweepId, signal);
    }
    return closed;
  }

  /** Reconciliation after the sweep's tests; its failure is logged, the sweep stands. */
  private async reconcile(
    sweepId: string,
    signal?: AbortSignal,
  ): Promise<void> {
    const { reconciliation, logger } = this.options;
    if (!reconciliation) return;
    const t0 = Date.now();
    try {
      // a shutdown stops it; the sources not reached keep their entries
      const run = await reconciliation.run(sweepId, signal);
      logger.info(
        `Reconciliation after sweep ${sweepId}: ${run.sources} source(s), ${
          run.calls
        } call(s), ${run.entries} entr(ies) in ${Date.now() - t0} ms`,
      );
    } catch (error) {
      logger.warn(
        `Reconciliation after sweep ${sweepId} failed; the previous results stand: ${
          (error as Error).message
        }`,
      );
    }
  }

  private async workBatches(signal?: AbortSignal): Promise<void> {
    const { batches, instanceId, leaseMs } = this.options;
    let credentials: BackstageCredentials | undefined;
    while (!signal?.aborted) {
      const batch = await batches.claim({ instanceId, leaseMs });
      if (!batch) return;
      credentials ??= await this.options.auth.getOwnServiceCredentials();
      await this.runBatch(batch, credentials, signal);
    }
  }

  private async runBatch(
    batch: ClaimedBatch,
    credentials: BackstageCredentials,
    signal?: AbortSignal,
  ): Promise<void> {
    const { batches, sweeps, store, logger, leaseMs } = this.options;
    let held = true;
    const renewal = setInterval(() => {
      batches.renew(batch, leaseMs).then(
        still => {
          held &&= still;
        },
        error =>
          logger.warn(
            `Audit sweep ${batch.sweepId}: could not renew the lease of batch ${batch.seq}: ${error}`,
          ),
      );
    }, Math.max(100, Math.floor(leaseMs / 3)));
    renewal.unref?.();
    const result: BatchResult = {
      resourcesChecked: 0,
      findings: 0,
      testErrors: [],
    };
    let skipped = 0;
    try {
      const rows = await store.getMany(batch.resourceIds);
      const catalog = await this.catalogFacts(rows, credentials);
      const sharing = await this.options.credentials?.sharingOf(rows);
      const actor = this.options.audit.actorOf(credentials);
      const limit = pLimit(this.options.concurrency);
      let failed = false;
      await Promise.all(
        rows.map(row =>
          limit(async () => {
            // no new tests after a stop, a lost lease or a failed write
            if (signal?.aborted || !held || failed) {
              skipped++;
              return;
            }
            await this.judge(
              batch,
              row,
              catalog?.get(row.id),
              actor,
              result,
              sharing,
            ).catch(error => {
              failed = true;
              throw error;
            });
          }),
        ),
      );
    } catch (error) {
      clearInterval(renewal);
      // A write that fails ends the sweep, as it would on one instance.
      await sweeps.finish(batch.sweepId, {
        finishedAt: new Date().toISOString(),
        resourcesChecked: result.resourcesChecked,
        findings: result.findings,
        outcome: 'failure',
        message: (error as Error).message,
      });
      throw error;
    }
    clearInterval(renewal);
    if (skipped > 0) {
      // Stopped part way: whoever claims it next does the whole batch.
      if (held) await batches.release(batch);
      return;
    }
    if (await batches.complete(batch, result)) {
      const totals = await batches.totals(batch.sweepId);
      await sweeps.progress(batch.sweepId, totals);
      await this.closeIfComplete(batch.sweepId, signal);
    }
  }

  private async judge(
    batch: ClaimedBatch,
    row: ResourceRow,
    catalog: FindingInput['catalog'],
    actor: string,
    result: BatchResult,
    sharing: Map<string, ResourceName[]> | undefined,
  ): Promise<void> {
    const { tests, findings, resourceDeadlineMs } = this.options;
    // An owner who may no longer use the row's AWS account gets a
    // finding, not a test made with the operator's credentials.
    const [refused] = this.options.awsAccounts.refusedFor(
      row.auth as StoredAuth,
      [row.owner],
    );
    let timer: NodeJS.Timeout | undefined;
    const test: FindingInput['test'] = refused
      ? { refused }
      : await Promise.race([
          tests.testForSweep(row, actor),
          new Promise<never>((_, reject) => {
            timer = setTimeout(
              () =>
                reject(
                  new Error(
                    `no result within the ${resourceDeadlineMs} ms deadline`,
                  ),
                ),
              resourceDeadlineMs,
            );
          }),
        ]).then(
          (run: TestRun) => ({ run }),
          (error: Error) => {
            result.testErrors.push(`${row.name}: ${error.message}`);
            return { error };
          },
        );
    clearTimeout(timer);
    const storage =
      'run' in test && reachedBucket(test.run)
        ? await this.scanStorage(row, actor)
        : undefined;
    const verdict = computeFindings({
      row,
      test,
      catalog,
      now: new Date(),
      maxAccessKeyAgeDays: this.options.maxAccessKeyAgeDays,
      appBaseUrl: this.options.appBaseUrl,
      egressCidrs: this.options.egressCidrs,
      storage,
      credentials: await this.options.credentials?.factsOf(
        row,
        'run' in test ? test.run : undefined,
        sharing,
      ),
    });
    const stored = await findings.replaceForResource(
      row.id,
      verdict.findings,
      { id: batch.sweepId, seenAt: batch.sweepStartedAt.toISOString() },
      verdict.unknown,
    );
    if (stored) {
      result.resourcesChecked++;
      result.findings += verdict.findings.length;
    }
  }

  /**
   * One run of the resource's storage scan, with its own credentials. The
   * sample judged is the latest complete one: a scan still under way
   * (large buckets take several sweeps) has counted only part of the
   * prefix, so its progress is judged only before any scan completed.
   * A failed scan is logged and leaves storage unjudged this time.
   */
  private async scanStorage(
    row: ResourceRow,
    actor: string,
  ): Promise<StorageSample | undefined> {
    const { storage, resourceDeadlineMs, logger } = this.options;
    if (!storage) return undefined;
    try {
      // the scan's own budget, plus the slack of a test for the last calls
      const signal = AbortSignal.timeout(storage.maxMs + resourceDeadlineMs);
      const sample = await storage.scanOwn(row, actor, signal);
      return sample.complete
        ? sample
        : (await storage.latestOf(row.id)) ?? sample;
    } catch (error) {
      logger.warn(
        `Audit sweep: the storage scan of resource ${row.name} (${
          row.id
        }) failed; its storage is not judged this time: ${
          (error as Error).message
        }`,
      );
      return undefined;
    }
  }

  /**
   * Whether each row's owner and system exist, with one catalog call for the
   * batch. Undefined when the catalog cannot be asked: unknown, not missing.
   */
  private async catalogFacts(
    rows: ResourceRow[],
    credentials: BackstageCredentials,
  ): Promise<CatalogFacts | undefined> {
    const { catalog } = this.options;
    if (!catalog || !rows.length) return undefined;
    const wanted = new Set<string>();
    const refs = rows.map(row => {
      const owner = canonicalEntityRef(row.owner, OWNER_REF);
      const system = row.system
        ? canonicalEntityRef(row.system, SYSTEM_REF)
        : undefined;
      if (owner) wanted.add(owner);
      if (system) wanted.add(system);
      return { owner, system };
    });
    const entityRefs = [...wanted];
    let existing: Set<string>;
    try {
      const { items } = await catalog.getEntitiesByRefs(
        {
          entityRefs,
          fields: ['kind', 'metadata.namespace', 'metadata.name'],
        },
        { credentials },
      );
      existing = new Set(entityRefs.filter((_, i) => !!items[i]));
    } catch (error) {
      this.options.logger.warn(
        `Audit sweep: could not ask the catalog whether owners and systems exist; not judged this time: ${
          (error as Error).message
        }`,
      );
      return undefined;
    }
    const facts: CatalogFacts = new Map();
    rows.forEach((row, i) => {
      const { owner, system } = refs[i];
      facts.set(row.id, {
        ownerExists: !!owner && existing.has(owner),
        ...(row.system
          ? { systemExists: !!system && existing.has(system) }
          : {}),
      });
    });
    return facts;
  }
}

/** Whether the test reached the bucket: its storage can be scanned. */
function reachedBucket(run: TestRun): boolean {
  const step = run.steps.find(s => s.id === 'bucket');
  return step?.status === 'pass' || step?.status === 'warn';
}
