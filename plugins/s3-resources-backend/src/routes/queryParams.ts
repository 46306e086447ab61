import { InputError } from '@backstage/errors';
import {
  OWNER_REF,
  canonicalEntityRef,
} from '@s3-resources/plugin-s3-resources-common';

/** A repeatable or comma-separated query parameter. */
export function many(value: unknown): string[] | undefined {
  if (value === undefined) return undefined;
  const list = (Array.isArray(value) ? value : [value])
    .flatMap(v => String(v).split(','))
    .map(v => v.trim())
    .filter(Boolean);
  return list.length ? list : undefined;
}

/**
 * Owner filter values in the spelling owners are stored in, so `team-a`
 * finds `group:default/team-a`; a value that is no ref matches nothing.
 */
export function owners(value: unknown): string[] | undefined {
  return many(value)?.map(v => canonicalEntityRef(v, OWNER_REF) ?? v);
}

/** A query parameter that may be given at most once. */
export function one(value: unknown, field: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') {
    throw new InputError(`${field}: must be given once`);
  }
  return value;
}

export function integer(value: unknown, field: string): number | undefined {
  const text = one(value, field);
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text)) {
    throw new InputError(`${field}: must be a whole number`);
  }
  return Number(text);
}

/** An ISO-8601 instant, normalised so string comparison in the database orders correctly. */
export function instant(value: unknown, field: string): string | undefined {
  const text = one(value, field);
  if (text === undefined) return undefined;
  const date = new Date(text);
  if (Number.isNaN(date.getTime()) || !/^\d{4}-\d{2}-\d{2}/.test(text)) {
    throw new InputError(
      `${field}: must be an ISO-8601 date or time, e.g. 2026-11-28 or 2026-11-28T10:00:00Z`,
    );
  }
  return date.toISOString();
}
