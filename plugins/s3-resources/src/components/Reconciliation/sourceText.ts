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
  const { credential } = source;
  let who: string;
  if (credential.kind === 'aws-account') {
    who = `AWS account ${credential.accountId}`;
  } else if (credential.accessKeyId) {
    who = `key ${credential.accessKeyId} of ${credential.resourceName}`;
  } else {
    // a ghost of a resource that signs with a role or an operator's account
    who = `the credentials of ${credential.resourceName} (a role or an account)`;
  }
  return { where, who };
}
