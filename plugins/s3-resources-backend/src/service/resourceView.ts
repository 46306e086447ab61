import {
  ResourceAuthInput,
  ResourceAuthView,
  ResourceSettings,
  S3Resource,
  TestStatus,
  endpointKeyOf,
  maskAccessKeyId,
  resourceEntityRef,
} from '@s3-resources/plugin-s3-resources-common';
import { ResourceRow } from '../database/ResourceStore';
import { ResourceDecision } from './ResourcePermissions';

/** Non-secret auth fields as stored in the `auth` column. */
export type StoredAuth =
  | { method: 'access-key'; accessKeyId: string }
  | { method: 'aws-account'; accountId: string }
  | {
      method: 'assume-role';
      roleArn: string;
      externalId: string;
      source:
        | { method: 'access-key'; accessKeyId: string }
        | { method: 'aws-account'; accountId: string };
    };

/** The access key ID a stored auth signs with, directly or as a role's source. */
export function accessKeyIdOf(auth: StoredAuth): string | undefined {
  if (auth.method === 'access-key') return auth.accessKeyId;
  if (auth.method === 'assume-role' && auth.source.method === 'access-key') {
    return auth.source.accessKeyId;
  }
  return undefined;
}

/** Stored auth as a request would write it (no secret), to check it with the request's rules. */
export function authInputOf(auth: StoredAuth): ResourceAuthInput {
  if (auth.method !== 'assume-role') return auth;
  return { method: 'assume-role', roleArn: auth.roleArn, source: auth.source };
}

export function settingsOf(row: ResourceRow): ResourceSettings {
  const s = row.settings as Omit<
    ResourceSettings,
    'name' | 'provider' | 'bucket' | 'region' | 'owner' | 'system' | 'title'
  >;
  return {
    ...s,
    name: row.name,
    ...(row.title ? { title: row.title } : {}),
    owner: row.owner,
    ...(row.system ? { system: row.system } : {}),
    provider: row.provider as ResourceSettings['provider'],
    bucket: row.bucket,
    region: row.region,
  };
}

/** Splits settings into what has its own column and what goes into `settings`. */
export function settingsColumns(settings: ResourceSettings) {
  const { name, title, owner, system, provider, bucket, region, ...rest } =
    settings;
  return {
    name,
    title: title ?? null,
    owner,
    system: system ?? null,
    provider,
    bucket,
    region,
    endpointKey: endpointKeyOf(settings.endpoint),
    prefixKey: settings.prefix ?? '',
    settings: rest as Record<string, unknown>,
  };
}

/**
 * Whether an update points the resource at another bucket: its provider,
 * endpoint, bucket or prefix changes (the tests before it read another one).
 */
export function targetChanged(row: ResourceRow, next: ResourceSettings) {
  const before = settingsOf(row);
  return (
    next.provider !== before.provider ||
    endpointKeyOf(next.endpoint) !== endpointKeyOf(before.endpoint) ||
    next.bucket !== before.bucket ||
    (next.prefix ?? '') !== (before.prefix ?? '')
  );
}

/**
 * The resource's last test when it read the resource's current bucket;
 * undefined, with the reason, when the target changed after it started.
 */
export function testOfTarget<T extends { startedAt: string }>(
  row: ResourceRow,
  run: T | undefined,
): { run?: T; stale?: string } {
  if (
    run &&
    row.targetChangedAt &&
    Date.parse(row.targetChangedAt) > Date.parse(run.startedAt)
  ) {
    return {
      stale: `The provider, endpoint, bucket or prefix changed on ${row.targetChangedAt}, after the last connection test (of ${run.startedAt}): nothing is known of the bucket until the next test`,
    };
  }
  return { run };
}

/** What the caller may see of the auth: those who may update see all but the secret. */
type AuthShown = { showExternalId: boolean; showAccessKeyId?: boolean };

function authView(
  auth: StoredAuth,
  hasSecret: boolean,
  shown: AuthShown,
): ResourceAuthView {
  const { showExternalId } = shown;
  // Editors rotate the secret under the key ID they see; others see it masked.
  const keyId = (id: string) =>
    shown.showAccessKeyId ? id : maskAccessKeyId(id);
  switch (auth.method) {
    case 'access-key':
      return {
        method: 'access-key',
        accessKeyId: keyId(auth.accessKeyId),
        hasSecret,
      };
    case 'aws-account':
      return { method: 'aws-account', accountId: auth.accountId };
    case 'assume-role':
      return {
        method: 'assume-role',
        roleArn: auth.roleArn,
        ...(showExternalId ? { externalId: auth.externalId } : {}),
        source:
          auth.source.method === 'access-key'
            ? {
                method: 'access-key',
                accessKeyId: keyId(auth.source.accessKeyId),
                hasSecret,
              }
            : { method: 'aws-account', accountId: auth.source.accountId },
      };
    default:
      throw new Error(`unknown auth method`);
  }
}

/**
 * The last test's result, marked when the secret changed after that test
 * started: then it does not speak for the credentials stored now.
 */
function statusOf(row: ResourceRow): S3Resource['status'] {
  if (!row.lastTestStatus || !row.lastTestedAt) return {};
  const changedAfter =
    !!row.secretChangedAt &&
    Date.parse(row.secretChangedAt) > Date.parse(row.lastTestedAt);
  return {
    lastTest: {
      status: row.lastTestStatus as TestStatus,
      at: row.lastTestedAt,
      runId: row.lastTestRunId!,
      ...(changedAfter ? { beforeCredentialsChange: true } : {}),
    },
  };
}

/** The API view of a row: secrets never; access key IDs masked and the external ID left out unless `options` show them. */
export function toResourceView(
  row: ResourceRow,
  options: AuthShown,
): S3Resource {
  return {
    ...settingsOf(row),
    id: row.id,
    auth: authView(row.auth as StoredAuth, row.secret !== null, options),
    status: statusOf(row),
    entityRef: resourceEntityRef(row.name),
    version: row.version,
    createdAt: row.createdAt,
    createdBy: row.createdBy,
    updatedAt: row.updatedAt,
    updatedBy: row.updatedBy,
  };
}

/**
 * A resource as the caller sees it: the ExternalId and the unmasked access
 * key ID only where they may update.
 */
export function viewOf(
  row: ResourceRow,
  mayUpdate: ResourceDecision | undefined,
): S3Resource {
  const mayChange = !!mayUpdate?.allows(row);
  return toResourceView(row, {
    showExternalId: row.authMethod === 'assume-role' && mayChange,
    showAccessKeyId: mayChange,
  });
}
