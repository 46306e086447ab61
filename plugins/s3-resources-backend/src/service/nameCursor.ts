import { InputError } from '@backstage/errors';

/** The cursor of a list ordered by name: the last name of the page. */
export function encodeNameCursor(name: string): string {
  return Buffer.from(name, 'utf8').toString('base64url');
}

export function decodeNameCursor(cursor: string): string {
  const name = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!name) throw new InputError('cursor: is not a cursor from this API');
  return name;
}
