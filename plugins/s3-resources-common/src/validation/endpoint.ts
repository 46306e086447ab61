import { RuleViolation } from './types';
import { violationsFor } from './violation';

/**
 * The shape of a custom endpoint. Whether the host may be reached at all
 * (operator allow-list, resolved-address checks) is the backend's call.
 *
 * @public
 */
export function validateEndpoint(
  endpoint: string,
  field = 'endpoint',
): RuleViolation | undefined {
  const fail = violationsFor(field);
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return fail('endpoint-url', 'must be an absolute http(s) URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return fail(
      'endpoint-scheme',
      'must use https (or http where the operator allows it)',
    );
  }
  if (url.username || url.password) {
    return fail(
      'endpoint-userinfo',
      'must not contain user information (user@host)',
    );
  }
  if (url.search || url.hash) {
    return fail('endpoint-query', 'must not contain a query or fragment');
  }
  return undefined;
}
