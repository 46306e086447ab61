/** 32 random bytes: 256 bits, 43 URL-safe characters. */
const EXTERNAL_ID_BYTES = 32;

/**
 * A new sts:ExternalId. The server generates it and the user never chooses
 * it, so it cannot be guessed or reused across tenants (the confused-deputy
 * problem ExternalId exists for). Web Crypto keeps this usable in the browser
 * package too.
 *
 * @public
 */
export function generateExternalId(): string {
  const bytes = new Uint8Array(EXTERNAL_ID_BYTES);
  globalThis.crypto.getRandomValues(bytes);
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}
