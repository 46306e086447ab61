import {
  TestStatus,
  TestStepObservation,
} from '@s3-resources/plugin-s3-resources-common';
import { ClassifiedError } from './providerErrors';

/** A step's result without the bookkeeping (id, title, duration). */
export type StepOutcome = {
  status: TestStatus;
  message: string;
  errorCode?: string;
  httpStatus?: number;
  remediation?: string;
  observed?: TestStepObservation;
  /** The request field the failure points at (`auth.secretAccessKey`, …). */
  field?: string;
  /**
   * The failure this outcome explains. Never part of a result: it lets a
   * cause that several steps ran into be said once (StepRecorder).
   */
  cause?: ClassifiedError;
};

/** What the explanation needs to know about the call that failed. */
export type CallContext = {
  /** The IAM action the call needs, e.g. `s3:ListBucket`. */
  action: string;
  /** What it was called on, e.g. `bucket media` or `role arn:…`. */
  target: string;
  /** host:port the call went to. */
  host: string;
  bucket: string;
  region: string;
  requestTimeoutMs: number;
  deadlineMs: number;
  /** Status when the action is denied (fail for what the resource needs, warn/skipped for inspection). */
  deniedStatus?: TestStatus;
  /** Extra remediation for a denial. */
  deniedHint?: string;
};

/** How a wrong secret reads, first and plainly, wherever it is found. */
export const SECRET_MISMATCH =
  'The secret access key does not match this access key ID';
/** How an access key ID the provider does not know reads. */
export const UNKNOWN_KEY = 'This provider does not know the access key ID';

const withProvider = (text: string, e: ClassifiedError) =>
  e.providerMessage ? `${text}: ${e.providerMessage}` : text;

/** Turns a classified error into a message and a remediation a person can act on. */
export function explainError(e: ClassifiedError, c: CallContext): StepOutcome {
  return { ...describe(e, c), cause: e };
}

function describe(e: ClassifiedError, c: CallContext): StepOutcome {
  const codes = {
    ...(e.code ? { errorCode: e.code } : {}),
    ...(e.httpStatus ? { httpStatus: e.httpStatus } : {}),
  };
  const fail = (
    message: string,
    remediation: string,
    status: TestStatus = 'fail',
  ): StepOutcome => ({ status, message, remediation, ...codes });
  const network = (message: string, remediation: string): StepOutcome => ({
    status: 'fail',
    message,
    remediation,
    ...(e.networkCode ? { errorCode: e.networkCode } : {}),
  });

  switch (e.kind) {
    case 'denied':
      return fail(
        withProvider(
          `${c.action} denied on ${c.target} (HTTP ${e.httpStatus ?? 403})`,
          e,
        ),
        c.deniedHint ??
          `Grant ${c.action} on ${c.target} to these credentials (the resource's generated IAM policy lists it) and look for a Deny statement in the bucket policy.`,
        c.deniedStatus ?? 'fail',
      );
    case 'bad-signature':
      return fail(
        `${SECRET_MISMATCH} (the provider rejected the request's signature)`,
        'Enter the secret access key that belongs to this access key ID again.',
      );
    case 'unknown-key':
      return fail(
        `${UNKNOWN_KEY}: it is mistyped, deleted or deactivated`,
        'Check the access key ID; if it was deleted or deactivated, create a new key and update the resource.',
      );
    case 'expired-token':
      return fail(
        'The credentials have expired or the session token is invalid',
        'Use long-lived access keys, or check the source of the temporary credentials.',
      );
    case 'no-such-bucket':
    case 'not-found':
      return fail(
        `Bucket ${c.bucket} does not exist on ${c.host}`,
        'Check the bucket name, the endpoint and the region; create the bucket if it should exist.',
      );
    case 'region':
      return e.region
        ? fail(
            `Region mismatch: bucket ${c.bucket} is in ${e.region}, the resource says ${c.region}`,
            `Set the resource's region to ${e.region}.`,
          )
        : fail(
            `Bucket ${c.bucket} is not served at ${c.host} for region ${c.region} (the provider answered with a redirect)`,
            "Check the resource's region and endpoint.",
          );
    case 'redirect':
      return fail(
        `${c.host} answered with a redirect (HTTP ${e.httpStatus}); redirects are not followed, so credentials never go to another origin`,
        'Use the endpoint the provider means to be used directly, and ask an operator to allow-list it if needed.',
      );
    case 'not-available':
      return fail(
        `Not available on this provider (HTTP ${e.httpStatus})`,
        'Nothing to do: the provider does not implement this call.',
        'skipped',
      );
    case 'throttled':
      return fail(
        withProvider(
          `The provider is throttling requests (HTTP ${e.httpStatus})`,
          e,
        ),
        'Run the test again in a minute.',
        'warn',
      );
    case 'server':
      return fail(
        withProvider(
          `The provider answered with a server error (HTTP ${e.httpStatus})`,
          e,
        ),
        "Run the test again later; if it persists, check the provider's status.",
      );
    case 'timeout':
      return network(
        `No answer from ${c.host} within ${c.requestTimeoutMs} ms (request timeout)`,
        'Check that the endpoint is reachable from the Backstage backend (firewall, proxy, VPC endpoint) and that the host and port are right.',
      );
    case 'deadline':
      return {
        status: 'fail',
        errorCode: 'Timeout',
        message: `Timeout: no answer from ${c.host} before the test deadline (${c.deadlineMs} ms)`,
        remediation:
          'Check that the endpoint is reachable from the Backstage backend and answers S3 requests; a server that accepts connections but never answers ends here.',
      };
    case 'refused':
      return network(
        `Connection refused by ${c.host}: nothing listens there`,
        'Check the host and port of the endpoint.',
      );
    case 'dns':
      return network(
        `The host name of ${c.host} does not resolve`,
        'Check the spelling of the endpoint, and that the backend can resolve it (DNS, VPN).',
      );
    case 'tls':
      return network(
        `TLS with ${c.host} failed (${e.networkCode})`,
        "The endpoint's certificate is not valid for this host or not trusted by the backend; fix the certificate or add its CA (NODE_EXTRA_CA_CERTS).",
      );
    case 'reset':
      return network(
        `${c.host} closed the connection (${e.networkCode})`,
        'Check that the endpoint speaks S3 over the scheme given (http or https).',
      );
    case 'endpoint-refused':
      return {
        status: 'fail',
        errorCode: 'EndpointAddressRefused',
        message: `Refused by the endpoint policy: ${
          e.detail ?? `${c.host} resolves to an address that is not allowed`
        }`,
        remediation:
          "If this endpoint is meant to be on an internal network, an operator can set allowPrivateAddresses on its s3Resources.endpoints.allow entry (the backend's log names the address it refused). Link-local and cloud metadata addresses are never allowed.",
      };
    default:
      return {
        status: 'fail',
        message: withProvider(
          `Unexpected answer from ${c.host}${
            e.httpStatus ? ` (HTTP ${e.httpStatus})` : ''
          }${e.networkCode ? ` (${e.networkCode})` : ''}`,
          e,
        ),
        remediation:
          'Check that the endpoint is an S3-compatible service and try again.',
        ...codes,
        ...(e.networkCode && !e.code ? { errorCode: e.networkCode } : {}),
      };
  }
}
