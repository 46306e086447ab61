import { createApiRef } from '@backstage/core-plugin-api';
import {
  AuditRecord,
  CreateResourceRequest,
  ResourcePage,
  ResourcePolicies,
  S3Resource,
  TestRun,
  TestStatus,
  TestStepResult,
  UpdateResourceRequest,
} from '@s3-resources/plugin-s3-resources-common';

/** Status filter values of `GET /resources`: a test status, or never tested. */
export type ResourceStatusFilter = TestStatus | 'untested';

export type ResourceListQuery = {
  limit?: number;
  cursor?: string;
  q?: string;
  owner?: string[];
  provider?: string[];
  status?: ResourceStatusFilter[];
};

/** A page of a cursor-paged list other than resources. */
export type CursorPage<T> = {
  items: T[];
  nextCursor?: string;
};

export type TestRunQuery = {
  limit?: number;
  cursor?: string;
};

export type AuditQuery = {
  resourceId?: string;
  actor?: string;
  action?: string;
  since?: string;
  until?: string;
  limit?: number;
  cursor?: string;
};

export type AuditExportFormat = 'csv' | 'ndjson';

export type ConnectionTestOptions = {
  /** Put and delete a sentinel object as well (opt-in). */
  writeProbe?: boolean;
  /** Called once per step, in the order the steps finish. */
  onStep?: (step: TestStepResult) => void;
  signal?: AbortSignal;
};

/** The frontend's view of the S3 resources backend. */
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
  /** Tests a stored resource; steps are streamed to `onStep` as they finish. */
  testResource(id: string, options?: ConnectionTestOptions): Promise<TestRun>;
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
}

export const s3ResourcesApiRef = createApiRef<S3ResourcesApi>({
  id: 'plugin.s3-resources.api',
});
