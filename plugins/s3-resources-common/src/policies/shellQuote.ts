/**
 * Quotes a word for a POSIX shell; plain words stay readable.
 *
 * @public
 */
export function shellQuote(word: string): string {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}
