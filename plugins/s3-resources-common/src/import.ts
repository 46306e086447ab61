import { ProviderId } from './types';

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
};
