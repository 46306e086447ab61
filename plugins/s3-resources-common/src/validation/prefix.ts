import { RuleViolation } from './types';
import { violationsFor } from './violation';

/**
 * Leaves at least half of S3's 1,024-byte key limit for the names below the prefix.
 *
 * @public
 */
export const MAX_PREFIX_BYTES = 512;

// Controls, lone surrogates, format characters (bidi overrides hide what a
// key really says) and line/paragraph separators.
const UNPRINTABLE = /[\p{Cc}\p{Cs}\p{Cf}\p{Zl}\p{Zp}]/u;

/**
 * A key prefix that scopes a resource. It lands in policy ARNs and
 * `s3:prefix` conditions, so anything that reads as a wildcard, a policy
 * variable or a path trick is refused, and it must end with `/`: without it
 * `team-a` would also grant `team-a-secrets/`.
 *
 * @public
 */
export function validatePrefix(
  prefix: string,
  field = 'prefix',
): RuleViolation | undefined {
  const fail = violationsFor(field);
  if (prefix.length === 0) {
    return fail(
      'prefix-empty',
      'must not be empty; leave it out to use the whole bucket',
    );
  }
  const bytes = new TextEncoder().encode(prefix).length;
  if (bytes > MAX_PREFIX_BYTES) {
    return fail(
      'prefix-length',
      `must be at most ${MAX_PREFIX_BYTES} bytes of UTF-8 (got ${bytes})`,
    );
  }
  if (UNPRINTABLE.test(prefix)) {
    return fail(
      'prefix-charset',
      'must be printable UTF-8: no control, format or separator characters',
    );
  }
  if (prefix.startsWith('/')) {
    return fail(
      'prefix-leading-slash',
      'must not start with "/": S3 keys have no leading slash',
    );
  }
  if (/[*?]/.test(prefix)) {
    return fail(
      'prefix-wildcard',
      'must not contain "*" or "?": they are wildcards in policies',
    );
  }
  if (prefix.includes('${')) {
    return fail(
      'prefix-policy-variable',
      'must not contain "${": IAM reads it as a policy variable',
    );
  }
  const segments = prefix.split('/');
  if (segments.some(s => s === '.' || s === '..')) {
    return fail(
      'prefix-dot-segment',
      'must not contain "." or ".." segments: clients normalise them away',
    );
  }
  if (segments.slice(0, -1).some(s => s === '')) {
    return fail('prefix-empty-segment', 'must not contain "//"');
  }
  if (!prefix.endsWith('/')) {
    return fail(
      'prefix-trailing-slash',
      `must end with "/" (e.g. "${prefix}/") so it cannot match sibling prefixes`,
    );
  }
  return undefined;
}
