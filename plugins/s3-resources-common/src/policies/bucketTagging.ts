import { shellQuote } from './shellQuote';

/**
 * The AWS CLI command that sets one tag of a bucket and keeps the others:
 * put-bucket-tagging replaces the whole tag set, so it is sent whole.
 *
 * @public
 */
export function putBucketTaggingCommand(
  settings: { bucket: string; endpoint?: string },
  tags: Record<string, string>,
  set: { key: string; value: string },
): string {
  const merged = { ...tags, [set.key]: set.value };
  const tagSet = Object.keys(merged)
    .sort()
    .map(key => ({ Key: key, Value: merged[key] }));
  return `aws s3api put-bucket-tagging --bucket ${shellQuote(
    settings.bucket,
  )} --tagging ${shellQuote(JSON.stringify({ TagSet: tagSet }))}${
    settings.endpoint ? ` --endpoint-url ${shellQuote(settings.endpoint)}` : ''
  }`;
}
