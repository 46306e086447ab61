import {
  InputError,
  NotAllowedError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import { ResourceSettings } from '@s3-resources/plugin-s3-resources-common';
import { DEFAULT_TIMEOUTS } from '../connectionTest/timeouts';
import { explainError } from '../connectionTest/explainError';
import { classifyError } from '../connectionTest/providerErrors';

/** Answers about the request itself: sending it again cannot help. */
const REQUEST_ERRORS = new Set([
  'InvalidPart',
  'InvalidPartOrder',
  'EntityTooSmall',
  'EntityTooLarge',
  'InvalidArgument',
  'InvalidRequest',
  'KeyTooLongError',
  'MalformedXML',
]);

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
  if (e.code === 'NoSuchUpload') {
    return new NotFoundError(
      `The upload of ${call.target} no longer exists: it was completed or aborted. Start the upload again.`,
    );
  }
  if (e.code && REQUEST_ERRORS.has(e.code)) {
    return new InputError(
      `The bucket refused the request (${e.code}): ${text}`,
    );
  }
  switch (e.kind) {
    case 'no-such-bucket':
      return new NotFoundError(`Bucket "${settings.bucket}" does not exist.`);
    case 'not-found':
      return new NotFoundError(`${call.target} does not exist.`);
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
