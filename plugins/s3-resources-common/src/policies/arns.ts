import { PROVIDER_PROFILES } from '../providers';
import { PolicyGrantInput } from '../types';
import { AwsPartition, partitionForRegion } from '../validation';

/**
 * S3-compatible services write ARNs in the `aws` partition whatever their region.
 *
 * @public
 */
export function partitionOf(
  input: Pick<PolicyGrantInput, 'provider' | 'region'>,
): AwsPartition {
  const isAws = PROVIDER_PROFILES[input.provider ?? 'aws'].isAws;
  return isAws ? partitionForRegion(input.region) : 'aws';
}

/** @public */
export function bucketArn(partition: string, bucket: string): string {
  return `arn:${partition}:s3:::${bucket}`;
}

/**
 * Every key under the prefix, or every key when there is none.
 *
 * @public
 */
export function objectArn(
  partition: string,
  bucket: string,
  prefix = '',
): string {
  return `arn:${partition}:s3:::${bucket}/${prefix}*`;
}
