import { CreateResourceRequest } from '@s3-resources/plugin-s3-resources-common';

/** Default name of the task secret holding the secret access key (`ui:field: Secret`). */
export const DEFAULT_SECRET_NAME = 'secretAccessKey';

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
