import {
  PROVIDER_PROFILES,
  ProviderId,
  validateBucketName,
  validateEndpoint,
  validateRegion,
} from '@s3-resources/plugin-s3-resources-common';

/**
 * Value of the S3ProviderEndpoint field.
 *
 * @public
 */
export type ProviderEndpointValue = {
  provider: ProviderId;
  endpoint?: string;
  region: string;
  forcePathStyle: boolean;
};

/**
 * The rule a bucket name breaks, in words, as shown under the field. The
 * rule id (`bucket-charset`, …) stays in the API's messages; people get the
 * sentence only.
 */
export function bucketNameError(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const violation = validateBucketName(value);
  return violation ? `Bucket name ${violation.message}` : undefined;
}

/** Errors of a provider/endpoint value, by part, in words (no rule ids). */
export function providerEndpointErrors(
  value: Partial<ProviderEndpointValue> | undefined,
): { provider?: string; endpoint?: string; region?: string } {
  if (!value?.provider) return { provider: 'Choose where the bucket lives' };
  const profile = PROVIDER_PROFILES[value.provider];
  if (!profile) return { provider: `Unknown provider ${value.provider}` };
  const errors: { endpoint?: string; region?: string } = {};
  if (value.endpoint) {
    const violation = validateEndpoint(value.endpoint);
    if (violation) errors.endpoint = `Endpoint ${violation.message}`;
  } else if (profile.requiresEndpoint) {
    errors.endpoint = `${profile.title} needs an endpoint URL, e.g. ${profile.endpointHint}`;
  }
  if (!value.region?.trim()) {
    errors.region = 'Enter a region';
  } else {
    const violation = validateRegion(value.region, {
      provider: value.provider,
    });
    if (violation) errors.region = `Region ${violation.message}`;
  }
  return errors;
}
