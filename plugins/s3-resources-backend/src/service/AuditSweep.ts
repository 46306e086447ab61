import {
  AuthService,
  BackstageCredentials,
  LoggerService,
  SchedulerServiceTaskScheduleDefinition,
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  AuditSweepOutcome,
  AuditSweepRun,
  OWNER_REF,
  SYSTEM_REF,
  TestRun,
  canonicalEntityRef,
} from '@s3-resources/plugin-s3-resources-common';
import { randomUUID } from 'node:crypto';
import pLimit from 'p-limit';
import { FindingStore } from '../database/FindingStore';
import {
  ResourceRow,
  ResourceStore,
  TestOrderCursor,
} from '../database/ResourceStore';
import { SweepRunStore } from '../database/SweepRunStore';
import { AuditTrail } from './AuditTrail';
import { ConnectionTestService } from './ConnectionTestService';
import { AwsAccountGrants } from './AwsAccountGrants';
import { FindingInput, computeFindings } from './findingRules';
import { StoredAuth } from './resourceView';

/** The scheduler task of the sweep; one run at a time across all instances. */
export const AUDIT_SWEEP_TASK_ID = 's3-resources:audit-sweep';

export type AuditSweepConfig = {
  enabled: boolean;
  schedule: SchedulerServiceTaskScheduleDefinition;
  concurrency: number;
  maxAccessKeyAgeDays: number;
};

export const DEFAULT_AUDIT_SCHEDULE: SchedulerServiceTaskScheduleDefinition = {
  frequency: { hours: 6 },
  timeout: { minutes: 30 },
  initialDelay: { minutes: 2 },
};

/** `s3Resources.audit.*` with its defaults; bad values stop the backend with the key named. */
export function readAuditSweepConfig(config: Config): AuditSweepConfig {
  const audit = config.getOptionalConfig('s3Resources.audit');
  const positiveInteger = (key: string, fallback: number, max: number) => {
    const value = audit?.getOptionalNumber(key);
    if (value === undefined) return fallback;
    if (!Number.isInteger(value) || value < 1 || value > max) {
      throw new Error(
        `s3Resources.audit.${key}: must be a whole number from 1 to ${max}`,
      );
    }
    return value;
  };
  return {
    enabled: audit?.getOptionalBoolean('enabled') ?? true,
    schedule: audit?.has('schedule')
      ? readSchedulerServiceTaskScheduleDefinitionFromConfig(
          audit.getConfig('schedule'),
        )
      : DEFAULT_AUDIT_SCHEDULE,
    concurrency: positiveInteger('concurrency', 4, 64),
    maxAccessKeyAgeDays: positiveInteger('maxAccessKeyAgeDays', 90, 3650),
  };
}

type CatalogFacts = Map<string, NonNullable<FindingInput['catalog']>>;

/**
 * The audit sweep: re-tests every resource with the connection tester (as
 * the plugin itself, a few at a time, never-tested and least recently tested
 * first), judges each resource (findingRules), and replaces its findings.
 * Each run is a row of `s3_audit_sweeps` and one `audit-sweep` audit event by
 * `plugin:s3-resources`.
 */
export class AuditSweep {
  static create(options: {
    store: ResourceStore;
    findings: FindingStore;
    sweeps: SweepRunStore;
    tests: Pick<ConnectionTestService, 'testForSweep'>;
    /** Who may use which AWS account (the owner of each row must). */
    awsAccounts: AwsAccountGrants;
    /** Absent: owners and systems are not checked. */
    catalog?: CatalogService;
    auth: AuthService;
    audit: AuditTrail;
    logger: LoggerService;
    /** Names this backend instance in the sweep runs. */
    instanceId: string;
    concurrency: number;
    maxAccessKeyAgeDays: number;
    appBaseUrl?: string;
    /** Resources read (and looked up in the catalog) at a time. */
    pageSize?: number;
  }) {
    return new AuditSweep(options);
  }

  private constructor(
    private readonly options: Parameters<typeof AuditSweep.create>[0],
  ) {}

  /** One sweep over every resource; stops starting tests when `signal` aborts (the task's timeout). */
  async run(signal?: AbortSignal): Promise<AuditSweepRun> {
    const { store, findings, sweeps, tests, logger, audit } = this.options;
    const credentials = await this.options.auth.getOwnServiceCredentials();
    const actor = audit.actorOf(credentials);
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
        const t0 = Date.now();
        const counts = { checked: 0, found: 0 };
        const testErrors: string[] = [];
        const finish = async (
          outcome: Exclude<AuditSweepOutcome, 'running'>,
          message?: string,
        ): Promise<AuditSweepRun> => {
          const result = {
            finishedAt: new Date().toISOString(),
            resourcesChecked: counts.checked,
            findings: counts.found,
            outcome,
            ...(message ? { message } : {}),
          };
          await sweeps.finish(id, result);
          return {
            id,
            startedAt,
            instanceId: this.options.instanceId,
            ...result,
          };
        };
        const judge = async (
          row: ResourceRow,
          catalog: FindingInput['catalog'],
        ) => {
          // An owner who may no longer use the row's AWS account gets a
          // finding, not a test made with the operator's credentials.
          const [refused] = this.options.awsAccounts.refusedFor(
            row.auth as StoredAuth,
            [row.owner],
          );
          const test: FindingInput['test'] = refused
            ? { refused }
            : await tests.testForSweep(row, actor).then(
                (run: TestRun) => ({ run }),
                (error: Error) => {
                  testErrors.push(`${row.name}: ${error.message}`);
                  return { error };
                },
              );
          const verdict = computeFindings({
            row,
            test,
            catalog,
            now: new Date(),
            maxAccessKeyAgeDays: this.options.maxAccessKeyAgeDays,
            appBaseUrl: this.options.appBaseUrl,
          });
          const stored = await findings.replaceForResource(
            row.id,
            verdict.findings,
            { id, seenAt: startedAt },
            verdict.unknown,
          );
          if (stored) {
            counts.checked++;
            counts.found += verdict.findings.length;
          }
        };
        try {
          // Oldest-tested first, so a sweep cut short by its timeout (or a
          // flood of new rows) leaves the most recently checked for next time.
          let after: TestOrderCursor | undefined;
          for (;;) {
            if (signal?.aborted) break;
            const page = await store.pageOldestTestedFirst({
              limit: this.options.pageSize ?? 100,
              testedBefore: startedAt,
              after,
            });
            if (page.rows.length === 0) break;
            const catalog = await this.catalogFacts(page.rows, credentials);
            const limit = pLimit(this.options.concurrency);
            let failed = false;
            await Promise.all(
              page.rows.map(row =>
                limit(async () => {
                  // no new tests after the timeout or a failed write
                  if (signal?.aborted || failed) return;
                  await judge(row, catalog?.get(row.id)).catch(error => {
                    failed = true;
                    throw error;
                  });
                }),
              ),
            );
            await sweeps.progress(id, {
              resourcesChecked: counts.checked,
              findings: counts.found,
            });
            if (!page.hasMore) break;
            after = page.next;
          }
        } catch (error) {
          await finish('failure', (error as Error).message);
          throw error;
        }
        if (signal?.aborted) {
          await finish(
            'aborted',
            `Stopped at the task timeout after ${counts.checked} resource(s); the rest keep their earlier findings`,
          );
          throw new Error(
            `Audit sweep ${id} stopped at its timeout after ${counts.checked} resource(s)`,
          );
        }
        const run = await finish(
          testErrors.length ? 'partial' : 'success',
          testErrors.length
            ? `The test could not run for ${
                testErrors.length
              } resource(s): ${testErrors.slice(0, 5).join('; ')}`
            : undefined,
        );
        logger.info(
          `Audit sweep ${id} checked ${counts.checked} resource(s) in ${
            Date.now() - t0
          } ms: ${counts.found} finding(s)`,
        );
        return run;
      },
    );
  }

  /**
   * Whether each row's owner and system exist, with one catalog call for the
   * page. Undefined when the catalog cannot be asked: unknown, not missing.
   */
  private async catalogFacts(
    rows: ResourceRow[],
    credentials: BackstageCredentials,
  ): Promise<CatalogFacts | undefined> {
    const { catalog } = this.options;
    if (!catalog) return undefined;
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
