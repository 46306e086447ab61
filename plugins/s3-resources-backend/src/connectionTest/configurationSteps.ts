import {
  GetBucketCorsCommand,
  GetBucketCorsCommandOutput,
  GetBucketEncryptionCommand,
  GetBucketEncryptionCommandOutput,
  GetBucketOwnershipControlsCommand,
  GetBucketOwnershipControlsCommandOutput,
  GetPublicAccessBlockCommand,
  GetPublicAccessBlockCommandOutput,
  PublicAccessBlockConfiguration,
} from '@aws-sdk/client-s3';
import {
  PROVIDER_PROFILES,
  PUBLIC_CANNED_ACLS,
  compareCorsConfiguration,
  corsConfigurationOf,
} from '@s3-resources/plugin-s3-resources-common';
import {
  corsWildcardProblem,
  defaultEncryptionProblem,
  publicAccessBlockProblem,
} from '../service/exposureRules';
import { StepOutcome } from './explainError';
import {
  BucketStep,
  BucketStepContext,
  attempt,
  callContext,
  pass,
  skipped,
} from './stepKit';

/** GetBucketCors compared with the generated configuration. */
export const corsStep: BucketStep = ctx => {
  const { bucket, cors } = ctx.settings;
  if (!cors.origins.length) {
    return Promise.resolve(
      skipped('Not checked: the resource lists no CORS origins'),
    );
  }
  const required = corsConfigurationOf(ctx.settings);
  const fix = `Apply this CORS configuration to bucket ${bucket} (or add its rule to the existing ones):\n${required.json}\nWith the AWS CLI: ${required.command}`;
  const call = callContext(ctx, 's3:GetBucketCORS', {
    target: `bucket ${bucket}`,
    deniedStatus: 'warn',
    deniedHint: `Grant s3:GetBucketCORS (the generated IAM policy lists it) so the test can compare the rules. The bucket needs:\n${required.json}`,
  });
  return attempt(
    call,
    async () => {
      const out: GetBucketCorsCommandOutput = await ctx.send(
        new GetBucketCorsCommand({ Bucket: bucket }),
      );
      const comparison = compareCorsConfiguration(out, required.configuration);
      const observed = {
        corsOrigins: [
          ...new Set(
            (out.CORSRules ?? []).flatMap(r => r.AllowedOrigins ?? []),
          ),
        ],
        corsMatches: comparison.matches,
      };
      const wildcard = corsWildcardProblem(ctx.settings, observed.corsOrigins);
      if (comparison.matches && wildcard) {
        return {
          status: 'warn',
          message: wildcard.message,
          remediation:
            "List the exact origins that call the bucket instead of a wildcard in the resource's CORS origins, then apply the generated CORS configuration to the bucket.",
          observed,
        };
      }
      if (comparison.matches) {
        const rule = required.configuration.CORSRules[0];
        return {
          ...pass(
            `The bucket's CORS rules allow ${rule.AllowedMethods.join(
              ', ',
            )} from ${rule.AllowedOrigins.join(', ')}`,
          ),
          observed,
        };
      }
      const problems = [
        ...comparison.missing.map(
          r =>
            `no rule allows ${r.AllowedMethods.join(
              ', ',
            )} from ${r.AllowedOrigins.join(', ')}`,
        ),
        ...comparison.different.flatMap(d => d.problems),
      ];
      return {
        status: 'warn',
        message: `CORS rules are missing or incomplete: ${problems.join('; ')}`,
        remediation: fix,
        observed,
      };
    },
    e =>
      e.code === 'NoSuchCORSConfiguration'
        ? {
            status: 'warn',
            errorCode: e.code,
            httpStatus: e.httpStatus,
            message: `Bucket ${bucket} has no CORS configuration: browsers on ${cors.origins.join(
              ', ',
            )} cannot call it`,
            remediation: fix,
            observed: { corsOrigins: [], corsMatches: false },
          }
        : undefined,
  );
};

/** GetBucketOwnershipControls: will the default ACL be accepted? */
export const ownershipStep: BucketStep = ctx => {
  const { bucket, defaultAcl, objectOwnership, provider } = ctx.settings;
  const profile = PROVIDER_PROFILES[provider];
  if (!profile.supportsAcl) {
    return Promise.resolve(
      defaultAcl === 'none'
        ? skipped(`Not checked: ${profile.title} has no ACLs`)
        : {
            status: 'warn',
            message: `${profile.title} does not support ACLs; the default ACL ${defaultAcl} is ignored or refused`,
            remediation: 'Set the default ACL to none.',
          },
    );
  }
  const usesAcl =
    defaultAcl !== 'none' && defaultAcl !== 'bucket-owner-full-control';
  const call = callContext(ctx, 's3:GetBucketOwnershipControls', {
    target: `bucket ${bucket}`,
    deniedStatus: 'skipped',
    deniedHint: `Optional: grant s3:GetBucketOwnershipControls on bucket ${bucket} to let the test check that the default ACL is accepted.`,
  });
  return attempt(
    call,
    async () => {
      const out: GetBucketOwnershipControlsCommandOutput = await ctx.send(
        new GetBucketOwnershipControlsCommand({ Bucket: bucket }),
      );
      const actual = out.OwnershipControls?.Rules?.[0]?.ObjectOwnership;
      if (!actual) {
        return skipped(
          'Unknown: the provider answered without ownership controls (not treated as configured)',
          usesAcl
            ? `Check by hand that the bucket accepts uploads with ACL ${defaultAcl}, or run the write probe.`
            : undefined,
        );
      }
      if (actual === 'BucketOwnerEnforced' && usesAcl) {
        return {
          status: 'fail',
          message: `The bucket enforces BucketOwnerEnforced (ACLs disabled): uploads with the default ACL ${defaultAcl} would be refused`,
          remediation:
            'Set the default ACL to none, or change the bucket\'s Object Ownership to "Bucket owner preferred".',
        };
      }
      if (objectOwnership && objectOwnership !== actual) {
        return {
          status: 'warn',
          message: `The bucket's Object Ownership is ${actual}; the resource says ${objectOwnership}`,
          remediation: `Set the resource's object ownership to ${actual} so the generated policies match the bucket.`,
        };
      }
      return pass(
        `Object Ownership is ${actual}; the default ACL ${defaultAcl} is accepted`,
      );
    },
    e =>
      e.code === 'OwnershipControlsNotFoundError'
        ? {
            status: 'pass',
            message: `No ownership controls (ACLs enabled, object writer owns objects); the default ACL ${defaultAcl} is accepted`,
          }
        : undefined,
  );
};

/**
 * The public access block as the audit judges it: a warning in the audit's
 * words when it would raise a finding, otherwise `ok`. A public default ACL
 * that the block leaves effective is said as well.
 */
function judged(
  settings: BucketStepContext['settings'],
  block: Parameters<typeof publicAccessBlockProblem>[1],
  ok: StepOutcome,
  observed: StepOutcome['observed'],
): StepOutcome {
  const problem = publicAccessBlockProblem(settings, block);
  const publicAcl = PUBLIC_CANNED_ACLS.includes(settings.defaultAcl);
  if (!problem && !publicAcl) return { ...ok, observed };
  const aclNote = `uploads with the default ACL ${settings.defaultAcl} will be publicly readable`;
  return {
    status: 'warn',
    message: problem
      ? `${problem.message}${publicAcl ? `; ${aclNote}` : ''}`
      : `${aclNote[0].toUpperCase()}${aclNote.slice(1)}`,
    remediation: problem
      ? problem.fix
      : 'Make sure the objects are meant to be public; otherwise set the default ACL to private or none.',
    observed,
  };
}

/** GetPublicAccessBlock: would a public default ACL be refused or ignored? */
export const publicAccessStep: BucketStep = ctx => {
  const { bucket, defaultAcl } = ctx.settings;
  const publicAcl = PUBLIC_CANNED_ACLS.includes(defaultAcl);
  const call = callContext(ctx, 's3:GetBucketPublicAccessBlock', {
    target: `bucket ${bucket}`,
    deniedStatus: 'skipped',
    deniedHint: `Optional: grant s3:GetBucketPublicAccessBlock on bucket ${bucket} to let the test check it.`,
  });
  return attempt(
    call,
    async () => {
      const out: GetPublicAccessBlockCommandOutput = await ctx.send(
        new GetPublicAccessBlockCommand({ Bucket: bucket }),
      );
      const block: PublicAccessBlockConfiguration =
        out.PublicAccessBlockConfiguration ?? {};
      const flags = [
        'BlockPublicAcls',
        'IgnorePublicAcls',
        'BlockPublicPolicy',
        'RestrictPublicBuckets',
      ] as const;
      if (flags.every(f => block[f] === undefined)) {
        return skipped(
          'Unknown: the provider answered without a public access block (not treated as configured)',
        );
      }
      const on = flags.filter(f => block[f]);
      const summary = on.length ? `on: ${on.join(', ')}` : 'all settings off';
      const observed = {
        publicAccessBlock: {
          blockPublicAcls: !!block.BlockPublicAcls,
          ignorePublicAcls: !!block.IgnorePublicAcls,
          blockPublicPolicy: !!block.BlockPublicPolicy,
          restrictPublicBuckets: !!block.RestrictPublicBuckets,
          configured: true,
        },
      };
      if (publicAcl && block.BlockPublicAcls) {
        return {
          status: 'fail',
          message: `Block Public Access (BlockPublicAcls) refuses uploads with the default ACL ${defaultAcl}`,
          remediation:
            'Set the default ACL to private or none, or (if objects must be public) turn BlockPublicAcls off for this bucket.',
          observed,
        };
      }
      if (publicAcl && block.IgnorePublicAcls) {
        return {
          status: 'warn',
          message: `Block Public Access (IgnorePublicAcls) ignores the default ACL ${defaultAcl}: objects will not be public`,
          remediation: 'Set the default ACL to private or none.',
          observed,
        };
      }
      return judged(
        ctx.settings,
        observed.publicAccessBlock,
        pass(`Public access block ${summary}`),
        observed,
      );
    },
    e => {
      if (e.code !== 'NoSuchPublicAccessBlockConfiguration') return undefined;
      const observed = {
        publicAccessBlock: {
          blockPublicAcls: false,
          ignorePublicAcls: false,
          blockPublicPolicy: false,
          restrictPublicBuckets: false,
          configured: false,
        },
      };
      const outcome = judged(
        ctx.settings,
        observed.publicAccessBlock,
        pass(
          'The bucket has no public access block of its own (account-level settings may apply)',
        ),
        observed,
      );
      return outcome.status === 'warn'
        ? { ...outcome, errorCode: e.code, httpStatus: e.httpStatus }
        : outcome;
    },
  );
};

/** GetBucketEncryption: SSE-KMS means the policy needs kms actions. */
export const encryptionStep: BucketStep = ctx => {
  const { bucket, kmsKeyArn } = ctx.settings;
  const call = callContext(ctx, 's3:GetEncryptionConfiguration', {
    target: `bucket ${bucket}`,
    deniedStatus: 'skipped',
    deniedHint: `Optional: grant s3:GetEncryptionConfiguration on bucket ${bucket} to let the test check default encryption.`,
  });
  return attempt(
    call,
    async () => {
      const out: GetBucketEncryptionCommandOutput = await ctx.send(
        new GetBucketEncryptionCommand({ Bucket: bucket }),
      );
      const rule =
        out.ServerSideEncryptionConfiguration?.Rules?.[0]
          ?.ApplyServerSideEncryptionByDefault;
      if (!rule?.SSEAlgorithm) {
        return skipped(
          'Unknown: the provider answered without an encryption configuration (not treated as configured)',
        );
      }
      const observed = { defaultEncryption: rule.SSEAlgorithm };
      if (!rule.SSEAlgorithm.startsWith('aws:kms')) {
        return {
          ...pass(
            `Default encryption ${rule.SSEAlgorithm} (no KMS permissions needed)`,
          ),
          observed,
        };
      }
      const key = rule.KMSMasterKeyID;
      if (!kmsKeyArn) {
        return {
          status: 'warn',
          message: `The bucket encrypts with SSE-KMS${
            key ? ` (key ${key})` : ''
          }: these credentials need kms:Decrypt and kms:GenerateDataKey on that key`,
          remediation: `Set the resource's KMS key ARN${
            key ? ` to ${key}` : ''
          } so the generated IAM policy includes the kms actions, and allow the role in the key policy.`,
          observed,
        };
      }
      if (key && key !== kmsKeyArn && !kmsKeyArn.endsWith(`/${key}`)) {
        return {
          status: 'warn',
          message: `The bucket encrypts with KMS key ${key}; the resource names ${kmsKeyArn}`,
          remediation: `Set the resource's KMS key ARN to ${key}.`,
          observed,
        };
      }
      return {
        ...pass(
          "Default encryption SSE-KMS with the resource's key; the generated IAM policy includes the kms actions",
        ),
        observed,
      };
    },
    e => {
      if (e.code !== 'ServerSideEncryptionConfigurationNotFoundError') {
        return undefined;
      }
      const problem = defaultEncryptionProblem(ctx.settings, 'none')!;
      return {
        status: 'warn',
        errorCode: e.code,
        httpStatus: e.httpStatus,
        message: problem.message,
        remediation: problem.fix,
        observed: { defaultEncryption: 'none' },
      };
    },
  );
};
