import { createHash } from 'node:crypto';
import {
  TestStatus,
  TestStepResult,
} from '@s3-resources/plugin-s3-resources-common';

/** The worst status wins; skipped steps do not count. */
export function overallStatus(steps: TestStepResult[]): TestStatus {
  if (steps.some(s => s.status === 'fail')) return 'fail';
  if (steps.some(s => s.status === 'warn')) return 'warn';
  return 'pass';
}

/** STS allows 64 characters in a RoleSessionName. */
const SESSION_NAME_MAX = 64;
const HASH_CHARS = 8;

/**
 * An STS RoleSessionName that names the Backstage user, e.g.
 * `backstage-alice-1a2b3c4d` for `user:default/alice`. The readable part is
 * cut to fit and loses characters outside `[\w+=,.@-]`, so two refs could
 * share it; the suffix (8 hex characters of the SHA-256 of the whole ref,
 * which the catalog compares case-insensitively) tells them apart in
 * CloudTrail.
 */
export function sessionNameFor(initiatedBy: string): string {
  const match = initiatedBy.match(/^(?:user:)?(?:([^/]+)\/)?(.+)$/);
  const namespace = match?.[1];
  const name = match?.[2] ?? initiatedBy;
  const who =
    namespace && namespace !== 'default' ? `${namespace}.${name}` : name;
  const hash = createHash('sha256')
    .update(initiatedBy.toLocaleLowerCase('en-US'))
    .digest('hex')
    .slice(0, HASH_CHARS);
  const readable = `backstage-${who}`
    .replace(/[^\w+=,.@-]/g, '-')
    .slice(0, SESSION_NAME_MAX - HASH_CHARS - 1);
  return `${readable}-${hash}`;
}
