import { Config } from '@backstage/config';
import {
  PROVIDER_IDS,
  ProviderId,
  RuleViolation,
  validateAwsAccountId,
  validateBucketName,
  validateEndpoint,
} from '@s3-resources/plugin-s3-resources-common';
import { wholeNumberReader } from '../service/wholeNumberConfig';

/** An operator's AWS account that reconciliation may list. */
export type ReconciledAccount = {
  accountId: string;
  region?: string;
  /**
   * An S3-compatible service whose keys the operator keeps under
   * `aws.accounts` (default: Amazon S3).
   */
  provider?: ProviderId;
  endpoint?: string;
  /** Checked with HeadBucket: ListBuckets shows only owned buckets. */
  buckets: string[];
};

export type ReconciliationConfig = {
  enabled: boolean;
  awsAccounts: ReconciledAccount[];
  maxCallsPerSource: number;
  maxBucketsPerSource: number;
  maxMsPerSource: number;
  /** The whole run (all sources) at most; the sources not reached keep their entries. */
  maxMsPerRun: number;
  tagMaxAgeMs: number;
  concurrency: number;
};

const PATH = 's3Resources.reconciliation';
const KEYS = ['accountId', 'region', 'buckets', 'provider', 'endpoint'];

/** `s3Resources.reconciliation.*` with its defaults; bad values stop the backend with the key named. */
export function readReconciliationConfig(config: Config): ReconciliationConfig {
  const section = config.getOptionalConfig(PATH);
  const wholeNumber = wholeNumberReader(section, PATH);
  const accounts = (section?.getOptional<unknown[]>('awsAccounts') ?? []).map(
    (entry, i): ReconciledAccount => {
      const at = `${PATH}.awsAccounts[${i}]`;
      if (typeof entry === 'string') return accountOf(entry, at, {});
      if (entry && typeof entry === 'object' && !Array.isArray(entry)) {
        const e = entry as Record<string, unknown>;
        const unknownKey = Object.keys(e).find(k => !KEYS.includes(k));
        if (unknownKey) {
          throw new Error(
            `${at}.${unknownKey}: is not a setting (${KEYS.join(', ')})`,
          );
        }
        return accountOf(e.accountId, `${at}.accountId`, e, at);
      }
      throw new Error(
        `${at}: must be an account id or { accountId, region?, buckets? }`,
      );
    },
  );
  return {
    enabled: section?.getOptionalBoolean('enabled') ?? true,
    awsAccounts: accounts,
    maxCallsPerSource: wholeNumber('maxCallsPerSource', 200, 1, 100_000),
    maxBucketsPerSource: wholeNumber('maxBucketsPerSource', 5000, 1, 1_000_000),
    maxMsPerSource: wholeNumber('maxSecondsPerSource', 60, 1, 3600) * 1000,
    maxMsPerRun: wholeNumber('maxSecondsPerRun', 900, 1, 86_400) * 1000,
    tagMaxAgeMs: wholeNumber('tagMaxAgeHours', 24, 0, 8760) * 3_600_000,
    concurrency: wholeNumber('concurrency', 8, 1, 64),
  };
}

function accountOf(
  accountId: unknown,
  field: string,
  entry: Record<string, unknown>,
  at = field,
): ReconciledAccount {
  // the common validators: one rule for account ids, endpoints and names
  const refuse = (v: RuleViolation | undefined) => {
    if (v) throw new Error(`${v.field}: ${v.message} [${v.rule}]`);
  };
  refuse(
    validateAwsAccountId(typeof accountId === 'string' ? accountId : '', field),
  );
  const { region, buckets, provider, endpoint } = entry;
  if (region !== undefined && typeof region !== 'string') {
    throw new Error(`${at}.region: must be a region code`);
  }
  if (
    provider !== undefined &&
    !PROVIDER_IDS.includes(provider as ProviderId)
  ) {
    throw new Error(
      `${at}.provider: must be one of ${PROVIDER_IDS.join(', ')}`,
    );
  }
  if (endpoint !== undefined && typeof endpoint !== 'string') {
    throw new Error(`${at}.endpoint: must be a URL`);
  }
  if (typeof endpoint === 'string') {
    refuse(validateEndpoint(endpoint, `${at}.endpoint`));
  }
  if (
    buckets !== undefined &&
    (!Array.isArray(buckets) || buckets.some(b => typeof b !== 'string'))
  ) {
    throw new Error(`${at}.buckets: must be a list of bucket names`);
  }
  ((buckets as string[] | undefined) ?? []).forEach((b, i) =>
    refuse(validateBucketName(b, `${at}.buckets[${i}]`)),
  );
  return {
    accountId: accountId as string,
    ...(region ? { region } : {}),
    ...(provider ? { provider: provider as ProviderId } : {}),
    ...(endpoint ? { endpoint: endpoint as string } : {}),
    buckets: (buckets as string[] | undefined) ?? [],
  };
}
