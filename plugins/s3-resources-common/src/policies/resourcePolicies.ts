import { PROVIDER_PROFILES } from '../providers';
import { PolicyGrantInput, ResourceSettings } from '../types';
import { generateBucketPolicy } from './bucketPolicy';
import { corsConfigurationOf } from './corsConfiguration';
import { generateIamPolicy } from './iamPolicy';
import {
  GeneratedLifecycleConfiguration,
  generateLifecycleConfiguration,
} from './lifecycleConfiguration';
import { generateTrustPolicy } from './trustPolicy';
import { GeneratedCorsConfiguration, GeneratedPolicy } from './types';

/** @public */
export type ResourcePolicyContext = {
  /** The IAM principal the portal runs as; principal of the trust policy. */
  portalPrincipalArn?: string;
  /** The resource's server-generated ExternalId (assume-role resources only). */
  externalId?: string;
  /** The portal's outbound addresses. */
  egressCidrs?: string[];
  /** Origin of the CORS rules when the resource lists none. */
  appBaseUrl?: string;
  /**
   * The identity that receives the grants (the assumed role, or the IAM user
   * of an access key); principal of the bucket policy.
   */
  principalArn?: string;
};

/** @public */
export type ResourcePolicies = {
  iamPolicy: GeneratedPolicy;
  bucketPolicy?: GeneratedPolicy;
  trustPolicy?: GeneratedPolicy;
  cors?: GeneratedCorsConfiguration;
  /**
   * The lifecycle rules the portal wants within the resource's prefix
   * (without the bucket's own rules, which only the live bucket tells).
   */
  lifecycle: GeneratedLifecycleConfiguration;
  /** Why a generator was skipped. */
  notes: string[];
};

/**
 * Every policy a stored resource needs (for `GET /resources/:id/policies`).
 * Generators whose inputs the context does not give are skipped with a
 * note; invalid settings throw a ValidationError.
 *
 * @public
 */
export function generateResourcePolicies(
  settings: ResourceSettings,
  context: ResourcePolicyContext = {},
): ResourcePolicies {
  const grant: PolicyGrantInput = {
    provider: settings.provider,
    bucket: settings.bucket,
    region: settings.region,
    prefix: settings.prefix,
    accessLevel: settings.accessLevel,
    customActions: settings.customActions,
    defaultAcl: settings.defaultAcl,
    objectOwnership: settings.objectOwnership,
    kmsKeyArn: settings.kmsKeyArn,
    egressCidrs: context.egressCidrs,
  };
  const notes: string[] = [];
  const result: ResourcePolicies = {
    iamPolicy: generateIamPolicy(grant),
    lifecycle: generateLifecycleConfiguration(settings),
    notes,
  };

  if (context.principalArn) {
    result.bucketPolicy = generateBucketPolicy({
      ...grant,
      principalArn: context.principalArn,
    });
  } else {
    notes.push(
      'No bucket policy: the principal that receives the grants is not known.',
    );
  }

  if (!context.externalId) {
    notes.push('No trust policy: the resource does not assume a role.');
  } else if (!PROVIDER_PROFILES[settings.provider].supportsSts) {
    notes.push(
      `No trust policy: ${
        PROVIDER_PROFILES[settings.provider].title
      } has no STS.`,
    );
  } else if (!context.portalPrincipalArn) {
    notes.push(
      'No trust policy: the principal the portal runs as is not configured.',
    );
  } else {
    result.trustPolicy = generateTrustPolicy({
      portalPrincipalArn: context.portalPrincipalArn,
      externalId: context.externalId,
      provider: settings.provider,
    });
  }

  const fallback = context.appBaseUrl
    ? [new URL(context.appBaseUrl).origin]
    : [];
  const origins = settings.cors.origins.length
    ? settings.cors.origins
    : fallback;
  if (origins.length) {
    result.cors = corsConfigurationOf(settings, origins);
  } else {
    notes.push(
      'No CORS configuration: no origin is set and the app base URL is not known.',
    );
  }
  return result;
}
