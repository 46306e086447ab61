/**
 * A configuration document the portal generates for a bucket.
 *
 * @public
 */
export type ConfigurationDocument = 'cors' | 'bucket-policy' | 'lifecycle';

/**
 * One row of a side-by-side comparison: a line both sides share, a line only
 * one side has, or a line each side has differently.
 *
 * @public
 */
export type ComparedLine = {
  change: 'same' | 'desired-only' | 'live-only' | 'changed';
  desired?: string;
  live?: string;
};

/**
 * The portal's desired document next to the bucket's live one.
 *
 * @public
 */
export type DocumentComparison = {
  document: ConfigurationDocument;
  title: string;
  /**
   * `matches`: the bucket serves what the portal generated (it may hold more
   * of its own); `differs`; `missing`: the bucket has no such document;
   * `optional`: a bucket policy the role's IAM policy makes unneeded;
   * `unknown`: the live one could not be read; `not-generated`: the portal
   * has no desired document for this resource.
   */
  state:
    | 'matches'
    | 'differs'
    | 'missing'
    | 'optional'
    | 'unknown'
    | 'not-generated';
  /** In words: what differs, why it is unknown or not generated. */
  summary: string;
  /** Pretty JSON, keys sorted. */
  desired?: string;
  /** Pretty JSON, keys sorted; absent when missing or unknown. */
  live?: string;
  /** desired and live aligned line by line. */
  lines: ComparedLine[];
  /** The command that brings the bucket in line (keeping rules of its own where the provider replaces the whole set). */
  command?: string;
};

/**
 * Desired and live configuration of a resource's bucket, read just now with
 * the resource's own credentials.
 *
 * @public
 */
export type ConfigurationComparison = {
  resourceId: string;
  checkedAt: string;
  documents: DocumentComparison[];
};

/** Keys sorted at every level, arrays kept in order: the form both sides are shown in. */
function sortedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedKeys);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value as object)
        .sort()
        .map(k => [k, sortedKeys((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

/**
 * A document as the comparison shows it: pretty JSON with sorted keys.
 *
 * @public
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortedKeys(value), null, 2);
}

/** Past this many lines a side, lines are paired in order (no alignment). */
const MAX_ALIGNED_LINES = 2000;

/**
 * Aligns two texts line by line (longest common subsequence); a removed
 * line followed by an added one at the same place is one `changed` row.
 *
 * @public
 */
export function alignLines(desired: string, live: string): ComparedLine[] {
  const a = desired.split('\n');
  const b = live.split('\n');
  if (a.length > MAX_ALIGNED_LINES || b.length > MAX_ALIGNED_LINES) {
    return Array.from({ length: Math.max(a.length, b.length) }, (_, i) =>
      pair(a[i], b[i]),
    );
  }
  // lcs[i][j]: length of the common subsequence of a[i..] and b[j..]
  const lcs = Array.from({ length: a.length + 1 }, () =>
    new Array<number>(b.length + 1).fill(0),
  );
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      lcs[i][j] =
        a[i] === b[j]
          ? lcs[i + 1][j + 1] + 1
          : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
    }
  }
  const rows: ComparedLine[] = [];
  let removed: string[] = [];
  let added: string[] = [];
  const flush = () => {
    const n = Math.max(removed.length, added.length);
    for (let k = 0; k < n; k++) rows.push(pair(removed[k], added[k]));
    removed = [];
    added = [];
  };
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      flush();
      rows.push({ change: 'same', desired: a[i], live: b[j] });
      i++;
      j++;
    } else if (
      j < b.length &&
      (i === a.length || lcs[i][j + 1] >= lcs[i + 1][j])
    ) {
      added.push(b[j++]);
    } else {
      removed.push(a[i++]);
    }
  }
  flush();
  return rows;
}

function pair(desired?: string, live?: string): ComparedLine {
  if (desired === undefined) return { change: 'live-only', live };
  if (live === undefined) return { change: 'desired-only', desired };
  return desired === live
    ? { change: 'same', desired, live }
    : { change: 'changed', desired, live };
}
