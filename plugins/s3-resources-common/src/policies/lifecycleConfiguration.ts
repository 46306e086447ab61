import { LifecycleRuleSummary, ResourceSettings } from '../types';
import { shellQuote } from './shellQuote';

/**
 * Days after which the generated rules act.
 *
 * @public
 */
export const LIFECYCLE_DAYS = {
  /** Incomplete multipart uploads are aborted (their parts cost storage). */
  abortIncompleteUploads: 7,
  /** Versions that were overwritten or deleted are removed for good. */
  expireNoncurrentVersions: 30,
} as const;

/**
 * The IDs of the generated lifecycle rules; a resource with a prefix gets
 * its prefix appended (`…:team-a/`) so resources sharing a bucket keep their
 * own rules.
 *
 * @public
 */
export const LIFECYCLE_RULE_IDS = {
  abortIncompleteUploads: 's3-resources-abort-incomplete-uploads',
  expireNoncurrentVersions: 's3-resources-expire-noncurrent-versions',
} as const;

/**
 * A lifecycle rule in the S3 API shape (PutBucketLifecycleConfiguration).
 *
 * @public
 */
export type LifecycleRule = {
  ID: string;
  Status: 'Enabled' | 'Disabled';
  Filter: { Prefix: string };
  AbortIncompleteMultipartUpload?: { DaysAfterInitiation: number };
  NoncurrentVersionExpiration?: { NoncurrentDays: number };
};

/**
 * A whole lifecycle configuration: the generated rules and the bucket's own.
 *
 * @public
 */
export type LifecycleConfiguration = {
  Rules: Array<LifecycleRule | Record<string, unknown>>;
};

/** @public */
export type GeneratedLifecycleConfiguration = {
  /** The rules the portal wants for the resource. */
  rules: LifecycleRule[];
  /**
   * What to put on the bucket: the bucket's own rules (when known) with the
   * generated ones added or replacing those with the same IDs.
   */
  configuration: LifecycleConfiguration;
  /** `configuration`, pretty-printed. */
  json: string;
  /** `aws s3api put-bucket-lifecycle-configuration …` with `configuration`. */
  command: string;
  /** IDs of the bucket's own rules the configuration keeps unchanged. */
  kept: string[];
  notes: string[];
};

/** @public */
export type LifecycleComparison = {
  /** True when every generated rule is in place (or an enabled rule does the same). */
  matches: boolean;
  /** Generated rules the bucket has nothing for. */
  missing: LifecycleRule[];
  /** Generated rules present under their ID but changed, with what differs. */
  different: Array<{ required: LifecycleRule; problems: string[] }>;
};

/**
 * The settings the lifecycle generator and comparison read.
 *
 * @public
 */
export type LifecycleTarget = Pick<
  ResourceSettings,
  'bucket' | 'prefix' | 'endpoint'
> &
  Partial<Pick<ResourceSettings, 'region'>>;

/** A rule ID within the 255 characters S3 allows. */
const ruleId = (base: string, prefix: string) =>
  (prefix ? `${base}:${prefix}` : base).slice(0, 255);

/**
 * The lifecycle rules the portal wants for a resource, within its prefix.
 *
 * @public
 */
export function lifecycleRulesOf(settings: Pick<LifecycleTarget, 'prefix'>) {
  const prefix = settings.prefix ?? '';
  const abort: LifecycleRule = {
    ID: ruleId(LIFECYCLE_RULE_IDS.abortIncompleteUploads, prefix),
    Status: 'Enabled',
    Filter: { Prefix: prefix },
    AbortIncompleteMultipartUpload: {
      DaysAfterInitiation: LIFECYCLE_DAYS.abortIncompleteUploads,
    },
  };
  const noncurrent: LifecycleRule = {
    ID: ruleId(LIFECYCLE_RULE_IDS.expireNoncurrentVersions, prefix),
    Status: 'Enabled',
    Filter: { Prefix: prefix },
    NoncurrentVersionExpiration: {
      NoncurrentDays: LIFECYCLE_DAYS.expireNoncurrentVersions,
    },
  };
  return { abort, noncurrent, all: [abort, noncurrent] };
}

/**
 * A live rule in the form it is put back in: a legacy top-level Prefix
 * becomes a Filter (S3 refuses the two mixed).
 *
 * @public
 */
export function asPutRule(
  source: Record<string, unknown>,
): Record<string, unknown> {
  if (source.Filter !== undefined || source.Prefix === undefined) return source;
  const { Prefix, ...rest } = source;
  return { ...rest, Filter: { Prefix } };
}

/**
 * The lifecycle configuration to put on a resource's bucket: the generated
 * rules merged into the bucket's live rules. PutBucketLifecycleConfiguration
 * replaces the whole set, so every rule of the bucket's own is kept as it
 * was; only rules with the generated IDs are replaced. Without `live` (the
 * rules are not known) the configuration holds the generated rules alone.
 *
 * @public
 */
export function generateLifecycleConfiguration(
  settings: LifecycleTarget,
  live?: readonly LifecycleRuleSummary[],
): GeneratedLifecycleConfiguration {
  const { all } = lifecycleRulesOf(settings);
  const ours = new Set(all.map(r => r.ID));
  const own = (live ?? []).filter(r => !r.id || !ours.has(r.id));
  const configuration: LifecycleConfiguration = {
    Rules: [...own.map(r => asPutRule(r.source)), ...all],
  };
  const args = [
    'aws s3api put-bucket-lifecycle-configuration',
    `--bucket ${shellQuote(settings.bucket)}`,
    `--lifecycle-configuration ${shellQuote(JSON.stringify(configuration))}`,
    ...(settings.region ? [`--region ${shellQuote(settings.region)}`] : []),
    ...(settings.endpoint
      ? [`--endpoint-url ${shellQuote(settings.endpoint)}`]
      : []),
  ];
  const notes = live
    ? []
    : [
        "PutBucketLifecycleConfiguration replaces every rule of the bucket: add these rules to the bucket's own (the audit's fix merges them for you).",
      ];
  return {
    rules: all,
    configuration,
    json: JSON.stringify(configuration, null, 2),
    command: args.join(' '),
    kept: own.map((r, i) => r.id ?? `rule ${i + 1} (no ID)`),
    notes,
  };
}

const days = (n: number) => `${n} day${n === 1 ? '' : 's'}`;

/** Whether `rule` applies to every key under `prefix`. */
const covers = (rule: LifecycleRuleSummary, prefix: string) =>
  rule.enabled && !rule.narrowed && prefix.startsWith(rule.prefix);

/**
 * The enabled live rule that aborts incomplete multipart uploads for every
 * key under `prefix`, if any.
 *
 * @public
 */
export function abortRuleFor(
  live: readonly LifecycleRuleSummary[],
  prefix = '',
): LifecycleRuleSummary | undefined {
  return live.find(
    r => covers(r, prefix) && r.abortIncompleteDays !== undefined,
  );
}

/**
 * Which generated rules the bucket lacks or has changed. A generated rule
 * counts as in place when a live rule of the bucket's own, enabled for the
 * whole prefix, does the same within as many days.
 *
 * @public
 */
export function compareLifecycleConfiguration(
  settings: Pick<LifecycleTarget, 'prefix'>,
  live: readonly LifecycleRuleSummary[],
): LifecycleComparison {
  const prefix = settings.prefix ?? '';
  const { abort, noncurrent } = lifecycleRulesOf(settings);
  const missing: LifecycleRule[] = [];
  const different: LifecycleComparison['different'] = [];
  const check = (
    required: LifecycleRule,
    wanted: number,
    daysOf: (r: LifecycleRuleSummary) => number | undefined,
    what: string,
  ) => {
    const same = live.find(r => r.id === required.ID);
    if (same) {
      const problems: string[] = [];
      if (!same.enabled) problems.push(`rule ${required.ID} is disabled`);
      if (same.prefix !== prefix || same.narrowed) {
        problems.push(
          `rule ${required.ID} applies to ${
            same.narrowed ? 'some keys under ' : ''
          }"${same.prefix}", not to every key under "${prefix}"`,
        );
      }
      const actual = daysOf(same);
      if (actual !== wanted) {
        problems.push(
          actual === undefined
            ? `rule ${required.ID} does not ${what}`
            : `rule ${required.ID} acts after ${days(actual)}, not ${days(
                wanted,
              )}`,
        );
      }
      if (problems.length) different.push({ required, problems });
      return;
    }
    const equivalent = live.find(r => {
      const d = covers(r, prefix) ? daysOf(r) : undefined;
      return d !== undefined && d <= wanted;
    });
    if (!equivalent) missing.push(required);
  };
  check(
    abort,
    LIFECYCLE_DAYS.abortIncompleteUploads,
    r => r.abortIncompleteDays,
    'abort incomplete multipart uploads',
  );
  check(
    noncurrent,
    LIFECYCLE_DAYS.expireNoncurrentVersions,
    r => r.noncurrentExpirationDays,
    'expire noncurrent versions',
  );
  return {
    matches: missing.length === 0 && different.length === 0,
    missing,
    different,
  };
}

/**
 * A lifecycle rule as GetBucketLifecycleConfiguration returns it (the SDK's
 * and the CLI's shape): every field may be missing.
 *
 * @public
 */
export type LifecycleRuleLike = {
  ID?: string;
  Status?: string;
  Prefix?: string;
  Filter?: {
    Prefix?: string;
    Tag?: unknown;
    ObjectSizeGreaterThan?: number;
    ObjectSizeLessThan?: number;
    And?: {
      Prefix?: string;
      Tags?: unknown[];
      ObjectSizeGreaterThan?: number;
      ObjectSizeLessThan?: number;
    };
  };
  Expiration?: { Days?: number; Date?: Date | string };
  Transitions?: Array<{
    Days?: number;
    Date?: Date | string;
    StorageClass?: string;
  }>;
  NoncurrentVersionExpiration?: { NoncurrentDays?: number };
  AbortIncompleteMultipartUpload?: { DaysAfterInitiation?: number };
};

/**
 * The facts the audit needs of a live lifecycle rule, with the rule itself
 * kept for a fix that puts it back.
 *
 * @public
 */
export function summarizeLifecycleRule(
  rule: LifecycleRuleLike,
): LifecycleRuleSummary {
  const f = rule.Filter;
  const prefix = f?.Prefix ?? f?.And?.Prefix ?? rule.Prefix ?? '';
  const narrowed = !!(
    f?.Tag ||
    f?.ObjectSizeGreaterThan !== undefined ||
    f?.ObjectSizeLessThan !== undefined ||
    f?.And?.Tags?.length ||
    f?.And?.ObjectSizeGreaterThan !== undefined ||
    f?.And?.ObjectSizeLessThan !== undefined
  );
  const when = (d?: number, date?: Date | string) =>
    d !== undefined
      ? `after ${days(d)}`
      : `on ${new Date(date ?? 0).toISOString().slice(0, 10)}`;
  const transitions = (rule.Transitions ?? []).map(
    t => `${t.StorageClass ?? 'another class'} ${when(t.Days, t.Date)}`,
  );
  return {
    ...(rule.ID ? { id: rule.ID } : {}),
    enabled: rule.Status === 'Enabled',
    prefix,
    ...(narrowed ? { narrowed } : {}),
    ...(rule.AbortIncompleteMultipartUpload?.DaysAfterInitiation !== undefined
      ? {
          abortIncompleteDays:
            rule.AbortIncompleteMultipartUpload.DaysAfterInitiation,
        }
      : {}),
    ...(rule.NoncurrentVersionExpiration?.NoncurrentDays !== undefined
      ? {
          noncurrentExpirationDays:
            rule.NoncurrentVersionExpiration.NoncurrentDays,
        }
      : {}),
    ...(rule.Expiration?.Days !== undefined
      ? { expirationDays: rule.Expiration.Days }
      : {}),
    ...(transitions.length ? { transitions } : {}),
    // JSON round trip: dates become the strings the CLI takes
    source: JSON.parse(JSON.stringify(rule)),
  };
}
