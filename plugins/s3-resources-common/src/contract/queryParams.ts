import { z } from 'zod';
import { OWNER_REF, canonicalEntityRef } from '../validation/entityRef';

/*
 * Query parameters as the HTTP API reads them. Express hands a parameter
 * over as a string, an array of strings when repeated, or an object for
 * `a[b]=c`; these schemas accept what each parameter allows and name the
 * rule otherwise. The OpenAPI document shows their output types.
 */

function once(value: unknown, ctx: z.RefinementCtx): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') {
    ctx.addIssue({
      code: z.ZodIssueCode.custom,
      message: 'must be given once',
    });
    return z.NEVER;
  }
  return value;
}

/**
 * A parameter given at most once.
 *
 * @public
 */
export const oneParam = z.unknown().transform(once).pipe(z.string().optional());

/**
 * A parameter given exactly once.
 *
 * @public
 */
export const requiredParam = z
  .unknown()
  .transform(once)
  .pipe(z.string({ required_error: 'is required' }).min(1, 'is required'));

/** `a, b or c` */
function oneOf(values: readonly string[]): string {
  return values.length < 2
    ? values.join('')
    : `${values.slice(0, -1).join(', ')} or ${values[values.length - 1]}`;
}

/**
 * A parameter given at most once, from a fixed list.
 *
 * @public
 */
export function enumParam<T extends string>(values: readonly [T, ...T[]]) {
  return z
    .unknown()
    .transform(once)
    .pipe(
      z
        .enum(values, {
          errorMap: () => ({ message: `must be ${oneOf(values)}` }),
        })
        .optional(),
    );
}

/**
 * A repeatable or comma-separated parameter.
 *
 * @public
 */
export function manyParam<T extends z.ZodTypeAny = z.ZodString>(
  item: T = z.string() as unknown as T,
) {
  return z
    .unknown()
    .transform((value, ctx) => {
      if (value === undefined) return undefined;
      const values = Array.isArray(value) ? value : [value];
      if (values.some(v => typeof v !== 'string')) {
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          message: 'must be a list of values',
        });
        return z.NEVER;
      }
      const list = (values as string[])
        .flatMap(v => v.split(','))
        .map(v => v.trim())
        .filter(Boolean);
      return list.length ? list : undefined;
    })
    .pipe(z.array(item).optional());
}

/**
 * Owner filter values in the spelling owners are stored in, so `team-a`
 * finds `group:default/team-a`; a value that is no ref matches nothing.
 *
 * @public
 */
export const ownersParam = manyParam().transform(list =>
  list?.map(v => canonicalEntityRef(v, OWNER_REF) ?? v),
);

/**
 * A whole number given at most once.
 *
 * @public
 */
export function integerParam(
  range: number | { min?: number; max: number } = 2_147_483_647,
) {
  const { min = 0, max } = typeof range === 'number' ? { max: range } : range;
  const rule =
    typeof range === 'number' && range === 2_147_483_647
      ? 'must be a whole number'
      : `must be a whole number from ${min} to ${max}`;
  return z
    .unknown()
    .transform(once)
    .transform((text, ctx) => {
      if (text === undefined) return undefined;
      if (!/^\d+$/.test(text) || Number(text) > max || Number(text) < min) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: rule });
        return z.NEVER;
      }
      return Number(text);
    })
    .pipe(z.number().int().min(min).optional());
}

/**
 * `true` or `false`, given at most once.
 *
 * @public
 */
export const booleanParam = z
  .unknown()
  .transform(once)
  .transform((text, ctx) => {
    if (text === undefined) return undefined;
    if (text === 'true') return true;
    if (text === 'false') return false;
    ctx.addIssue({
      code: z.ZodIssueCode.custom,
      message: 'must be true or false',
    });
    return z.NEVER;
  })
  .pipe(z.boolean().optional());

/**
 * An ISO-8601 instant, normalised so string comparison in the database orders correctly.
 *
 * @public
 */
export const instantParam = z
  .unknown()
  .transform(once)
  .transform((text, ctx) => {
    if (text === undefined) return undefined;
    const date = new Date(text);
    if (Number.isNaN(date.getTime()) || !/^\d{4}-\d{2}-\d{2}/.test(text)) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        message:
          'must be an ISO-8601 date or time, e.g. 2026-11-28 or 2026-11-28T10:00:00Z',
      });
      return z.NEVER;
    }
    return date.toISOString();
  })
  .pipe(z.string().datetime().optional());

/**
 * What `GET /resources` sorts by.
 *
 * @public
 */
export const RESOURCE_SORTS = [
  'name',
  'lastTest',
  'owner',
  'provider',
] as const;

/** @public */
export type ResourceSort = (typeof RESOURCE_SORTS)[number];
