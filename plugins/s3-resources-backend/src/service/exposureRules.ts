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
