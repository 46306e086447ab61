import { ProviderProfile } from '@s3-resources/plugin-s3-resources-common';
import {
  CallContext,
  SECRET_MISMATCH,
  StepOutcome,
  explainError,
} from './explainError';
import { ClassifiedError, ErrorKind } from './providerErrors';
import { CallResult } from './stepKit';

export type CredentialsVerdict = {
  outcome: StepOutcome;
  /** The provider refused the credentials themselves; 403s elsewhere follow from that. */
  rejected: boolean;
};

export type IdentityResult =
  | { ok: true; arn?: string; account?: string }
  | { ok: false; e: ClassifiedError };

/** Where the signing key's fields are in the create request. */
export type CredentialFields = { accessKeyId: string; secretAccessKey: string };

/** The request fields of an access key, directly or as a role's source. */
export function credentialFieldsOf(auth: {
  method: string;
  source?: { method: string };
}): CredentialFields | undefined {
  if (auth.method === 'access-key') {
    return {
      accessKeyId: 'auth.accessKeyId',
      secretAccessKey: 'auth.secretAccessKey',
    };
  }
  if (auth.method === 'assume-role' && auth.source?.method === 'access-key') {
    return {
      accessKeyId: 'auth.source.accessKeyId',
      secretAccessKey: 'auth.source.secretAccessKey',
    };
  }
  return undefined;
}

/** The field a refusal of the credentials points at: the secret or the key ID. */
export function credentialFieldFor(
  kind: ErrorKind,
  fields: CredentialFields | undefined,
): { field?: string } {
  if (!fields) return {};
  if (kind === 'bad-signature') return { field: fields.secretAccessKey };
  if (kind === 'unknown-key') return { field: fields.accessKeyId };
  return {};
}

const REJECTED = new Set(['bad-signature', 'unknown-key', 'expired-token']);
const ACCEPTED = new Set(['not-found', 'no-such-bucket']);

/**
 * The credentials step. Where STS GetCallerIdentity answers, it decides.
 * Where it is not available (Ceph RGW answers 405), the first answer to
 * these credentials from another call decides: anything but 403 means the
 * provider accepted the key and signature, and the step passes. Only a 403
 * costs one more call: a listing of a bucket that cannot exist, which needs
 * no permission and whose answer has a body that names a wrong secret or
 * an unknown key.
 */
export async function judgeCredentials(options: {
  profile: ProviderProfile;
  /** GetCallerIdentity, where the provider has STS. */
  identity?: Promise<IdentityResult>;
  /** The first answer to these credentials from the test's other calls. */
  evidence: Promise<CallResult | undefined>;
  /** A listing of a bucket that cannot exist, with these credentials. */
  probe: () => Promise<CallResult>;
  call: (action: string, target: string) => CallContext;
  /** Where the key ID and secret are in the request; absent without an access key. */
  fields?: CredentialFields;
}): Promise<CredentialsVerdict> {
  const { profile, fields } = options;
  const refused = (e: ClassifiedError, call: CallContext): StepOutcome => ({
    ...explainError(e, call),
    ...credentialFieldFor(e.kind, fields),
  });
  const id = await options.identity;
  if (id?.ok) {
    return {
      outcome: {
        status: 'pass',
        message: `Signed in as ${id.arn ?? 'an identity'}${
          id.account ? ` (account ${id.account})` : ''
        }`,
      },
      rejected: false,
    };
  }
  const stsCall = options.call('sts:GetCallerIdentity', 'STS');
  if (id && REJECTED.has(id.e.kind)) {
    return { outcome: refused(id.e, stsCall), rejected: true };
  }
  const unavailable =
    id === undefined ||
    id.e.kind === 'not-available' ||
    (!profile.isAws && id.e.httpStatus !== undefined);
  if (id && !unavailable) {
    return { outcome: explainError(id.e, stsCall), rejected: false };
  }
  const why = id
    ? `STS GetCallerIdentity is not available on this provider (HTTP ${id.e.httpStatus})`
    : `${profile.title} has no STS GetCallerIdentity`;
  const codes = id?.e.httpStatus ? { httpStatus: id.e.httpStatus } : {};
  const s3Call = options.call('s3:ListBucket', 'S3');
  // The provider accepted them: a pass, whatever call showed it.
  const accepted = (how: string): CredentialsVerdict => ({
    outcome: {
      status: 'pass',
      message: `Accepted: the provider accepted the access key and signature (${how}). ${why}, so no identity is shown.`,
    },
    rejected: false,
  });
  const unconfirmed = (how: string): CredentialsVerdict => ({
    outcome: {
      status: 'skipped',
      ...codes,
      message: `${why}. Could not confirm the credentials: ${how}.`,
    },
    rejected: false,
  });

  const evidence = await options.evidence;
  if (evidence?.ok) return accepted('a signed request was answered');
  if (evidence && REJECTED.has(evidence.e.kind)) {
    return { outcome: refused(evidence.e, s3Call), rejected: true };
  }
  if (evidence && ACCEPTED.has(evidence.e.kind)) {
    return accepted(
      `a signed request was answered ${evidence.e.httpStatus}, not 403`,
    );
  }
  if (evidence && evidence.e.kind !== 'denied') {
    return unconfirmed(explainError(evidence.e, s3Call).message);
  }

  // A 403 (or no evidence): denied, or a wrong key or secret?
  const probe = await options.probe();
  if (probe.ok || ACCEPTED.has(probe.e.kind)) {
    return accepted(
      'a request that needs no permission was answered 404, so the 403s are permissions',
    );
  }
  if (REJECTED.has(probe.e.kind)) {
    return { outcome: refused(probe.e, s3Call), rejected: true };
  }
  if (probe.e.kind === 'denied' && profile.id === 'ceph-rgw') {
    return {
      outcome: {
        status: 'fail',
        httpStatus: probe.e.httpStatus,
        errorCode: probe.e.code ?? 'AccessDenied',
        // Ceph RGW answers a wrong secret and an unknown key ID alike.
        message: `${SECRET_MISMATCH}, or the provider does not know the access key ID: a request that needs no permission was answered 403`,
        remediation:
          'Enter the secret access key that belongs to this access key ID again, and check the access key ID.',
        ...(fields ? { field: fields.secretAccessKey } : {}),
      },
      rejected: true,
    };
  }
  if (probe.e.kind === 'denied') {
    return unconfirmed(
      'a request for a bucket that does not exist was answered 403 (a wrong key or secret, or a provider that checks permissions first)',
    );
  }
  return unconfirmed(explainError(probe.e, s3Call).message);
}
