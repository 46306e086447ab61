import { InputError } from '@backstage/errors';
import {
  CreateResourceRequest,
  ValidationError,
  parseCreateResourceRequest,
} from '@s3-resources/plugin-s3-resources-common';

/**
 * The resource request with the secret access key from the task's secrets
 * put where its auth method expects it. The secret never appears in action
 * inputs, outputs or logs.
 */
export function withSecret(
  resource: Record<string, unknown>,
  secret: string | undefined,
): CreateResourceRequest {
  const request = structuredClone(resource) as unknown as CreateResourceRequest;
  if (!secret) return request;
  if (request.auth?.method === 'access-key') {
    request.auth.secretAccessKey = secret;
  } else if (
    request.auth?.method === 'assume-role' &&
    request.auth.source?.method === 'access-key'
  ) {
    request.auth.source.secretAccessKey = secret;
  }
  return request;
}

/**
 * The action's `resource` input with the task's secret, and the create
 * request it parses to; a broken rule is an InputError naming
 * `resource.<field>`.
 */
export function parseResourceInput(
  resource: Record<string, unknown>,
  secret: string | undefined,
  appBaseUrl?: string,
) {
  const request = withSecret(resource, secret);
  try {
    return {
      request,
      parsed: parseCreateResourceRequest(request, appBaseUrl),
    };
  } catch (error) {
    if (error instanceof ValidationError) {
      throw new InputError(`Invalid input: resource.${error.message}`);
    }
    throw error;
  }
}
