import { EndpointAddressRefusedError } from './EndpointPolicy';

/** What went wrong with a call, independent of which call it was. */
export type ErrorKind =
  | 'denied'
  | 'bad-signature'
  | 'unknown-key'
  | 'expired-token'
  | 'no-such-bucket'
  | 'not-found'
  | 'region'
  | 'redirect'
  | 'not-available'
  | 'throttled'
  | 'server'
  | 'timeout'
  | 'deadline'
  | 'refused'
  | 'dns'
  | 'tls'
  | 'reset'
  | 'endpoint-refused'
  | 'other';

export type ClassifiedError = {
  kind: ErrorKind;
  /** The provider's error code, when it sent one. */
  code?: string;
  httpStatus?: number;
  /** The provider's error message (its `<Message>`), trimmed; never a raw body. */
  providerMessage?: string;
  /** The region the provider named (redirects, malformed authorization). */
  region?: string;
  /** Network error code (ECONNREFUSED, …). */
  networkCode?: string;
  /** Our own explanation, for refusals by the endpoint policy. */
  detail?: string;
};

type SdkError = Error & {
  Code?: string;
  Region?: string;
  code?: string;
  errors?: unknown[];
  $metadata?: { httpStatusCode?: number };
  $response?: { statusCode?: number; headers?: Record<string, string> };
};

/** Names the SDK makes up when the provider sent no code. */
const NOT_A_CODE = /^(Unknown|UnknownError|Error|\d{3})$/;

const TLS_CODES = new Set([
  'CERT_HAS_EXPIRED',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'EPROTO',
  'ERR_SSL_WRONG_VERSION_NUMBER',
]);

function cleanMessage(message: string | undefined): string | undefined {
  if (!message || message === 'UnknownError' || message === 'Unknown')
    return undefined;
  // eslint-disable-next-line no-control-regex
  const text = message.replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
  if (!text || /^[<{]/.test(text)) return undefined; // looks like a body
  return text.length > 300 ? `${text.slice(0, 297)}...` : text;
}

function networkCodeOf(error: SdkError): string | undefined {
  if (typeof error.code === 'string') return error.code;
  const inner = error.errors?.find(
    e => typeof (e as SdkError)?.code === 'string',
  ) as SdkError | undefined;
  return inner?.code;
}

/** Sorts an SDK or network error into something a step can explain. */
export function classifyError(raw: unknown): ClassifiedError {
  const error = (raw ?? {}) as SdkError;
  if (raw instanceof EndpointAddressRefusedError) {
    return {
      kind: 'endpoint-refused',
      networkCode: raw.code,
      detail: raw.message,
    };
  }
  const httpStatus =
    error.$metadata?.httpStatusCode ?? error.$response?.statusCode;
  const name = error.Code ?? error.name;
  const code = name && !NOT_A_CODE.test(name) ? name : undefined;
  const providerMessage = httpStatus ? cleanMessage(error.message) : undefined;
  const base = { code, httpStatus, providerMessage };

  if (error.name === 'AbortError' || error.name === 'DeadlineError') {
    return { kind: 'deadline' };
  }
  if (!httpStatus) {
    const networkCode = networkCodeOf(error);
    if (error.name === 'TimeoutError' || networkCode === 'ETIMEDOUT') {
      return { kind: 'timeout', networkCode };
    }
    if (networkCode === 'EENDPOINTREFUSED') {
      return { kind: 'endpoint-refused', networkCode, detail: error.message };
    }
    if (networkCode === 'ECONNREFUSED') return { kind: 'refused', networkCode };
    if (networkCode === 'ENOTFOUND' || networkCode === 'EAI_AGAIN') {
      return { kind: 'dns', networkCode };
    }
    if (networkCode && TLS_CODES.has(networkCode)) {
      return { kind: 'tls', networkCode };
    }
    if (
      networkCode === 'ECONNRESET' ||
      networkCode === 'EPIPE' ||
      networkCode === 'ECONNABORTED'
    ) {
      return { kind: 'reset', networkCode };
    }
    return { kind: 'other', networkCode };
  }

  const regionHeader = error.$response?.headers?.['x-amz-bucket-region'];
  switch (code) {
    case 'SignatureDoesNotMatch':
    case 'IncompleteSignature':
      return { ...base, kind: 'bad-signature' };
    case 'InvalidAccessKeyId':
    case 'InvalidClientTokenId':
    case 'UnrecognizedClientException':
      return { ...base, kind: 'unknown-key' };
    case 'ExpiredToken':
    case 'ExpiredTokenException':
    case 'InvalidToken':
    case 'TokenRefreshRequired':
      return { ...base, kind: 'expired-token' };
    case 'NoSuchBucket':
      return { ...base, kind: 'no-such-bucket' };
    case 'PermanentRedirect':
    case 'AuthorizationHeaderMalformed':
    case 'IllegalLocationConstraintException':
      return {
        ...base,
        kind: 'region',
        region: regionHeader ?? error.Region,
      };
    case 'SlowDown':
    case 'Throttling':
    case 'ThrottlingException':
    case 'RequestLimitExceeded':
      return { ...base, kind: 'throttled' };
    case 'NotImplemented':
    case 'MethodNotAllowed':
    case 'InvalidAction':
      return { ...base, kind: 'not-available' };
    default:
      break;
  }
  if (httpStatus === 301 || httpStatus === 307 || regionHeader) {
    if (regionHeader || httpStatus === 301) {
      return { ...base, kind: 'region', region: regionHeader };
    }
  }
  if (httpStatus >= 300 && httpStatus < 400)
    return { ...base, kind: 'redirect' };
  if (httpStatus === 403) return { ...base, kind: 'denied' };
  if (httpStatus === 404) return { ...base, kind: 'not-found' };
  if (httpStatus === 405 || httpStatus === 501) {
    return { ...base, kind: 'not-available' };
  }
  if (httpStatus === 429 || httpStatus === 503) {
    return { ...base, kind: 'throttled' };
  }
  if (httpStatus >= 500) return { ...base, kind: 'server' };
  return { ...base, kind: 'other' };
}
