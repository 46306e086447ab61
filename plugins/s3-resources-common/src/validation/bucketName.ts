import { RuleViolation } from './types';

const FORBIDDEN_PREFIXES = ['xn--', 'sthree-', 'amzn-s3-demo-'];
const FORBIDDEN_SUFFIXES = [
  '-s3alias',
  '--ol-s3',
  '.mrap',
  '--x-s3',
  '--table-s3',
];

/**
 * S3's general purpose bucket naming rules. Returns the first rule broken.
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html
 *
 * @public
 */
export function validateBucketName(
  bucket: string,
  field = 'bucket',
): RuleViolation | undefined {
  const v = (rule: string, message: string) => ({ field, rule, message });
  if (bucket.length < 3 || bucket.length > 63) {
    return v(
      'bucket-length',
      `must be 3 to 63 characters long (got ${bucket.length})`,
    );
  }
  if (!/^[a-z0-9.-]+$/.test(bucket)) {
    return v(
      'bucket-charset',
      'may contain only lowercase letters, digits, dots (.) and hyphens (-)',
    );
  }
  if (!/^[a-z0-9]/.test(bucket) || !/[a-z0-9]$/.test(bucket)) {
    return v('bucket-start-end', 'must begin and end with a letter or digit');
  }
  if (bucket.includes('..')) {
    return v('bucket-adjacent-dots', 'must not contain two adjacent dots');
  }
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(bucket)) {
    return v('bucket-ip-address', 'must not be formatted as an IP address');
  }
  const prefix = FORBIDDEN_PREFIXES.find(p => bucket.startsWith(p));
  if (prefix) {
    return v('bucket-reserved-prefix', `must not start with "${prefix}"`);
  }
  const suffix = FORBIDDEN_SUFFIXES.find(s => bucket.endsWith(s));
  if (suffix) {
    return v('bucket-reserved-suffix', `must not end with "${suffix}"`);
  }
  return undefined;
}
