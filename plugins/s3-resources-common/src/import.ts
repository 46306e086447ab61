import { ProviderId, TestStatus } from './types';

/**
 * Where to discover buckets, with the credentials to list them. The secret
 * is sent with the discover and import requests only and never stored.
 *
 * @public
 */
export type ImportSource = {
  provider: ProviderId;
  endpoint?: string;
  region?: string;
  forcePathStyle?: boolean;
  auth:
    | { method: 'access-key'; accessKeyId: string; secretAccessKey: string }
    | { method: 'aws-account'; accountId: string };
};

/**
 * A bucket the source can see, with what the import form needs.
 *
 * @public
 */
export type DiscoveredBucket = {
  bucket: string;
  region: string;
  tags: Record<string, string>;
  /** From the `backstage.io/owner`, `owner` or `team` tag, when it names a group or user. */
  suggestedOwner?: string;
  /** Entity name to register it under (carries the endpoint for S3-compatible services). */
  suggestedName: string;
  /** What could not be read (e.g. tags denied); the bucket can still be imported. */
  warnings: string[];
  /**
   * The resource this bucket is already registered as (whole bucket, same
   * provider and endpoint); its name and id only when the caller may read
   * it, else empty (the bucket is taken, by a resource they may not see).
   */
  registered?: { name?: string; resourceId?: string };
};

/**
 * What happened to one bucket of an import.
 *
 * @public
 */
export type ImportResult = {
  bucket: string;
  name: string;
  outcome: 'created' | 'exists' | 'failed';
  resourceId?: string;
  message?: string;
  /** The connection test run once on the created resource. */
  test?: ImportTest;
};

/**
 * The connection test of a freshly imported resource: its verdict, and the
 * first step that failed or warned, in words.
 *
 * @public
 */
export type ImportTest = {
  status: TestStatus;
  /** The stored run; absent when the test could not run at all. */
  runId?: string;
  problem?: string;
};
