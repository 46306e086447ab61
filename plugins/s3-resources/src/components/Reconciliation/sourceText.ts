import {
  PROVIDER_PROFILES,
  ReconciliationSource,
} from '@s3-resources/plugin-s3-resources-common';

/** Where a source lists and with whose credentials, in words. */
export function sourceText(source: ReconciliationSource): {
  where: string;
  who: string;
} {
  const where = source.endpoint
    ? `${PROVIDER_PROFILES[source.provider]?.title ?? source.provider} at ${
        source.endpoint
      }`
    : `${PROVIDER_PROFILES[source.provider]?.title ?? source.provider} (${
        source.region
      })`;
  const who =
    source.credential.kind === 'aws-account'
      ? `AWS account ${source.credential.accountId}`
      : `key ${source.credential.accessKeyId} of ${source.credential.resourceName}`;
  return { where, who };
}
