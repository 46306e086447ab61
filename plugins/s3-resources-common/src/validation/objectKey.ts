import { RuleViolation } from './types';
import { violationsFor } from './violation';

/** S3's limit on a key. */
const MAX_KEY_BYTES = 1024;

// Controls, lone surrogates, format characters (bidi overrides hide what a
// key really says) and line/paragraph separators.
const UNPRINTABLE = /[\p{Cc}\p{Cs}\p{Cf}\p{Zl}\p{Zp}]/u;

/** Percent-decodes until nothing changes (at most a few rounds); undecodable text stays. */
function decoded(text: string): string {
  let current = text;
  for (let round = 0; round < 4; round++) {
    let next: string;
    try {
      next = decodeURIComponent(current);
    } catch {
      return current;
    }
    if (next === current) return current;
    current = next;
  }
  return current;
}

/**
 * Readings of a key that a browser, proxy or client library may arrive at:
 * as written, percent-decoded, and with Unicode lookalikes folded (NFKC
 * turns "．．" into ".." and "／" into "/").
 */
const READINGS: Array<(text: string) => string> = [
  text => text,
  decoded,
  text => text.normalize('NFKC'),
  text => decoded(text).normalize('NFKC'),
];

function escapes(reading: string): 'leading-slash' | 'dot-segment' | undefined {
  if (reading.startsWith('/') || reading.startsWith('\\')) {
    return 'leading-slash';
  }
  const segments = reading.split(/[/\\]/);
  if (segments.some(s => s === '.' || s === '..')) return 'dot-segment';
  return undefined;
}

/**
 * A key (or a folder, ending with "/") a resource may reach: printable, at
 * most 1,024 bytes, under the resource's prefix, and read the same way by
 * everything on the way to the bucket. A leading "/", a "." or ".."
 * segment or "//" is refused however it is written: percent-encoded,
 * doubly encoded, with a backslash or with Unicode lookalikes.
 *
 * @public
 */
export function validateObjectKey(
  key: string,
  options: {
    /** The resource's prefix; keys must start with it. */
    prefix?: string;
    field?: string;
    /** A folder: empty (the bucket's root) or ending with "/". */
    folder?: boolean;
  } = {},
): RuleViolation | undefined {
  const { prefix = '', folder = false } = options;
  const fail = violationsFor(options.field ?? 'key');
  if (key.length === 0 && !(folder && prefix === '')) {
    return fail('key-empty', 'must not be empty');
  }
  const bytes = new TextEncoder().encode(key).length;
  if (bytes > MAX_KEY_BYTES) {
    return fail(
      'key-length',
      `must be at most ${MAX_KEY_BYTES} bytes of UTF-8 (got ${bytes})`,
    );
  }
  if (UNPRINTABLE.test(key)) {
    return fail(
      'key-charset',
      'must be printable: no control, format or separator characters',
    );
  }
  if (folder && key !== '' && !key.endsWith('/')) {
    return fail('folder-trailing-slash', 'must end with "/"');
  }
  for (const read of READINGS) {
    const reading = read(key);
    const escape = escapes(reading);
    if (escape === 'leading-slash') {
      return fail(
        'key-leading-slash',
        reading === key
          ? 'must not start with "/": S3 keys have no leading slash'
          : 'must not start with "/", however it is encoded',
      );
    }
    if (escape === 'dot-segment') {
      return fail(
        'key-dot-segment',
        reading === key
          ? 'must not contain "." or ".." segments: clients normalise them away'
          : 'must not contain "." or ".." segments, however they are encoded',
      );
    }
    if (!reading.startsWith(read(prefix))) {
      return fail(
        'key-outside-prefix',
        `must be under the resource's prefix "${prefix}"`,
      );
    }
  }
  const below = key.slice(prefix.length).split('/');
  if (below.slice(0, -1).some(s => s === '')) {
    return fail('key-empty-segment', 'must not contain "//"');
  }
  return undefined;
}
