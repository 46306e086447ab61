import { SecretEnvelope } from '../crypto/SecretBox';
import {
  DbTimestamp,
  dateToDb,
  dateToDbOrNull,
  isoFromDb,
  isoFromDbOrNull,
} from './timestamps';

/** A row of `s3_resources`, with JSON columns parsed. */
export type ResourceRow = {
  id: string;
  name: string;
  provider: string;
  bucket: string;
  region: string;
  endpointKey: string;
  prefixKey: string;
  owner: string;
  system: string | null;
  title: string | null;
  /** Non-secret settings not held in their own column. */
  settings: Record<string, unknown>;
  authMethod: string;
  /** Non-secret auth fields (access key ID, role ARN, external ID, …). */
  auth: Record<string, unknown>;
  secret: SecretEnvelope | null;
  /** When the stored secret was last set; null without a secret (or unknown). */
  secretChangedAt: string | null;
  /**
   * When the provider, endpoint, bucket or prefix last changed (null: not
   * since it was registered): a test that started before read another bucket.
   */
  targetChangedAt?: string | null;
  /**
   * When a connection test last ran the write probe. Read-only here: the
   * test history (TestRunStore) writes it.
   */
  writeProbeAt?: string | null;
  lastTestStatus: string | null;
  lastTestedAt: string | null;
  lastTestRunId: string | null;
  version: number;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
  updatedBy: string;
};

/** A row of `s3_resources` as the database driver reads and writes it. */
export type DbRow = {
  id: string;
  name: string;
  provider: string;
  bucket: string;
  region: string;
  endpoint_key: string;
  prefix_key: string;
  owner: string;
  system: string | null;
  title: string | null;
  settings: string;
  auth_method: string;
  auth: string;
  secret: string | null;
  secret_key_id: string | null;
  secret_changed_at: DbTimestamp | null;
  target_changed_at?: DbTimestamp | null;
  write_probe_at?: DbTimestamp | null;
  last_test_status: string | null;
  last_tested_at: DbTimestamp | null;
  last_test_run_id: string | null;
  version: number;
  created_at: DbTimestamp;
  created_by: string;
  updated_at: DbTimestamp;
  updated_by: string;
};

export function fromDb(row: DbRow): ResourceRow {
  return {
    id: row.id,
    name: row.name,
    provider: row.provider,
    bucket: row.bucket,
    region: row.region,
    endpointKey: row.endpoint_key,
    prefixKey: row.prefix_key,
    owner: row.owner,
    system: row.system,
    title: row.title,
    settings: JSON.parse(row.settings),
    authMethod: row.auth_method,
    auth: JSON.parse(row.auth),
    secret: row.secret ? JSON.parse(row.secret) : null,
    secretChangedAt: isoFromDbOrNull(row.secret_changed_at),
    targetChangedAt: isoFromDbOrNull(row.target_changed_at),
    writeProbeAt: isoFromDbOrNull(row.write_probe_at),
    lastTestStatus: row.last_test_status,
    lastTestedAt: isoFromDbOrNull(row.last_tested_at),
    lastTestRunId: row.last_test_run_id,
    version: Number(row.version),
    createdAt: isoFromDb(row.created_at),
    createdBy: row.created_by,
    updatedAt: isoFromDb(row.updated_at),
    updatedBy: row.updated_by,
  };
}

export function toDb(row: ResourceRow): DbRow {
  return {
    id: row.id,
    name: row.name,
    provider: row.provider,
    bucket: row.bucket,
    region: row.region,
    endpoint_key: row.endpointKey,
    prefix_key: row.prefixKey,
    owner: row.owner,
    system: row.system,
    title: row.title,
    settings: JSON.stringify(row.settings),
    auth_method: row.authMethod,
    auth: JSON.stringify(row.auth),
    secret: row.secret ? JSON.stringify(row.secret) : null,
    secret_key_id: row.secret?.kid ?? null,
    secret_changed_at: dateToDbOrNull(row.secretChangedAt),
    target_changed_at: dateToDbOrNull(row.targetChangedAt),
    last_test_status: row.lastTestStatus,
    last_tested_at: dateToDbOrNull(row.lastTestedAt),
    last_test_run_id: row.lastTestRunId,
    version: row.version,
    created_at: dateToDb(row.createdAt),
    created_by: row.createdBy,
    updated_at: dateToDb(row.updatedAt),
    updated_by: row.updatedBy,
  };
}
