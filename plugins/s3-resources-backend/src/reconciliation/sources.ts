import {
  ImportSource,
  PROVIDER_PROFILES,
  ProviderId,
  ReconciliationSource,
  endpointKeyOf,
  maskAccessKeyId,
} from '@s3-resources/plugin-s3-resources-common';
import { createHash } from 'node:crypto';
import { isAwsCommercialEndpoint } from '../connectionTest/GuardedHttpHandler';
import { ResourceRow } from '../database/ResourceStore';
import { StoredAuth, settingsOf } from '../service/resourceView';
import { ReconciledAccount } from './reconciliationConfig';

/** A source to list: where, with which credentials, and what to HeadBucket. */
export type PlannedSource = {
  source: ReconciliationSource;
  /** provider + endpoint key: where its buckets are registered. */
  location: string;
  /** Explicit names, checked with HeadBucket. */
  explicit: string[];
  /** A resource whose stored key lists the source, or an operator's account. */
  via: { row: ResourceRow } | { accountId: string };
};

/**
 * Where buckets are registered: the provider and the normalised endpoint.
 * AWS's own hosts (https://s3.eu-west-1.amazonaws.com) are AWS without an
 * endpoint: one bucket namespace, whichever regional host a resource names.
 */
export const locationOf = (provider: string, endpoint?: string) =>
  `${provider}|${
    provider === 'aws' && endpoint && isAwsCommercialEndpoint(endpoint)
      ? ''
      : endpointKeyOf(endpoint)
  }`;

const digest = (text: string) =>
  createHash('sha256').update(text).digest('hex').slice(0, 24);

/**
 * The sources of one run: each operator account reconciliation may list,
 * and each distinct access key of registered resources (provider, endpoint
 * and key ID), listed once with the key of the first resource by name.
 * Resources signing with a role or an operator's account are not sources:
 * the operator names the accounts to list.
 */
export function planSources(
  rows: ResourceRow[],
  accounts: ReconciledAccount[],
): PlannedSource[] {
  const planned = new Map<string, PlannedSource>();
  for (const account of accounts) {
    const provider = account.provider ?? 'aws';
    const key = `account|${provider}|${endpointKeyOf(account.endpoint)}|${
      account.accountId
    }`;
    planned.set(key, {
      source: {
        id: digest(key),
        provider,
        ...(account.endpoint ? { endpoint: account.endpoint } : {}),
        region: account.region ?? PROVIDER_PROFILES[provider].defaultRegion,
        credential: { kind: 'aws-account', accountId: account.accountId },
      },
      location: locationOf(provider, account.endpoint),
      explicit: account.buckets,
      via: { accountId: account.accountId },
    });
  }
  const byName = [...rows].sort((a, b) => a.name.localeCompare(b.name));
  for (const row of byName) {
    const auth = row.auth as StoredAuth;
    if (auth.method !== 'access-key' || !row.secret) continue;
    const key = `key|${row.provider}|${row.endpointKey}|${auth.accessKeyId}`;
    const known = planned.get(key);
    if (known) {
      // one resource's path-style means virtual-host names may not resolve
      // (no wildcard DNS): the shared key lists path-style
      if (
        row.provider !== 'aws' &&
        settingsOf(row).forcePathStyle === true &&
        !known.source.forcePathStyle
      ) {
        known.source = { ...known.source, forcePathStyle: true };
      }
      continue;
    }
    planned.set(key, {
      source: sourceOfRow(row, digest(key)),
      location: locationOf(row.provider, settingsOf(row).endpoint),
      explicit: [],
      via: { row },
    });
  }
  return [...planned.values()];
}

/** The source a resource's own credentials make (ghosts name it too). */
export function sourceOfRow(
  row: ResourceRow,
  id = digest(
    `key|${row.provider}|${row.endpointKey}|${
      accessKeyOf(row.auth as StoredAuth) ?? `resource:${row.id}`
    }`,
  ),
): ReconciliationSource {
  const settings = settingsOf(row);
  const accessKeyId = accessKeyOf(row.auth as StoredAuth);
  return {
    id,
    provider: row.provider as ProviderId,
    ...(settings.endpoint ? { endpoint: settings.endpoint } : {}),
    region: row.region,
    ...(settings.forcePathStyle !== undefined
      ? { forcePathStyle: settings.forcePathStyle }
      : {}),
    credential: {
      kind: 'resource',
      resourceId: row.id,
      resourceName: row.name,
      accessKeyId: accessKeyId ? maskAccessKeyId(accessKeyId) : '',
    },
  };
}

function accessKeyOf(auth: StoredAuth): string | undefined {
  return auth.method === 'access-key' ? auth.accessKeyId : undefined;
}

/** The planned source as the discovery lists it, the secret in memory only. */
export function importSourceOf(
  planned: PlannedSource,
  secretAccessKey: string | undefined,
): ImportSource | undefined {
  const { source, via } = planned;
  const base = {
    provider: source.provider,
    ...(source.endpoint ? { endpoint: source.endpoint } : {}),
    region: source.region,
    ...(source.forcePathStyle !== undefined
      ? { forcePathStyle: source.forcePathStyle }
      : {}),
  };
  if ('accountId' in via) {
    return {
      ...base,
      auth: { method: 'aws-account', accountId: via.accountId },
    };
  }
  const auth = via.row.auth as StoredAuth;
  if (auth.method !== 'access-key' || !secretAccessKey) return undefined;
  return {
    ...base,
    auth: {
      method: 'access-key',
      accessKeyId: auth.accessKeyId,
      secretAccessKey,
    },
  };
}
