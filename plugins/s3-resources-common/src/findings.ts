/**
 * How bad a finding of the audit sweep is.
 *
 * @public
 */
export type FindingSeverity = 'info' | 'low' | 'medium' | 'high';

/**
 * Severities from the least to the most severe.
 *
 * @public
 */
export const FINDING_SEVERITIES: readonly FindingSeverity[] = [
  'info',
  'low',
  'medium',
  'high',
];

/**
 * What the audit sweep checks; one finding per kind and resource at most.
 *
 * @public
 */
export type FindingKind =
  | 'test-failing'
  | 'cors-drift'
  | 'cors-wildcard-origin'
  | 'public-acl'
  | 'public-access-block-off'
  | 'no-default-encryption'
  | 'access-key-stale'
  | 'owner-missing'
  | 'system-missing'
  | 'access-broader-than-used'
  | 'aws-account-not-allowed'
  | 'bucket-policy-public'
  | 'bucket-policy-cross-account'
  | 'bucket-policy-drift'
  | 'incomplete-uploads-no-abort'
  | 'lifecycle-drift'
  | 'replication-cross-account'
  | 'object-lock-retention'
  | 'access-logging-off'
  | 'versioning-off'
  | 'access-key-shared'
  | 'role-trust-no-external-id'
  | 'access-beyond-level'
  | 'acl-public'
  | 'acl-cross-account';

/**
 * Every finding kind with a short title, in the order docs/auditing.md lists them.
 *
 * @public
 */
export const FINDING_KINDS: ReadonlyArray<{
  kind: FindingKind;
  title: string;
}> = [
  { kind: 'test-failing', title: 'Connection test fails' },
  { kind: 'cors-drift', title: 'CORS differs from the generated rules' },
  { kind: 'cors-wildcard-origin', title: 'Wildcard CORS origin' },
  { kind: 'public-acl', title: 'Default ACL grants public access' },
  { kind: 'public-access-block-off', title: 'Public access block off' },
  { kind: 'no-default-encryption', title: 'No default encryption' },
  { kind: 'access-key-stale', title: 'Access key older than allowed' },
  { kind: 'owner-missing', title: 'Owner missing from the catalog' },
  { kind: 'system-missing', title: 'System missing from the catalog' },
  { kind: 'access-broader-than-used', title: 'Access level broader than used' },
  {
    kind: 'aws-account-not-allowed',
    title: 'AWS account not available to the owner',
  },
  { kind: 'bucket-policy-public', title: 'Bucket policy grants public access' },
  {
    kind: 'bucket-policy-cross-account',
    title: 'Bucket policy grants another account',
  },
  {
    kind: 'bucket-policy-drift',
    title: 'Bucket policy lacks the generated statements',
  },
  {
    kind: 'incomplete-uploads-no-abort',
    title: 'Incomplete uploads never aborted',
  },
  { kind: 'lifecycle-drift', title: 'Lifecycle lacks the generated rules' },
  {
    kind: 'replication-cross-account',
    title: 'Replication to another account',
  },
  {
    kind: 'object-lock-retention',
    title: 'Object lock retention on a writable resource',
  },
  { kind: 'access-logging-off', title: 'Server access logging off' },
  { kind: 'versioning-off', title: 'Versioning off' },
  {
    kind: 'access-key-shared',
    title: 'Access key shared by several resources',
  },
  {
    kind: 'role-trust-no-external-id',
    title: 'Role assumable without the ExternalId',
  },
  {
    kind: 'access-beyond-level',
    title: "Another principal gets more than the resource's access level",
  },
  { kind: 'acl-public', title: 'Bucket ACL grants public access' },
  { kind: 'acl-cross-account', title: 'Bucket ACL grants another account' },
];

/**
 * One problem the audit sweep found on a resource.
 *
 * @public
 */
export type AuditFinding = {
  /** Stable while the finding persists from sweep to sweep. */
  id: string;
  resourceId: string;
  resourceName: string;
  /** The resource's owner (entity ref), for grouping. */
  owner: string;
  kind: FindingKind;
  severity: FindingSeverity;
  /** What is wrong, in words a person understands. */
  message: string;
  /** How to fix it: the setting to change, the JSON to apply or the command to run. */
  fix: string;
  /** The first sweep that saw it (kept while it persists). */
  firstSeenAt: string;
  /** The latest sweep that saw it. */
  lastSeenAt: string;
  /** The sweep run that last saw it. */
  sweepId: string;
};

/** @public */
export type FindingPage = {
  items: AuditFinding[];
  nextCursor?: string;
  totalCount: number;
};

/**
 * How a sweep run ended; `running` until it ends, `abandoned` when its instance died.
 *
 * @public
 */
export type AuditSweepOutcome =
  | 'running'
  | 'success'
  | 'partial'
  | 'aborted'
  | 'failure'
  | 'abandoned';

/**
 * One run of the scheduled audit sweep.
 *
 * @public
 */
export type AuditSweepRun = {
  id: string;
  startedAt: string;
  finishedAt?: string;
  /** The backend instance that ran it (host:pid:random). */
  instanceId: string;
  resourcesChecked: number;
  /** Findings recorded by this run. */
  findings: number;
  outcome: AuditSweepOutcome;
  /** Why it failed, was aborted or left resources unchecked. */
  message?: string;
};

/**
 * Counts of the findings the caller may see.
 *
 * @public
 */
export type FindingSummary = {
  total: number;
  bySeverity: Record<FindingSeverity, number>;
  byKind: Record<FindingKind, number>;
  /** Resources with at least one finding. */
  resources: number;
  /**
   * Resources registered since the last sweep started (every resource before
   * the first sweep): not judged yet, so their findings are not counted.
   */
  unswept: number;
  /** When the findings were last refreshed, if a sweep ever finished. */
  lastSweep?: Pick<
    AuditSweepRun,
    'id' | 'startedAt' | 'finishedAt' | 'outcome'
  >;
};
