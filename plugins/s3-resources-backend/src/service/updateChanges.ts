import {
  ResourceSettings,
  endpointKeyOf,
} from '@s3-resources/plugin-s3-resources-common';
import { StoredAuth, accessKeyIdOf } from './resourceView';

/** A resource as stored before an update. */
export type StoredResource = {
  settings: ResourceSettings;
  /** The endpoint key stored with the row (not recomputed). */
  endpointKey: string;
  auth: StoredAuth;
};

const same = (a: unknown, b: unknown) =>
  JSON.stringify(a) === JSON.stringify(b);

/**
 * The settings an update changes, for the audit: the patched fields whose
 * value differs, in the patch's order, then `cors` when it was patched and
 * differs.
 */
export function settingsChanges(
  current: ResourceSettings,
  next: ResourceSettings,
  patched: { fields: string[]; cors: boolean },
): string[] {
  const value = (settings: ResourceSettings, key: string) =>
    (settings as Record<string, unknown>)[key];
  const changed = patched.fields.filter(
    key => !same(value(current, key), value(next, key)),
  );
  if (patched.cors && !same(current.cors, next.cors)) changed.push('cors');
  return changed;
}

/** The auth fields an update changes, for the audit; never the secret itself. */
export function authChanges(
  previous: StoredAuth,
  stored: StoredAuth,
  newSecret: boolean,
): string[] {
  return [
    ...(same(previous, stored) ? [] : ['auth']),
    ...(newSecret ? ['auth.secretAccessKey'] : []),
  ];
}

/**
 * Where a resource's requests go that an update changes: the host they are
 * sent to (endpoint, provider, region, addressing) and the bucket.
 */
export function locationChanges(
  before: Pick<StoredResource, 'settings' | 'endpointKey'>,
  next: ResourceSettings,
): string[] {
  const current = before.settings;
  return [
    endpointKeyOf(next.endpoint) !== before.endpointKey ? 'endpoint' : '',
    next.provider !== current.provider ? 'provider' : '',
    next.region !== current.region ? 'region' : '',
    next.forcePathStyle !== current.forcePathStyle ? 'addressing' : '',
    next.bucket !== current.bucket ? 'bucket' : '',
  ].filter(Boolean);
}

/**
 * What a stored secret was entered for and an update changes: the secret
 * is then asked for again, so a key cannot be carried to another endpoint,
 * bucket, role or way of signing in without its holder typing it.
 */
export function secretBindingChanges(
  before: StoredResource,
  next: ResourceSettings,
  stored: StoredAuth,
): string[] {
  const previous = before.auth;
  const roleOf = (auth: StoredAuth) =>
    auth.method === 'assume-role' ? auth.roleArn : undefined;
  const sourceOf = (auth: StoredAuth) =>
    auth.method === 'assume-role' ? auth.source.method : auth.method;
  return [
    ...locationChanges(before, next),
    roleOf(stored) !== roleOf(previous) ? 'role ARN' : '',
    stored.method !== previous.method || sourceOf(stored) !== sourceOf(previous)
      ? 'auth method'
      : '',
    accessKeyIdOf(stored) !== accessKeyIdOf(previous) ? 'access key ID' : '',
  ].filter(Boolean);
}
