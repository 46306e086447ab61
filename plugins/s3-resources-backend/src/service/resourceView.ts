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

function authView(
  auth: StoredAuth,
  hasSecret: boolean,
  showExternalId: boolean,
): ResourceAuthView {
  switch (auth.method) {
    case 'access-key':
      return {
        method: 'access-key',
        accessKeyId: maskAccessKeyId(auth.accessKeyId),
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
                accessKeyId: maskAccessKeyId(auth.source.accessKeyId),
                hasSecret,
              }
            : { method: 'aws-account', accountId: auth.source.accountId },
      };
    default:
      throw new Error(`unknown auth method`);
  }
}

/** The API view of a row: secrets never, access key IDs masked, external ID only for editors. */
export function toResourceView(
  row: ResourceRow,
  options: { showExternalId: boolean },
): S3Resource {
  return {
    ...settingsOf(row),
    id: row.id,
    auth: authView(
      row.auth as StoredAuth,
      row.secret !== null,
      options.showExternalId,
    ),
    status: row.lastTestStatus
      ? {
          lastTest: {
            status: row.lastTestStatus as TestStatus,
            at: row.lastTestedAt!,
            runId: row.lastTestRunId!,
          },
        }
      : {},
    entityRef: resourceEntityRef(row.name),
    version: row.version,
    createdAt: row.createdAt,
    createdBy: row.createdBy,
    updatedAt: row.updatedAt,
    updatedBy: row.updatedBy,
  };
}

/** A resource as the caller sees it: the ExternalId only where they may update. */
export function viewOf(
  row: ResourceRow,
  mayUpdate: ResourceDecision | undefined,
): S3Resource {
  const showExternalId =
    row.authMethod === 'assume-role' && !!mayUpdate?.allows(row);
  return toResourceView(row, { showExternalId });
}
