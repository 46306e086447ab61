import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { InputError } from '@backstage/errors';
import {
  ImportSource,
  PROVIDER_PROFILES,
} from '@s3-resources/plugin-s3-resources-common';
import { randomBytes } from 'node:crypto';
import { judgeCredentials } from '../connectionTest/credentialsVerdict';
import {
  ClassifiedError,
  classifyError,
} from '../connectionTest/providerErrors';

/**
 * Whether ListBuckets failed because the provider refused the key or the
 * secret, judged as the connection test's credentials step judges it: then
 * an error at the field (`source.auth.secretAccessKey: The secret access
 * key does not match …`), else undefined (a missing permission).
 */
export async function refusedCredentials(
  e: ClassifiedError,
  at: {
    source: ImportSource;
    client: S3Client;
    /** Lets the guarded handler send to the probe bucket. */
    allowBucket: (bucket: string) => void;
    region: string;
    timeouts: { requestTimeoutMs: number; deadlineMs: number };
  },
): Promise<InputError | undefined> {
  if (at.source.auth.method !== 'access-key') return undefined;
  const probeBucket = `s3r-credential-probe-${randomBytes(10).toString('hex')}`;
  at.allowBucket(probeBucket);
  const verdict = await judgeCredentials({
    profile: PROVIDER_PROFILES[at.source.provider],
    evidence: Promise.resolve({ ok: false, e }),
    probe: async () => {
      try {
        await at.client.send(
          new ListObjectsV2Command({ Bucket: probeBucket, MaxKeys: 1 }),
        );
        return { ok: true };
      } catch (error) {
        return { ok: false, e: classifyError(error) };
      }
    },
    call: (action, target) => ({
      action,
      target,
      host: at.source.endpoint ?? 'the provider',
      bucket: probeBucket,
      region: at.region,
      ...at.timeouts,
    }),
    fields: {
      accessKeyId: 'source.auth.accessKeyId',
      secretAccessKey: 'source.auth.secretAccessKey',
    },
  });
  const { outcome } = verdict;
  if (!verdict.rejected || !outcome.field) return undefined;
  return new InputError(`${outcome.field}: ${outcome.message}`);
}
