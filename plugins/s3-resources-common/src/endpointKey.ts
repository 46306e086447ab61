/**
 * Canonical form of an endpoint, so two spellings of one service compare
 * equal ('' for AWS, which has no custom endpoint). Part of a resource's
 * uniqueness key: provider + endpoint + bucket + prefix.
 *
 * @public
 */
export function endpointKeyOf(endpoint: string | undefined): string {
  if (!endpoint) return '';
  try {
    const url = new URL(endpoint);
    const path = url.pathname.replace(/\/+$/, '');
    return `${url.protocol}//${url.host.toLocaleLowerCase('en-US')}${path}`;
  } catch {
    return endpoint;
  }
}
