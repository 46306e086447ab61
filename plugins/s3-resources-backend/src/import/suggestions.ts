import {
  OWNER_REF,
  canonicalEntityRef,
} from '@s3-resources/plugin-s3-resources-common';

/** Tags read as the bucket's owner, in this order. */
const OWNER_TAGS = ['backstage.io/owner', 'owner', 'Owner', 'team', 'Team'];

/** DNS-safe short form of an endpoint host, for entity names. */
function endpointSlug(endpoint: string): string {
  const url = new URL(endpoint);
  return `${url.hostname}${url.port ? `-${url.port}` : ''}`
    .toLocaleLowerCase('en-US')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** Entity name for a discovered bucket: unique per endpoint, at most 63 characters. */
export function suggestedNameFor(bucket: string, endpoint?: string): string {
  const base = bucket.replace(/\./g, '-');
  if (!endpoint) return base.slice(0, 63);
  const slug = endpointSlug(endpoint);
  const name = `${base}--${slug}`;
  return name.length <= 63
    ? name
    : `${base.slice(0, Math.max(3, 62 - slug.length - 1))}--${slug}`.slice(
        0,
        63,
      );
}

/** The first owner tag that reads as a group or user ref: its key and the ref, canonical. */
export function ownerTagOf(
  tags: Record<string, string>,
): { key: string; owner: string } | undefined {
  for (const key of OWNER_TAGS) {
    const value = tags[key]?.trim();
    if (!value) continue;
    const ref = canonicalEntityRef(value, OWNER_REF);
    if (ref) return { key, owner: ref };
  }
  return undefined;
}

/** The first owner tag that reads as a group or user ref, canonical. */
export function ownerFromTags(
  tags: Record<string, string>,
): string | undefined {
  return ownerTagOf(tags)?.owner;
}
