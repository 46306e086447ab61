import { LoggerService } from '@backstage/backend-plugin-api';
import { ReconciliationSourceStatus } from '@s3-resources/plugin-s3-resources-common';
import {
  CachedTags,
  NewEntry,
  ReconciliationStore,
  entryIdOf,
} from '../database/ReconciliationStore';
import { ResourceRow, ResourceStore } from '../database/ResourceStore';
import { TestRunStore } from '../database/TestRunStore';
import { BucketDiscovery } from '../import/BucketDiscovery';
import { SecretMaterial } from '../service/ResourceCredentials';
import { settingsOf } from '../service/resourceView';
import { ghostReason, judgeSource, KnownTags } from './judgement';
import { ReconciliationConfig } from './reconciliationConfig';
import {
  PlannedSource,
  importSourceOf,
  locationOf,
  planSources,
  sourceOfRow,
} from './sources';

/** What one run did, for the log and tests. */
export type ReconciliationRun = {
  sources: number;
  calls: number;
  entries: number;
};

/**
 * Reconciliation of buckets against registered resources, once per audit
 * sweep (by the instance that closes it): each source is listed once
 * within its bounds (calls, buckets, seconds), owner tags are read only
 * where the cached read is older than the configured age, and ghosts are
 * judged from the sweep's own connection tests at no extra call. The
 * results replace the previous run's (ReconciliationStore).
 */
export class Reconciliation {
  static create(options: {
    store: ResourceStore;
    runs: Pick<TestRunStore, 'getMany'>;
    results: ReconciliationStore;
    /** A discovery with reconciliation's bounds per source. */
    discovery: BucketDiscovery;
    secretOf: (row: ResourceRow) => Promise<SecretMaterial | undefined>;
    config: ReconciliationConfig;
    logger: LoggerService;
  }) {
    return new Reconciliation(options);
  }

  private constructor(
    private readonly options: Parameters<typeof Reconciliation.create>[0],
  ) {}

  async run(sweepId: string, signal?: AbortSignal): Promise<ReconciliationRun> {
    const { store, results, config, logger } = this.options;
    const at = new Date().toISOString();
    // the whole run is bounded too: sources are listed one after another
    const deadline = AbortSignal.timeout(config.maxMsPerRun);
    const stop = signal ? AbortSignal.any([signal, deadline]) : deadline;
    const rows: ResourceRow[] = [];
    for await (const row of store.all()) rows.push(row);
    const registered = new Map<string, Map<string, ResourceRow[]>>();
    for (const row of rows) {
      const location = locationOf(row.provider, settingsOf(row).endpoint);
      const buckets = registered.get(location) ?? new Map();
      buckets.set(row.bucket, [...(buckets.get(row.bucket) ?? []), row]);
      registered.set(location, buckets);
    }
    const planned = planSources(rows, config.awsAccounts);
    const statuses: ReconciliationSourceStatus[] = [];
    const judged: string[] = [];
    const entries: NewEntry[] = [];
    let calls = 0;
    // tags read in this run, by location and bucket: several keys of one
    // account see the same buckets, their tags are read once
    const readThisRun = new Map<string, CachedTags>();
    // one source at a time: each has its own concurrency and deadline
    for (const source of planned) {
      if (stop.aborted) {
        // not reached: its earlier entries stay, as for a source that failed
        statuses.push(
          this.status(source, sweepId, at, {
            error: signal?.aborted
              ? 'Not listed: the run stopped before this source'
              : `Not listed: the run's overall deadline (${
                  config.maxMsPerRun / 1000
                } s, maxSecondsPerRun) passed before this source`,
          }),
        );
        continue;
      }
      const outcome = await this.reconcileSource(
        source,
        registered.get(source.location) ?? new Map(),
        sweepId,
        at,
        readThisRun,
        stop,
      ).catch(error => ({
        status: this.status(source, sweepId, at, {
          error: (error as Error).message,
        }),
        entries: undefined,
      }));
      statuses.push(outcome.status);
      calls += outcome.status.calls;
      if (outcome.entries) {
        judged.push(source.source.id);
        entries.push(...outcome.entries);
      } else {
        logger.warn(
          `Reconciliation: source ${source.source.id} (${
            source.source.endpoint ?? source.source.provider
          }) not listed: ${outcome.status.error}`,
        );
      }
    }
    entries.push(...(await this.ghosts(rows)));
    const unique = firstSeenOnce(entries);
    await results.replace({
      sweepId,
      at,
      sources: statuses,
      judged,
      entries: [...unique.values()],
    });
    return { sources: statuses.length, calls, entries: unique.size };
  }

  private status(
    planned: PlannedSource,
    sweepId: string,
    checkedAt: string,
    facts: Partial<ReconciliationSourceStatus>,
  ): ReconciliationSourceStatus {
    return {
      ...planned.source,
      checkedAt,
      sweepId,
      bucketsListed: 0,
      calls: 0,
      ...facts,
    };
  }

  private async reconcileSource(
    planned: PlannedSource,
    registered: Map<string, ResourceRow[]>,
    sweepId: string,
    at: string,
    readThisRun: Map<string, CachedTags>,
    signal?: AbortSignal,
  ): Promise<{
    status: ReconciliationSourceStatus;
    entries?: NewEntry[];
  }> {
    const { results, discovery, config, secretOf } = this.options;
    const secret =
      'row' in planned.via ? await secretOf(planned.via.row) : undefined;
    const source = importSourceOf(planned, secret?.secretAccessKey);
    if (!source) {
      return {
        status: this.status(planned, sweepId, at, {
          error: 'The stored secret of the resource could not be read',
        }),
      };
    }
    const cached = await results.tagsOf(planned.source.id);
    const here = (bucket: string) => `${planned.location}\n${bucket}`;
    const fresh = (bucket: string) => {
      const tags = cached.get(bucket);
      return (
        !!tags &&
        !tags.unknown &&
        Date.parse(at) - Date.parse(tags.readAt) < config.tagMaxAgeMs
      );
    };
    const survey = await discovery.survey(
      source,
      {
        explicit: planned.explicit,
        // whole registered buckets first (owner tags), then the shadows'
        // (their owner for an import); a bucket registered only under a
        // prefix has no owner to compare
        tagsWanted: listed =>
          [
            ...listed.filter(b =>
              registered.get(b)?.some(r => r.prefixKey === ''),
            ),
            ...listed.filter(b => !registered.has(b)),
          ].filter(b => !fresh(b) && !readThisRun.get(here(b))?.tags),
        maxCalls: config.maxCallsPerSource,
      },
      signal,
    );
    if (survey.error) {
      return {
        status: this.status(planned, sweepId, at, {
          calls: survey.calls,
          error: survey.error,
        }),
      };
    }
    const present = new Map<string, { note?: string }>(
      survey.names.map(name => [name, {}]),
    );
    for (const [bucket, head] of survey.heads) {
      if ('exists' in head && head.exists && !present.has(bucket)) {
        present.set(bucket, {
          note:
            head.note ?? 'found by HeadBucket; ListBuckets does not show it',
        });
      }
    }
    const readNow = new Map<string, CachedTags>();
    for (const [bucket, read] of survey.tags) {
      readNow.set(
        bucket,
        'tags' in read
          ? { tags: read.tags, readAt: at }
          : { unknown: read.unknown, readAt: at },
      );
      if ('tags' in read) {
        readThisRun.set(here(bucket), { tags: read.tags, readAt: at });
      }
    }
    await results.saveTags(
      planned.source.id,
      readNow,
      survey.incomplete ? undefined : new Set(present.keys()),
    );
    const tagsOf = (bucket: string): KnownTags | undefined => {
      const known =
        readNow.get(bucket) ??
        readThisRun.get(here(bucket)) ??
        cached.get(bucket);
      if (!known) return undefined;
      return known.tags
        ? { tags: known.tags, readAt: known.readAt }
        : { unknown: known.unknown ?? 'tags not read' };
    };
    const entries = judgeSource({
      source: planned.source,
      present,
      registered,
      tagsOf,
    });
    const unknownHeads = [...survey.heads].filter(([, h]) => 'unknown' in h);
    return {
      status: this.status(planned, sweepId, at, {
        bucketsListed: survey.names.length,
        calls: survey.calls,
        ...(survey.incomplete || survey.skipped || unknownHeads.length
          ? {
              incomplete: [
                survey.incomplete?.message,
                survey.skipped,
                ...unknownHeads.map(
                  ([b, h]) => `${b}: ${(h as { unknown: string }).unknown}`,
                ),
              ]
                .filter(Boolean)
                .join('; '),
            }
          : {}),
      }),
      entries,
    };
  }

  /** Resources whose latest test found the bucket gone or the endpoint silent. */
  private async ghosts(rows: ResourceRow[]): Promise<NewEntry[]> {
    // only a failed test can say the bucket is gone
    const runIds = rows.flatMap(r =>
      r.lastTestRunId && r.lastTestStatus === 'fail' ? [r.lastTestRunId] : [],
    );
    const runs = await this.options.runs.getMany(runIds);
    return rows.flatMap((row): NewEntry[] => {
      const reason = ghostReason(
        row.lastTestRunId ? runs.get(row.lastTestRunId) : undefined,
      );
      if (!reason) return [];
      return [
        {
          kind: 'ghost',
          source: sourceOfRow(row),
          bucket: row.bucket,
          resourceId: row.id,
          resourceName: row.name,
          owner: row.owner,
          message: reason,
        },
      ];
    });
  }
}

/**
 * One entry per thing seen at one location (provider and normalised
 * endpoint), kept with the source planned first (operator accounts before
 * keys, so an import names the account); tags read by a later source fill
 * in those the first could not read.
 */
export function firstSeenOnce(entries: NewEntry[]): Map<string, NewEntry> {
  const unique = new Map<string, NewEntry>();
  for (const entry of entries) {
    const id = entryIdOf(entry);
    const first = unique.get(id);
    if (!first) unique.set(id, entry);
    else if (!first.tags && entry.tags) {
      unique.set(id, { ...entry, source: first.source });
    }
  }
  return unique;
}
