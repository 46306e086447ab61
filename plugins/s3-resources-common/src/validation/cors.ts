import { CorsMethod } from '../types';
import { RuleViolation } from './types';
import { violationsFor } from './violation';

/** @public */
export const CORS_METHODS: readonly CorsMethod[] = [
  'GET',
  'PUT',
  'POST',
  'DELETE',
  'HEAD',
];

/**
 * S3 takes any MaxAgeSeconds; browsers cap it (Firefox at a day, Chrome at 2 hours).
 *
 * @public
 */
export const MAX_CORS_MAX_AGE_SECONDS = 86400;

const WILDCARD_STAND_IN = 'wildcard-stand-in';

/**
 * A CORS origin as browsers send it: `scheme://host[:port]`, http or https,
 * no path (not even a trailing `/`, which would never match), at most one
 * `*`, or `*` alone. Anything a browser would write differently (upper-case
 * host, default port) is refused with the form to use.
 *
 * @public
 */
export function validateCorsOrigin(
  origin: string,
  field = 'cors.origins',
): RuleViolation | undefined {
  const fail = violationsFor(field);
  if (origin === '*') return undefined;
  if ((origin.match(/\*/g) ?? []).length > 1) {
    return fail('cors-origin-wildcard', 'may contain at most one "*"');
  }
  let url: URL;
  try {
    url = new URL(origin.replace('*', WILDCARD_STAND_IN));
  } catch {
    return fail(
      'cors-origin-format',
      'must be an origin like https://app.example.com or https://*.example.com',
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return fail('cors-origin-scheme', 'must use http or https');
  }
  if (url.username || url.password) {
    return fail('cors-origin-userinfo', 'must not contain user information');
  }
  if (
    url.pathname !== '/' ||
    url.search ||
    url.hash ||
    /^https?:\/\/[^/]*\/$/.test(origin)
  ) {
    return fail(
      'cors-origin-path',
      `must be an origin only, without path, query or trailing "/" (e.g. ${url.origin.replace(
        WILDCARD_STAND_IN,
        '*',
      )})`,
    );
  }
  const canonical = url.origin.replace(WILDCARD_STAND_IN, '*');
  if (canonical !== origin) {
    return fail(
      'cors-origin-canonical',
      `must be written as browsers send it: ${canonical}`,
    );
  }
  return undefined;
}

/**
 * Each origin valid, none repeated. An empty list is for the caller to judge.
 *
 * @public
 */
export function validateCorsOrigins(
  origins: readonly string[],
  field = 'cors.origins',
): RuleViolation[] {
  const out: RuleViolation[] = [];
  origins.forEach((origin, i) => {
    const broken = validateCorsOrigin(origin, `${field}.${i}`);
    if (broken) out.push(broken);
    else if (origins.indexOf(origin) !== i) {
      out.push(
        violationsFor(`${field}.${i}`)(
          'cors-origin-duplicate',
          `repeats ${origin}`,
        ),
      );
    }
  });
  return out;
}

/** @public */
export function validateCorsMethods(
  methods: readonly string[],
  field = 'cors.methods',
): RuleViolation[] {
  const out: RuleViolation[] = [];
  methods.forEach((method, i) => {
    const fail = violationsFor(`${field}.${i}`);
    if (!(CORS_METHODS as readonly string[]).includes(method)) {
      out.push(
        fail(
          'cors-method-unknown',
          `must be one of ${CORS_METHODS.join(', ')}`,
        ),
      );
    } else if (methods.indexOf(method) !== i) {
      out.push(fail('cors-method-duplicate', `repeats ${method}`));
    }
  });
  return out;
}

/** @public */
export function validateCorsMaxAge(
  seconds: number,
  field = 'cors.maxAgeSeconds',
): RuleViolation | undefined {
  if (
    !Number.isInteger(seconds) ||
    seconds < 0 ||
    seconds > MAX_CORS_MAX_AGE_SECONDS
  ) {
    return violationsFor(field)(
      'cors-max-age',
      `must be a whole number of seconds from 0 to ${MAX_CORS_MAX_AGE_SECONDS}`,
    );
  }
  return undefined;
}
