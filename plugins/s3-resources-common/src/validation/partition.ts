/**
 * AWS partitions: the second component of every ARN.
 *
 * @public
 */
export type AwsPartition =
  | 'aws'
  | 'aws-cn'
  | 'aws-us-gov'
  | 'aws-iso'
  | 'aws-iso-b'
  | 'aws-iso-e'
  | 'aws-iso-f';

/** @public */
export const AWS_PARTITIONS: readonly AwsPartition[] = [
  'aws',
  'aws-cn',
  'aws-us-gov',
  'aws-iso',
  'aws-iso-b',
  'aws-iso-e',
  'aws-iso-f',
];

// Longest region prefixes first: us-isob- must win over us-iso-.
const REGION_PREFIX_PARTITIONS: ReadonlyArray<[string, AwsPartition]> = [
  ['us-isob-', 'aws-iso-b'],
  ['us-isof-', 'aws-iso-f'],
  ['eu-isoe-', 'aws-iso-e'],
  ['us-iso-', 'aws-iso'],
  ['us-gov-', 'aws-us-gov'],
  ['cn-', 'aws-cn'],
];

/**
 * The partition a region belongs to. S3-compatible services use `aws` in
 * their ARNs whatever their region is called, so only AWS regions map elsewhere.
 *
 * @public
 */
export function partitionForRegion(region: string): AwsPartition {
  const hit = REGION_PREFIX_PARTITIONS.find(([prefix]) =>
    region.startsWith(prefix),
  );
  return hit ? hit[1] : 'aws';
}

/** @public */
export function isAwsPartition(value: string): value is AwsPartition {
  return (AWS_PARTITIONS as readonly string[]).includes(value);
}
