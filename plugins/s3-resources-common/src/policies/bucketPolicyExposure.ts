import { PolicyDocument, PolicyStatement } from './types';
import { shellQuote } from './shellQuote';

/**
 * A statement of a live bucket policy: whatever a person may have written.
 *
 * @public
 */
export type LivePolicyStatement = {
  Sid?: string;
  Effect?: string;
  Principal?: unknown;
  NotPrincipal?: unknown;
  Action?: string | string[];
  NotAction?: string | string[];
  Resource?: string | string[];
  NotResource?: string | string[];
  Condition?: Record<string, Record<string, unknown>>;
};

/**
 * A statement of a live bucket policy that grants access beyond the
 * resource's own account.
 *
 * @public
 */
export type PolicyExposure = {
  /** Position in the policy's Statement list (0-based). */
  index: number;
  /** `statement "Sid"` or `statement #2` (1-based), as a person reads it. */
  label: string;
  /** Who it grants to: `everyone`, or the principals of other accounts. */
  principals: string[];
  /** What it grants, e.g. `s3:GetObject on arn:aws:s3:::media/*`. */
  grants: string;
};

/** @public */
export type BucketPolicyExposure = {
  /** Allow statements for anyone, with no condition that narrows who. */
  public: PolicyExposure[];
  /** Allow statements for principals of another account (only when the own account is known). */
  crossAccount: PolicyExposure[];
};

/**
 * Condition keys that limit who can use a statement for anyone: a
 * statement with one of them is not judged public.
 */
const NARROWING_KEYS = [
  'aws:sourceip',
  'aws:sourcevpc',
  'aws:sourcevpce',
  'aws:principalorgid',
  'aws:principalaccount',
  'aws:sourcearn',
  'aws:sourceaccount',
];

/** A policy field that may be one value or a list, as a list. */
export function listOf(v: unknown): unknown[] {
  if (v === undefined) return [];
  return Array.isArray(v) ? v : [v];
}
const list = listOf;

/**
 * The statements of a policy document (a lone statement object counts as a
 * list of one); [] for anything that is not a policy.
 *
 * @public
 */
export function statementsOf(policy: unknown): LivePolicyStatement[] {
  if (!policy || typeof policy !== 'object') return [];
  return list((policy as { Statement?: unknown }).Statement).filter(
    (s): s is LivePolicyStatement => !!s && typeof s === 'object',
  );
}

/** `statement "Sid"` or `statement #2` (1-based), as a person reads it. */
export const labelOf = (s: LivePolicyStatement, index: number) =>
  s.Sid ? `statement "${s.Sid}"` : `statement #${index + 1}`;

/** The AWS principals of a statement; `*` stands for everyone. */
function awsPrincipals(principal: unknown): string[] {
  if (principal === '*') return ['*'];
  if (!principal || typeof principal !== 'object') return [];
  return list((principal as { AWS?: unknown }).AWS).filter(
    (p): p is string => typeof p === 'string',
  );
}

/** The account a principal names: a 12-digit ID or the account of an ARN ('' when it has none). */
export function accountOf(principal: string): string | undefined {
  if (/^\d{12}$/.test(principal)) return principal;
  const parts = principal.split(':');
  return parts[0] === 'arn' && parts.length >= 6 ? parts[4] : undefined;
}

function narrowed(s: LivePolicyStatement): boolean {
  return Object.entries(s.Condition ?? {}).some(
    ([operator, keys]) =>
      !/^(Not|StringNot|ArnNot)|IfExists$/.test(operator) &&
      Object.entries(keys ?? {}).some(
        ([key, value]) =>
          NARROWING_KEYS.includes(key.toLowerCase()) &&
          !list(value).includes('*'),
      ),
  );
}

function grantsOf(s: LivePolicyStatement): string {
  const actions = s.Action
    ? list(s.Action).join(', ')
    : `every action but ${list(s.NotAction).join(', ')}`;
  const resources = list(s.Resource).join(', ') || 'every resource';
  return `${actions} on ${resources}`;
}

/**
 * The statements of a live bucket policy that grant public access (Allow
 * for `*` with no condition narrowing who), and, when the resource's own
 * account is known, those that grant to principals of other accounts.
 *
 * @public
 */
export function findBucketPolicyExposure(
  policy: unknown,
  options: { accountId?: string } = {},
): BucketPolicyExposure {
  const result: BucketPolicyExposure = { public: [], crossAccount: [] };
  statementsOf(policy).forEach((s, index) => {
    if (effectOf(s) !== 'Allow') return;
    const label = labelOf(s, index);
    const grants = grantsOf(s);
    const everyone =
      s.NotPrincipal !== undefined || awsPrincipals(s.Principal).includes('*');
    if (everyone) {
      if (!narrowed(s)) {
        result.public.push({ index, label, principals: ['everyone'], grants });
      }
      return;
    }
    if (!options.accountId) return;
    const others = awsPrincipals(s.Principal).filter(
      p => accountOf(p) !== options.accountId,
    );
    if (others.length) {
      result.crossAccount.push({ index, label, principals: others, grants });
    }
  });
  return result;
}

/**
 * Whether a statement of the policy names `principalArn` as an AWS
 * principal (exactly, not as part of a longer ARN).
 *
 * @public
 */
export function policyNamesPrincipal(
  policy: unknown,
  principalArn: string,
): boolean {
  return statementsOf(policy).some(s =>
    awsPrincipals(s.Principal).includes(principalArn),
  );
}

/**
 * The live policy without the statements at `indexes`; undefined when
 * nothing would be left (delete the policy instead).
 *
 * @public
 */
export function policyWithout(
  policy: unknown,
  indexes: readonly number[],
): Record<string, unknown> | undefined {
  const kept = statementsOf(policy).filter((_, i) => !indexes.includes(i));
  if (!kept.length) return undefined;
  return { ...(policy as Record<string, unknown>), Statement: kept };
}

/**
 * Whether `text` matches `pattern`, where `*` stands for any run of
 * characters and `?` for exactly one, case-insensitively unless
 * `caseSensitive` (object keys are case-sensitive, action names are not).
 * The greedy two-pointer match backtracks only to the last star, so it
 * takes at most the product of the lengths: a live policy full of stars
 * cannot stall the backend as a regular expression built from it would.
 */
export function wildcardMatches(
  pattern: string,
  text: string,
  options: { caseSensitive?: boolean } = {},
): boolean {
  const p = options.caseSensitive ? pattern : pattern.toLowerCase();
  const t = options.caseSensitive ? text : text.toLowerCase();
  let i = 0;
  let j = 0;
  let star = -1;
  let resume = 0;
  while (j < t.length) {
    if (i < p.length && p[i] !== '*' && (p[i] === '?' || p[i] === t[j])) {
      i++;
      j++;
    } else if (i < p.length && p[i] === '*') {
      star = i++;
      resume = j;
    } else if (star >= 0) {
      i = star + 1;
      j = ++resume;
    } else {
      return false;
    }
  }
  while (i < p.length && p[i] === '*') i++;
  return i === p.length;
}

/**
 * A statement's Effect: exactly `Allow` or `Deny`, as AWS reads it;
 * undefined for anything else (AWS rejects such a policy; the map and the
 * findings ignore the statement alike).
 */
export function effectOf(s: LivePolicyStatement): 'Allow' | 'Deny' | undefined {
  return s.Effect === 'Allow' || s.Effect === 'Deny' ? s.Effect : undefined;
}

const sameSet = (wanted: unknown, actual: unknown) => {
  const have = list(actual).map(String);
  return list(wanted).every(
    w =>
      have.includes(String(w)) ||
      have.some(h => h.includes('*') && wildcardMatches(h, String(w))),
  );
};

/** Whether a live statement grants at least what `wanted` grants, under its conditions. */
function grantsAtLeast(
  live: LivePolicyStatement,
  wanted: PolicyStatement,
): boolean {
  if (live.Effect !== wanted.Effect || live.NotAction || live.NotPrincipal) {
    return false;
  }
  if (!sameSet(awsPrincipals(wanted.Principal), awsPrincipals(live.Principal)))
    return false;
  if (!sameSet(wanted.Action, live.Action)) return false;
  if (!sameSet(wanted.Resource, live.Resource)) return false;
  return Object.entries(wanted.Condition ?? {}).every(([operator, keys]) =>
    Object.entries(keys).every(([key, value]) => {
      const liveKeys = live.Condition?.[operator] ?? {};
      const match = Object.entries(liveKeys).find(
        ([k]) => k.toLowerCase() === key.toLowerCase(),
      );
      return (
        !!match &&
        sameSet(value, match[1]) &&
        list(match[1]).length === list(value).length
      );
    }),
  );
}

/**
 * The generated bucket policy's statements that the live policy does not
 * grant, compared by content (effect, principal, actions, resources and
 * the generated conditions), not by Sid: a team may merge statements or
 * name them its own way.
 *
 * @public
 */
export function compareBucketPolicy(
  desired: PolicyDocument,
  live: unknown,
): { matches: boolean; missing: PolicyStatement[] } {
  const statements = statementsOf(live);
  const missing = desired.Statement.filter(
    wanted => !statements.some(s => grantsAtLeast(s, wanted)),
  );
  return { matches: missing.length === 0, missing };
}

/**
 * The live policy with the generated statements added (replacing live
 * statements with the same Sid), for a put-bucket-policy that keeps the
 * bucket's own statements.
 *
 * @public
 */
export function policyWith(
  live: unknown,
  statements: readonly PolicyStatement[],
): Record<string, unknown> {
  const sids = new Set(statements.map(s => s.Sid));
  const kept = statementsOf(live).filter(s => !s.Sid || !sids.has(s.Sid));
  const base =
    live && typeof live === 'object'
      ? (live as Record<string, unknown>)
      : { Version: '2012-10-17' };
  return { ...base, Statement: [...kept, ...statements] };
}

/**
 * `aws s3api put-bucket-policy` with `policy`, shell-quoted, with the
 * endpoint of a provider other than AWS.
 *
 * @public
 */
export function putBucketPolicyCommand(
  settings: { bucket: string; endpoint?: string },
  policy: unknown,
): string {
  return `aws s3api put-bucket-policy --bucket ${shellQuote(
    settings.bucket,
  )} --policy ${shellQuote(JSON.stringify(policy))}${
    settings.endpoint ? ` --endpoint-url ${shellQuote(settings.endpoint)}` : ''
  }`;
}
