import { PROVIDER_PROFILES } from '@s3-resources/plugin-s3-resources-common';
import { CallContext } from './explainError';
import { IdentityResult, judgeCredentials } from './credentialsVerdict';
import { ClassifiedError } from './providerErrors';

const call = (action: string, target: string): CallContext => ({
  action,
  target,
  host: 's3.amazonaws.com',
  bucket: 'media',
  region: 'eu-west-1',
  requestTimeoutMs: 1000,
  deadlineMs: 5000,
});

const refusedBySts = (e: ClassifiedError) =>
  judgeCredentials({
    profile: PROVIDER_PROFILES.aws,
    identity: Promise.resolve<IdentityResult>({ ok: false, e }),
    evidence: Promise.resolve(undefined),
    probe: async () => ({ ok: true }),
    call,
    fields: {
      accessKeyId: 'auth.source.accessKeyId',
      secretAccessKey: 'auth.source.secretAccessKey',
    },
  });

describe('judgeCredentials', () => {
  it('names a wrong secret first and plainly, at the secret field', async () => {
    const { outcome, rejected } = await refusedBySts({
      kind: 'bad-signature',
      code: 'SignatureDoesNotMatch',
      httpStatus: 403,
      providerMessage: 'The request signature we calculated does not match',
    });
    expect(rejected).toBe(true);
    expect(outcome).toMatchObject({
      status: 'fail',
      message: expect.stringMatching(
        /^The secret access key does not match this access key ID/,
      ),
      field: 'auth.source.secretAccessKey',
    });
  });

  it('names an unknown access key ID at the key ID field', async () => {
    const { outcome } = await refusedBySts({
      kind: 'unknown-key',
      code: 'InvalidClientTokenId',
      httpStatus: 403,
    });
    expect(outcome).toMatchObject({
      status: 'fail',
      message: expect.stringMatching(
        /^This provider does not know the access key ID/,
      ),
      field: 'auth.source.accessKeyId',
    });
  });

  it('passes where no STS answers but a signed request was answered', async () => {
    const { outcome } = await judgeCredentials({
      profile: PROVIDER_PROFILES['ceph-rgw'],
      identity: Promise.resolve<IdentityResult>({
        ok: false,
        e: { kind: 'not-available', httpStatus: 405 },
      }),
      evidence: Promise.resolve({ ok: true }),
      probe: async () => ({ ok: true }),
      call,
    });
    expect(outcome.status).toBe('pass');
    expect(outcome.message).toMatch(/^Accepted: /);
    expect(outcome.field).toBeUndefined();
  });
});
