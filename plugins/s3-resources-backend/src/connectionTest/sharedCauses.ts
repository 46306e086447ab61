import { ClassifiedError, ErrorKind } from './providerErrors';

/** A failure that every later call to the same endpoint or bucket runs into too. */
export type SharedCause = {
  /** Equal for failures with one cause (NotFound and NoSuchBucket: no bucket). */
  key: string;
  /** The cause in a few words, e.g. `bucket media does not exist`. */
  says: string;
};

// Grouped as explainError words them: a 404 with or without NoSuchBucket is
// "does not exist", a request timeout and the deadline both mean no answer.
const SHARED: Partial<
  Record<ErrorKind, { key: string; says: (bucket: string) => string }>
> = {
  'no-such-bucket': {
    key: 'no-bucket',
    says: bucket => `bucket ${bucket} does not exist`,
  },
  'not-found': {
    key: 'no-bucket',
    says: bucket => `bucket ${bucket} does not exist`,
  },
  refused: {
    key: 'refused',
    says: () => 'the endpoint refused the connection',
  },
  dns: { key: 'dns', says: () => "the endpoint's host name does not resolve" },
  timeout: {
    key: 'no-answer',
    says: () => 'the endpoint did not answer in time',
  },
  deadline: {
    key: 'no-answer',
    says: () => 'the endpoint did not answer in time',
  },
  tls: { key: 'tls', says: () => 'TLS with the endpoint failed' },
  reset: { key: 'reset', says: () => 'the endpoint closed the connection' },
  'endpoint-refused': {
    key: 'endpoint-refused',
    says: () => "the endpoint policy refused the endpoint's address",
  },
};

/** The shared cause of a failure, if later calls would fail the same way. */
export function sharedCauseOf(
  e: ClassifiedError | undefined,
  bucket: string,
): SharedCause | undefined {
  const shared = e && SHARED[e.kind];
  return shared && { key: shared.key, says: shared.says(bucket) };
}
