import {
  CreateResourceRequest,
  PROVIDER_PROFILES,
  ProviderId,
} from '@s3-resources/plugin-s3-resources-common';
import { ProviderEndpointValue } from './validation';

/**
 * Form keys the S3ConnectionTest field reads; each can be renamed in `ui:options.fields`.
 *
 * @public
 */
export type ConnectionFormKeys = {
  name: string;
  owner: string;
  bucket: string;
  prefix: string;
  /** The S3ProviderEndpoint value; flat `provider`/`endpoint`/`region`/`forcePathStyle` keys are read when it is absent. */
  location: string;
  accessLevel: string;
  defaultAcl: string;
  authMethod: string;
  roleArn: string;
  accessKeyId: string;
  corsOrigins: string;
  uploadMode: string;
};

export const DEFAULT_FORM_KEYS: ConnectionFormKeys = {
  name: 'name',
  owner: 'owner',
  bucket: 'bucket',
  prefix: 'prefix',
  location: 'location',
  accessLevel: 'accessLevel',
  defaultAcl: 'defaultAcl',
  authMethod: 'authMethod',
  roleArn: 'roleArn',
  accessKeyId: 'accessKeyId',
  corsOrigins: 'corsOrigins',
  uploadMode: 'uploadMode',
};

export { DEFAULT_SECRET_NAME } from '@s3-resources/plugin-s3-resources-common';

/** @public */
export type ConnectionTestUiOptions = {
  fields?: Partial<ConnectionFormKeys>;
  secretName?: string;
  /** Refuse to go on until a test with these settings passed (or passed with warnings). */
  requirePass?: boolean;
  /** Show the "include write probe" option (default true). */
  allowWriteProbe?: boolean;
};

const str = (v: unknown) =>
  typeof v === 'string' && v.trim() ? v.trim() : undefined;

function locationOf(
  data: Record<string, unknown>,
  keys: ConnectionFormKeys,
): Partial<ProviderEndpointValue> {
  const nested = data[keys.location];
  if (nested && typeof nested === 'object')
    return nested as ProviderEndpointValue;
  return {
    provider: str(data.provider) as ProviderId | undefined,
    endpoint: str(data.endpoint),
    region: str(data.region),
    forcePathStyle:
      typeof data.forcePathStyle === 'boolean'
        ? data.forcePathStyle
        : undefined,
  };
}

/** What the field still needs before it can test, in words. */
export type MissingInput = string[];

/** "a", "a and b", "a, b and c". */
export function listInWords(items: string[]): string {
  return items.length < 2
    ? items.join('')
    : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/**
 * Builds the `POST /test` body from the values entered so far. The name and
 * owner only satisfy the create schema (nothing is stored): when the form
 * has none yet, placeholders are used.
 */
export function buildConnectionRequest(
  data: Record<string, unknown>,
  secret: string | undefined,
  options: {
    keys?: Partial<ConnectionFormKeys>;
    fallbackOwner: string;
    /** The ExternalId issued for the role (assume-role only). */
    externalId?: string;
  },
): {
  request?: CreateResourceRequest;
  missing: MissingInput;
  signature: string;
} {
  const keys = { ...DEFAULT_FORM_KEYS, ...options.keys };
  const location = locationOf(data, keys);
  const bucket = str(data[keys.bucket]);
  const accessKeyId = str(data[keys.accessKeyId]);
  const authMethod = str(data[keys.authMethod]) ?? 'access-key';
  const roleArn = str(data[keys.roleArn]);
  const missing: string[] = [];
  if (!bucket) missing.push('the bucket name');
  if (!location.provider) missing.push('the provider');
  else if (
    PROVIDER_PROFILES[location.provider]?.requiresEndpoint &&
    !location.endpoint
  ) {
    missing.push('the endpoint');
  }
  if (authMethod === 'access-key' || authMethod === 'assume-role') {
    if (!accessKeyId) missing.push('the access key ID');
    if (!secret) missing.push('the secret access key');
  }
  if (authMethod === 'assume-role' && !roleArn) missing.push('the role ARN');

  // Every input the test depends on except the secret (never in form
  // data; the field tracks it in memory): a change makes a result stale.
  const signature = JSON.stringify([
    location.provider,
    location.endpoint,
    location.region,
    location.forcePathStyle,
    bucket,
    str(data[keys.prefix]),
    authMethod,
    accessKeyId,
    authMethod === 'assume-role' ? roleArn : undefined,
  ]);
  if (missing.length || !bucket || !location.provider) {
    return { missing, signature };
  }

  const key = {
    method: 'access-key' as const,
    accessKeyId: accessKeyId!,
    secretAccessKey: secret,
  };
  const origins = data[keys.corsOrigins];
  const request: CreateResourceRequest = {
    name: str(data[keys.name]) ?? 'connection-test',
    owner: str(data[keys.owner]) ?? options.fallbackOwner,
    provider: location.provider,
    bucket,
    ...(location.endpoint ? { endpoint: location.endpoint } : {}),
    ...(location.region ? { region: location.region } : {}),
    ...(location.forcePathStyle !== undefined
      ? { forcePathStyle: location.forcePathStyle }
      : {}),
    ...(str(data[keys.prefix]) ? { prefix: str(data[keys.prefix]) } : {}),
    ...(str(data[keys.accessLevel])
      ? {
          accessLevel: str(
            data[keys.accessLevel],
          ) as CreateResourceRequest['accessLevel'],
        }
      : {}),
    ...(str(data[keys.defaultAcl])
      ? {
          defaultAcl: str(
            data[keys.defaultAcl],
          ) as CreateResourceRequest['defaultAcl'],
        }
      : {}),
    ...(Array.isArray(origins) || str(data[keys.uploadMode])
      ? {
          cors: {
            ...(Array.isArray(origins) ? { origins: origins.map(String) } : {}),
            ...(str(data[keys.uploadMode])
              ? { uploadMode: str(data[keys.uploadMode]) as never }
              : {}),
          },
        }
      : {}),
    auth:
      authMethod === 'assume-role'
        ? {
            method: 'assume-role',
            roleArn: roleArn!,
            ...(options.externalId ? { externalId: options.externalId } : {}),
            source: key,
          }
        : key,
  };
  return { request, missing, signature };
}
