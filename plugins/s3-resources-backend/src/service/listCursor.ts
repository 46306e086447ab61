import { InputError } from '@backstage/errors';
import { ResourceSort } from '@s3-resources/plugin-s3-resources-common';

/**
 * Where a page of the resource list ended: the last row's sort key and name
 * (names are unique, so they break ties). A list by name carries the name
 * alone, as it always has.
 */
export type ListCursor = { key: string; name: string };

export function encodeListCursor(
  sort: ResourceSort,
  cursor: ListCursor,
): string {
  const text =
    sort === 'name'
      ? cursor.name
      : JSON.stringify([sort, cursor.key, cursor.name]);
  return Buffer.from(text, 'utf8').toString('base64url');
}

const notOurs = () => new InputError('cursor: is not a cursor from this API');

/** The cursor's position; one from another sort is refused, not misread. */
export function decodeListCursor(
  sort: ResourceSort,
  cursor: string,
): ListCursor {
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!text) throw notOurs();
  if (sort === 'name') return { key: text, name: text };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw notOurs();
  }
  if (
    !Array.isArray(parsed) ||
    parsed.length !== 3 ||
    !parsed.every(v => typeof v === 'string')
  ) {
    throw notOurs();
  }
  const [from, key, name] = parsed as string[];
  if (from !== sort) {
    throw new InputError(
      `cursor: belongs to a list sorted by ${from}, not ${sort}; start again without a cursor`,
    );
  }
  return { key, name };
}
