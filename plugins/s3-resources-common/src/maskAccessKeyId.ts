/**
 * Masks all but the last 4 characters of an access key ID.
 *
 * @public
 */
export function maskAccessKeyId(accessKeyId: string): string {
  const visible = accessKeyId.slice(-4);
  return `${'*'.repeat(Math.max(accessKeyId.length - 4, 4))}${visible}`;
}
