import {
  NotAllowedError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import { ResourceSettings } from '@s3-resources/plugin-s3-resources-common';
import { DEFAULT_TIMEOUTS } from '../connectionTest/timeouts';
import { explainError } from '../connectionTest/explainError';
import { classifyError } from '../connectionTest/providerErrors';

/**
 * A failed call to a resource's bucket as the error the API answers with,
 * explained the way the connection test explains it: the bucket refused
 * (403, naming the IAM action), the key or bucket is missing (404), or the
 * provider could not be reached (503).
 */
export function bucketError(
  raw: unknown,
  call: { action: string; target: string; settings: ResourceSettings },
): Error {
  const e = classifyError(raw);
  const { settings } = call;
  const outcome = explainError(e, {
    action: call.action,
    target: call.target,
    host: settings.endpoint ?? `s3.${settings.region}.amazonaws.com`,
    bucket: settings.bucket,
    region: settings.region,
    requestTimeoutMs: DEFAULT_TIMEOUTS.requestTimeoutMs,
    deadlineMs: DEFAULT_TIMEOUTS.deadlineMs,
  });
  const text = outcome.remediation
    ? `${outcome.message}. ${outcome.remediation}`
    : outcome.message;
  switch (e.kind) {
    case 'not-found':
    case 'no-such-bucket':
      return new NotFoundError(
        e.code === 'NoSuchKey' || e.httpStatus === 404
          ? `${call.target} does not exist`
          : text,
      );
    case 'denied':
    case 'bad-signature':
    case 'unknown-key':
    case 'expired-token':
    case 'endpoint-refused':
      return new NotAllowedError(`The bucket refused: ${text}`);
    default:
      return new ServiceUnavailableError(text);
  }
}
