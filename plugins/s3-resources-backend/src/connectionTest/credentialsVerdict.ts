import { ProviderProfile } from '@s3-resources/plugin-s3-resources-common';
import { CallContext, StepOutcome, explainError } from './explainError';
import { ClassifiedError } from './providerErrors';
import { CallResult } from './stepKit';

export type CredentialsVerdict = {
  outcome: StepOutcome;
  /** The provider refused the credentials themselves; 403s elsewhere follow from that. */
  rejected: boolean;
};

export type IdentityResult =
  | { ok: true; arn?: string; account?: string }
  | { ok: false; e: ClassifiedError };

const REJECTED = new Set(['bad-signature', 'unknown-key', 'expired-token']);
const ACCEPTED = new Set(['not-found', 'no-such-bucket']);

/**
 * The credentials step. Where STS GetCallerIdentity answers, it decides.
 * Where it is not available (Ceph RGW answers 405), the first answer to
 * these credentials from another call decides: anything but 403 means the
 * provider accepted the key and signature. Only a 403 costs one more call:
 * HeadBucket on a bucket that cannot exist, which needs no permission.
 */
export async function judgeCredentials(options: {
  profile: ProviderProfile;
  /** GetCallerIdentity, where the provider has STS. */
  identity?: Promise<IdentityResult>;
  /** The first answer to these credentials from the test's other calls. */
  evidence: Promise<CallResult | undefined>;
  /** HeadBucket on a bucket that cannot exist, with these credentials. */
  probe: () => Promise<CallResult>;
  call: (action: string, target: string) => CallContext;
}): Promise<CredentialsVerdict> {
  const { profile } = options;
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
    return { outcome: explainError(id.e, stsCall), rejected: true };
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
  const accepted = (how: string): CredentialsVerdict => ({
    outcome: {
      status: 'skipped',
      ...codes,
      message: `${why}. The provider accepted the access key and signature (${how}).`,
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
    return { outcome: explainError(evidence.e, s3Call), rejected: true };
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
    return { outcome: explainError(probe.e, s3Call), rejected: true };
  }
  if (probe.e.kind === 'denied' && profile.id === 'ceph-rgw') {
    return {
      outcome: {
        status: 'fail',
        httpStatus: probe.e.httpStatus,
        errorCode: probe.e.code ?? 'AccessDenied',
        message: `${why}. The provider refused the access key or the secret: a request that needs no permission was answered 403`,
        remediation:
          'Check the access key ID and enter the secret access key again.',
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
