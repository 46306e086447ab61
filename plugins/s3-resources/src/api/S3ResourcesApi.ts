import { createApiRef } from '@backstage/core-plugin-api';
import {
  AuditRecord,
  AuditSweepRun,
  ConfigurationComparison,
  FleetStorage,
  ResourceAccessMap,
  ResourceStorage,
  CreateResourceRequest,
  DiscoveredBucket,
  FindingKind,
  FindingPage,
  FindingSeverity,
  FindingSummary,
  ImportResult,
  ImportSource,
  ObjectDetails,
  ObjectLink,
  ObjectListing,
  ResourcePage,
  ResourcePolicies,
  ResourceSort,
  S3Resource,
  ShareLink,
  ShareLinkRecord,
  TestRun,
  TestStatus,
  TestStepResult,
  UpdateResourceRequest,
  ResourceAuthInput,
  UploadGrant,
  ReconciliationKind,
  ReconciliationPage,
} from '@s3-resources/plugin-s3-resources-common';

/**
 * Filters and paging of the reconciliation list.
 *
 * @public
 */
export type ReconciliationQuery = {
  kind?: ReconciliationKind[];
  source?: string;
  limit?: number;
  cursor?: string;
};

/** @public */
export type { DiscoveredBucket, ImportResult, ImportSource };

/**
 * Status filter values of `GET /resources`: a test status, or never tested.
 *
 * @public
 */
export type ResourceStatusFilter = TestStatus | 'untested';

/** @public */
export type ResourceListQuery = {
  limit?: number;
  cursor?: string;
  /** The sort key: name (the default), last test, owner or provider. */
  sort?: ResourceSort;
  /** Direction of the sort key: `asc` (the default) or `desc`. */
  order?: 'asc' | 'desc';
  q?: string;
  owner?: string[];
  provider?: string[];
  status?: ResourceStatusFilter[];
};

/**
 * A page of a cursor-paged list other than resources.
 *
 * @public
 */
export type CursorPage<T> = {
  items: T[];
  nextCursor?: string;
};

/** @public */
export type TestRunQuery = {
  limit?: number;
  cursor?: string;
};

/** @public */
export type AuditQuery = {
  resourceId?: string;
  actor?: string;
  action?: string;
  since?: string;
  until?: string;
  limit?: number;
  cursor?: string;
};

/** @public */
export type AuditExportFormat = 'csv' | 'ndjson';

/**
 * Filters of `GET /findings` and `GET /findings/summary`.
 *
 * @public
 */
export type FindingFilter = {
  severity?: FindingSeverity[];
  kind?: FindingKind[];
  /** Owner entity refs. */
  owner?: string[];
  resourceId?: string;
};

/** @public */
export type FindingQuery = FindingFilter & {
  limit?: number;
  cursor?: string;
};

/**
 * Answer of `POST /audit/sweep`: the sweep starts shortly on some instance.
 *
 * @public
 */
export type SweepTrigger = {
  taskId: string;
  status: 'triggered';
};

/** @public */
export type ObjectListQuery = {
  /** The folder to list, ending with / (the resource's prefix by default). */
  folder?: string;
  /** Only keys in the folder starting with this. */
  search?: string;
  cursor?: string;
  limit?: number;
};

/** @public */
export type UploadRequest = {
  key: string;
  size: number;
  contentType?: string;
};

/** @public */
export type UploadedPart = { partNumber: number; etag: string };

/** @public */
export type ShareLinkQuery = {
  resourceId?: string;
  createdBy?: string;
  /** Include expired links as well. */
  expired?: boolean;
  limit?: number;
  cursor?: string;
};

/** @public */
export type ImportBucket = {
  bucket: string;
  name?: string;
  owner: string;
  region?: string;
  title?: string;
  system?: string;
};

/** @public */
export type ImportRequest = {
  source: ImportSource;
  accessLevel?: 'read' | 'read-write' | 'full';
  buckets: ImportBucket[];
};

/** @public */
export type ImportOutcome = {
  created: number;
  exists: number;
  failed: number;
  results: ImportResult[];
};

/** @public */
export type DiscoverOptions = {
  /** Called once per bucket as its region and tags arrive. */
  onBucket?: (bucket: DiscoveredBucket) => void;
  signal?: AbortSignal;
};

/** @public */
export type ImportOptions = {
  /** Called once per bucket as it is registered (or not). */
  onProgress?: (progress: {
    result: ImportResult;
    done: number;
    total: number;
  }) => void;
  signal?: AbortSignal;
};

/** @public */
export type ConnectionTestOptions = {
  /** Put and delete a sentinel object as well (opt-in). */
  writeProbe?: boolean;
  /** Called once per step, in the order the steps finish. */
  onStep?: (step: TestStepResult) => void;
  signal?: AbortSignal;
};

/**
 * The frontend's view of the S3 resources backend.
 *
 * @public
 */
export interface S3ResourcesApi {
  listResources(
    query: ResourceListQuery,
    signal?: AbortSignal,
  ): Promise<ResourcePage>;
  getResource(id: string): Promise<S3Resource>;
  /** A stale `version` in the request is refused with a ConflictError (409). */
  updateResource(
    id: string,
    request: UpdateResourceRequest,
  ): Promise<S3Resource>;
  deleteResource(id: string): Promise<void>;
  getPolicies(id: string): Promise<ResourcePolicies>;
  /** What the bucket holds within the prefix: the latest scan, one under way, the history. */
  getStorage(id: string): Promise<ResourceStorage>;
  /**
   * Who may do what to the bucket, from the latest connection test, with
   * the related findings (those who may update the resource and the
   * platform group).
   */
  getAccessMap(id: string): Promise<ResourceAccessMap>;
  /** The bucket's live CORS, bucket policy and lifecycle next to the generated ones, read now. */
  compareConfiguration(id: string): Promise<ConfigurationComparison>;
  /** Every resource's storage (platform group), growth over `periodDays` (7 by default). */
  getFleetStorage(periodDays?: number): Promise<FleetStorage>;
  /** One row per resource with its storage figures, as a CSV or NDJSON file. */
  exportFleetStorage(
    format: AuditExportFormat,
    periodDays?: number,
  ): Promise<Blob>;
  /** Tests a stored resource; steps are streamed to `onStep` as they finish. */
  testResource(
    id: string,
    options?: ConnectionTestOptions & {
      /**
       * New credentials, tested with the stored settings before they are
       * saved (needs the right to update the resource; the run is not stored).
       */
      auth?: ResourceAuthInput;
    },
  ): Promise<TestRun>;
  /**
   * An ExternalId the portal issues to the signed-in user for a role set up
   * before its resource is registered; the registered resource keeps it.
   */
  issueExternalId(): Promise<string>;
  /** Tests an unsaved configuration (a create request, secret included); nothing is stored. */
  testConfiguration(
    request: CreateResourceRequest,
    options?: ConnectionTestOptions,
  ): Promise<TestRun>;
  /** Past test runs of a resource, newest first. */
  listTestRuns(id: string, query?: TestRunQuery): Promise<CursorPage<TestRun>>;
  listAudit(query: AuditQuery): Promise<CursorPage<AuditRecord>>;
  /** The audit records matching the query as a CSV or NDJSON file. */
  exportAudit(
    query: Omit<AuditQuery, 'limit' | 'cursor'>,
    format: AuditExportFormat,
  ): Promise<Blob>;
  /** Findings of the audit sweep the caller may see, most severe first. */
  listFindings(query: FindingQuery, signal?: AbortSignal): Promise<FindingPage>;
  getFindingSummary(filter?: FindingFilter): Promise<FindingSummary>;
  /** The findings matching the filter as a CSV or NDJSON file. */
  exportFindings(
    filter: FindingFilter,
    format: AuditExportFormat,
  ): Promise<Blob>;
  /**
   * Reconciliation's entries (shadow buckets, ghost resources, owner tags
   * that differ) with every source's last listing (platform group only).
   */
  listReconciliation(query?: ReconciliationQuery): Promise<ReconciliationPage>;
  /** The reconciliation entries matching the query as a CSV or NDJSON file. */
  exportReconciliation(
    query: Omit<ReconciliationQuery, 'limit' | 'cursor'>,
    format: AuditExportFormat,
  ): Promise<Blob>;
  /** Runs of the audit sweep, newest first (platform group only). */
  listSweeps(query?: { limit?: number }): Promise<{ items: AuditSweepRun[] }>;
  /** Asks for a sweep now (`s3.audit.sweep`); follow it with `listSweeps`. */
  triggerSweep(): Promise<SweepTrigger>;
  /** One page of the folders and objects in a folder of the resource. */
  listObjects(
    id: string,
    query?: ObjectListQuery,
    signal?: AbortSignal,
  ): Promise<ObjectListing>;
  getObject(id: string, key: string): Promise<ObjectDetails>;
  deleteObject(id: string, key: string): Promise<void>;
  /** A short-lived presigned GET: an attachment, or a safe inline preview. */
  linkObject(
    id: string,
    key: string,
    purpose: 'download' | 'preview',
  ): Promise<ObjectLink>;
  /** A presigned upload the browser sends to the bucket itself. */
  startUpload(id: string, request: UploadRequest): Promise<UploadGrant>;
  completeUpload(
    id: string,
    request: { key: string; uploadId: string; parts: UploadedPart[] },
  ): Promise<ObjectDetails>;
  abortUpload(
    id: string,
    request: { key: string; uploadId: string },
  ): Promise<void>;
  /** A recorded share link; its URL is shown once and cannot be revoked. */
  createShareLink(
    id: string,
    request: { key: string; expiresInSeconds?: number },
  ): Promise<ShareLink>;
  listShareLinks(query?: ShareLinkQuery): Promise<CursorPage<ShareLinkRecord>>;
  /** The share links matching the query as a CSV or NDJSON file. */
  exportShareLinks(
    query: Omit<ShareLinkQuery, 'limit' | 'cursor'>,
    format: AuditExportFormat,
  ): Promise<Blob>;
  /** Lists the buckets of a source; each is streamed to `onBucket` as it is read. */
  discoverBuckets(
    source: ImportSource,
    options?: DiscoverOptions,
  ): Promise<DiscoveredBucket[]>;
  /** Registers the chosen buckets; each result is streamed to `onProgress`. */
  importBuckets(
    request: ImportRequest,
    options?: ImportOptions,
  ): Promise<ImportOutcome>;
}

/** @public */
export const s3ResourcesApiRef = createApiRef<S3ResourcesApi>({
  id: 'plugin.s3-resources.api',
});
