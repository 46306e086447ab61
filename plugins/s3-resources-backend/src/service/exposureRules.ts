import {
  FindingSeverity,
  PUBLIC_CANNED_ACLS,
  ResourceSettings,
  TestStepObservation,
  shellQuote,
} from '@s3-resources/plugin-s3-resources-common';

// Whether a bucket setting is a problem, decided once: the connection test
// warns with these words and the audit sweep raises them as findings.

/** A setting judged a problem: how bad, what is wrong and how to fix it. */
export type ExposureProblem = {
  severity: FindingSeverity;
  message: string;
  fix: string;
};

type Settings = Pick<
  ResourceSettings,
  'bucket' | 'defaultAcl' | 'endpoint' | 'kmsKeyArn' | 'cors'
>;

const endpointArg = (s: Settings) =>
  s.endpoint ? ` --endpoint-url ${shellQuote(s.endpoint)}` : '';

/** Every Block Public Access setting off (or none of the bucket's own). */
export function publicAccessBlockProblem(
  settings: Settings,
  block: NonNullable<TestStepObservation['publicAccessBlock']>,
): ExposureProblem | undefined {
  const off =
    !block.blockPublicAcls &&
    !block.ignorePublicAcls &&
    !block.blockPublicPolicy &&
    !block.restrictPublicBuckets;
  if (!off) return undefined;
  const publicDefault = PUBLIC_CANNED_ACLS.includes(settings.defaultAcl);
  return {
    severity: publicDefault ? 'medium' : 'low',
    message: `${
      block.configured
        ? `Every Block Public Access setting of bucket ${settings.bucket} is off`
        : `Bucket ${settings.bucket} has no Block Public Access configuration of its own (account-level settings may still apply)`
    }: a public ACL or bucket policy set by mistake would make objects public`,
    fix: [
      ...(publicDefault
        ? [
            `First set the resource's default ACL to private: with BlockPublicAcls on, uploads with ${settings.defaultAcl} are refused.`,
          ]
        : []),
      `aws s3api put-public-access-block --bucket ${shellQuote(
        settings.bucket,
      )} --public-access-block-configuration BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true${endpointArg(
        settings,
      )}`,
    ].join('\n'),
  };
}

/** No default encryption: `algorithm` as the test observed it (`none` when absent). */
export function defaultEncryptionProblem(
  settings: Settings,
  algorithm: string,
): ExposureProblem | undefined {
  if (algorithm !== 'none') return undefined;
  const rule = settings.kmsKeyArn
    ? { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: settings.kmsKeyArn }
    : { SSEAlgorithm: 'AES256' };
  const configuration = {
    Rules: [{ ApplyServerSideEncryptionByDefault: rule }],
  };
  return {
    severity: 'low',
    message: `Bucket ${settings.bucket} has no default encryption: objects uploaded without encryption headers are stored unencrypted`,
    fix: `aws s3api put-bucket-encryption --bucket ${shellQuote(
      settings.bucket,
    )} --server-side-encryption-configuration ${shellQuote(
      JSON.stringify(configuration),
    )}${endpointArg(settings)}`,
  };
}

/** A wildcard CORS origin, configured on the resource or live on the bucket. */
export function corsWildcardProblem(
  settings: Settings,
  liveOrigins: readonly string[],
): (Omit<ExposureProblem, 'fix'> & { configured: string[] }) | undefined {
  const configured = settings.cors.origins.filter(o => o.includes('*'));
  const liveWildcards = liveOrigins.filter(
    o => o.includes('*') && !configured.includes(o),
  );
  const all = [...configured, ...liveWildcards];
  if (!all.length) return undefined;
  const any = all.includes('*');
  const where = [
    configured.length
      ? `the resource's CORS origins list ${configured.join(', ')}`
      : '',
    liveWildcards.length
      ? `the bucket's live CORS rules allow ${liveWildcards.join(', ')}`
      : '',
  ]
    .filter(Boolean)
    .join(' and ');
  return {
    severity: any ? 'medium' : 'low',
    configured,
    message: `${where[0].toUpperCase()}${where.slice(1)}: ${
      any ? 'every web page on the internet' : 'every page under these origins'
    } can call bucket ${
      settings.bucket
    } from a browser (what succeeds still depends on the credentials a page holds)`,
  };
}

type ObjectLock = NonNullable<TestStepObservation['objectLock']>;

export const retentionOf = (lock: ObjectLock) =>
  lock.years !== undefined
    ? `for ${lock.years} year${lock.years === 1 ? '' : 's'}`
    : `for ${lock.days ?? 0} day${lock.days === 1 ? '' : 's'}`;

/**
 * A default retention on a resource that deletes or overwrites objects:
 * what will not work as its users expect. Shared with the audit's rule.
 */
export function objectLockProblem(
  bucket: string,
  accessLevel: ResourceSettings['accessLevel'],
  lock: ObjectLock,
): { message: string; fix: string } | undefined {
  if (!lock.enabled || !lock.mode || accessLevel === 'read') return undefined;
  return {
    message: `Bucket ${bucket} keeps every object version ${retentionOf(
      lock,
    )} (object lock, ${
      lock.mode
    }): deleting or overwriting through this ${accessLevel} resource only adds a delete marker or a new version, the locked versions stay and keep costing storage${
      lock.mode === 'COMPLIANCE' ? ' (nobody can remove them early)' : ''
    }, and uploads without a Content-MD5 or checksum header (plain presigned PUTs) are refused`,
    fix: `Make the resource read-only if its users should not delete or overwrite, or shorten the default retention (aws s3api put-object-lock-configuration --bucket ${bucket} …); uploads must send a Content-MD5 or x-amz-checksum header.`,
  };
}
