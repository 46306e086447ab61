import { ProviderId } from './types';

/**
 * What reconciliation found about a bucket: it exists but no resource
 * registers it (`shadow`), a resource's bucket is gone or its endpoint does
 * not answer (`ghost`), or the bucket's owner tag names another owner than
 * the catalog (`owner-mismatch`).
 *
 * @public
 */
export type ReconciliationKind = 'shadow' | 'ghost' | 'owner-mismatch';

/** @public */
export const RECONCILIATION_KINDS: readonly ReconciliationKind[] = [
  'shadow',
  'ghost',
  'owner-mismatch',
];

/**
 * Where reconciliation looked, and with whose credentials: an operator's
 * AWS account named for it, or the access key of registered resources
 * (never the secret; the key ID masked).
 *
 * @public
 */
export type ReconciliationSource = {
  /** Stable id of the source (a digest; no credential in it). */
  id: string;
  provider: ProviderId;
  endpoint?: string;
  region: string;
  forcePathStyle?: boolean;
  credential:
    | { kind: 'aws-account'; accountId: string }
    | {
        kind: 'resource';
        /** A resource whose credentials list this source (to reuse them). */
        resourceId: string;
        resourceName: string;
        /** Masked access key ID. */
        accessKeyId: string;
      };
};

/**
 * One source's last listing: when, how much it cost, whether it saw
 * everything. Entries of a source that failed keep their last-seen time.
 *
 * @public
 */
export type ReconciliationSourceStatus = ReconciliationSource & {
  checkedAt: string;
  sweepId: string;
  bucketsListed: number;
  calls: number;
  /** Why the listing did not see every bucket (bounds, deadline). */
  incomplete?: string;
  /** Why the source could not be listed at all. */
  error?: string;
};

/**
 * One reconciliation entry, replaced at every sweep; first and last seen
 * say how long it has stood.
 *
 * @public
 */
export type ReconciliationEntry = {
  id: string;
  kind: ReconciliationKind;
  source: ReconciliationSource;
  bucket: string;
  /** ghost and owner-mismatch: the resource. */
  resourceId?: string;
  resourceName?: string;
  /** The catalog owner of the resource. */
  owner?: string;
  /** The owner the bucket's tags name (owner-mismatch; shadow when tagged). */
  tagOwner?: string;
  /** The tag that names it. */
  tagKey?: string;
  /** The bucket's tags as last read (owner-mismatch, shadow). */
  tags?: Record<string, string>;
  /** The bucket's region, when read. */
  region?: string;
  /** What was seen, in words. */
  message: string;
  /**
   * owner-mismatch: the AWS CLI command that sets the tag to the catalog
   * owner and keeps the other tags.
   */
  alignCommand?: string;
  firstSeenAt: string;
  lastSeenAt: string;
  sweepId: string;
};

/** @public */
export type ReconciliationPage = {
  items: ReconciliationEntry[];
  nextCursor?: string;
  totalCount: number;
  /** Every source's last listing. */
  sources: ReconciliationSourceStatus[];
};
