import {
  OWNER_REF,
  ReconciliationSource,
  TestRun,
  canonicalEntityRef,
  putBucketTaggingCommand,
} from '@s3-resources/plugin-s3-resources-common';
import { NewEntry } from '../database/ReconciliationStore';
import { ResourceRow } from '../database/ResourceStore';
import { ownerTagOf } from '../import/suggestions';
import { settingsOf } from '../service/resourceView';

/** Network codes of an endpoint that does not answer at all. */
const NOT_ANSWERING = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);

/**
 * Whether a resource's latest connection test says its bucket is gone (the
 * bucket step's NoSuchBucket or 404) or its endpoint does not answer;
 * undefined otherwise, and when there is no test to judge from.
 */
export function ghostReason(run: TestRun | undefined): string | undefined {
  if (!run) return undefined;
  const bucket = run.steps.find(s => s.id === 'bucket');
  if (
    bucket?.status === 'fail' &&
    (bucket.errorCode === 'NoSuchBucket' || bucket.httpStatus === 404)
  ) {
    const answer = [
      bucket.errorCode,
      bucket.httpStatus ? `HTTP ${bucket.httpStatus}` : undefined,
    ].filter(Boolean);
    return `The bucket no longer exists: the sweep's connection test answered ${answer.join(
      ', ',
    )}`;
  }
  // only the steps up to the bucket's can say the endpoint is silent: a
  // later step's timeout comes after the bucket answered
  const bucketAt = run.steps.findIndex(s => s.id === 'bucket');
  const reached = bucketAt < 0 ? run.steps : run.steps.slice(0, bucketAt + 1);
  const silent = reached.find(
    s =>
      s.status === 'fail' &&
      s.httpStatus === undefined &&
      !!s.errorCode &&
      NOT_ANSWERING.has(s.errorCode),
  );
  if (silent) {
    return `The endpoint does not answer: the sweep's connection test failed at "${silent.title}" (${silent.errorCode})`;
  }
  return undefined;
}

/** What is known of a bucket's tags: read now, read earlier, or why not. */
export type KnownTags =
  | { tags: Record<string, string>; readAt: string }
  | { unknown: string };

/**
 * Shadow and owner-tag entries of one listed source: every bucket present
 * (listed, or found by HeadBucket) that no resource registers at the
 * source's provider and endpoint is a shadow; every whole-bucket resource
 * whose bucket carries an owner tag naming someone else differs.
 */
export function judgeSource(input: {
  source: ReconciliationSource;
  present: Map<string, { note?: string }>;
  registered: Map<string, ResourceRow[]>;
  tagsOf: (bucket: string) => KnownTags | undefined;
}): NewEntry[] {
  const { source, present, registered, tagsOf } = input;
  const entries: NewEntry[] = [];
  for (const [bucket, seen] of present) {
    const rows = registered.get(bucket);
    const known = tagsOf(bucket);
    const tags = known && 'tags' in known ? known.tags : undefined;
    const ownerTag = tags ? ownerTagOf(tags) : undefined;
    if (!rows?.length) {
      entries.push({
        kind: 'shadow',
        source,
        bucket,
        ...(tags ? { tags } : {}),
        ...(ownerTag ? { tagOwner: ownerTag.owner, tagKey: ownerTag.key } : {}),
        message: `The bucket exists but no resource registers it${
          seen.note ? ` (${seen.note})` : ''
        }${known && 'unknown' in known ? `; ${known.unknown}` : ''}`,
      });
      continue;
    }
    if (!ownerTag || !tags) continue;
    for (const row of rows) {
      if (row.prefixKey !== '') continue;
      const owner = canonicalEntityRef(row.owner, OWNER_REF) ?? row.owner;
      if (owner === ownerTag.owner) continue;
      const endpoint = settingsOf(row).endpoint;
      // S3 refuses system tags (aws:cloudformation:…) in put-bucket-tagging
      const system = Object.keys(tags).filter(k => k.startsWith('aws:'));
      const userTags = Object.fromEntries(
        Object.entries(tags).filter(([k]) => !k.startsWith('aws:')),
      );
      entries.push({
        kind: 'owner-mismatch',
        source,
        bucket,
        resourceId: row.id,
        resourceName: row.name,
        owner,
        tagOwner: ownerTag.owner,
        tagKey: ownerTag.key,
        tags,
        message: `The bucket's tag ${ownerTag.key} names ${
          ownerTag.owner
        }; the catalog owner of ${row.name} is ${owner}${
          system.length
            ? ` (the command leaves out the system tags ${system.join(
                ', ',
              )}: S3 refuses them in put-bucket-tagging)`
            : ''
        }`,
        alignCommand: putBucketTaggingCommand(
          { bucket, ...(endpoint ? { endpoint } : {}) },
          userTags,
          { key: ownerTag.key, value: owner },
        ),
      });
    }
  }
  return entries;
}
