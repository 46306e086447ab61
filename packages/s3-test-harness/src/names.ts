import { randomBytes } from 'node:crypto';

/** 10 random lowercase base-36 characters */
export function randomSuffix(): string {
  const bytes = randomBytes(10);
  return Array.from(bytes, b => (b % 36).toString(36)).join('');
}

/**
 * A valid, unique S3 bucket name `t-<prefix>-<random>`: 3-63 characters, lowercase letters,
 * digits and hyphens, starting and ending with a letter or digit.
 */
export function uniqueBucketName(prefix = ''): string {
  const clean = prefix
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 40)
    .replace(/-$/, '');
  return clean ? `t-${clean}-${randomSuffix()}` : `t-${randomSuffix()}`;
}

/** A unique IAM role name (letters, digits and +=,.@_- ; at most 64 characters). */
export function uniqueRoleName(prefix = 't-role'): string {
  const clean = prefix.replace(/[^A-Za-z0-9+=,.@_-]+/g, '-').slice(0, 40);
  return `${clean}-${randomSuffix()}`;
}
