import {
  DeleteObjectCommand,
  GetBucketCorsCommand,
  GetBucketEncryptionCommand,
  GetBucketLocationCommand,
  GetBucketOwnershipControlsCommand,
  GetPublicAccessBlockCommand,
  HeadBucketCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import {
  PROVIDER_PROFILES,
  PUBLIC_CANNED_ACLS,
  ResourceSettings,
  StepId,
  compareCorsConfiguration,
  corsConfigurationOf,
  objectArn,
  partitionOf,
} from '@s3-resources/plugin-s3-resources-common';
import { CallContext, StepOutcome, explainError } from './explainError';
import { ClassifiedError, classifyError } from './providerErrors';

/** What a bucket step works with. */
export type BucketStepContext = {
  s3: S3Client;
  /** Sends with the run's deadline. */
  send: <T>(client: S3Client, command: any) => Promise<T>;
  settings: ResourceSettings;
  /** host:port the calls go to. */
  host: string;
  writeProbe: boolean;
  runId: string;
  requestTimeoutMs: number;
  deadlineMs: number;
  /** Receives the first answer to these credentials (HeadBucket's), for the credentials verdict. */
  evidence?: (result: CallResult) => void;
};

/** How a call ended: answered, or failed as classified. */
export type CallResult = { ok: true } | { ok: false; e: ClassifiedError };

type BucketStep = (ctx: BucketStepContext) => Promise<StepOutcome>;

const pass = (message: string): StepOutcome => ({ status: 'pass', message });
const skipped = (message: string, remediation?: string): StepOutcome => ({
  status: 'skipped',
  message,
  ...(remediation ? { remediation } : {}),
});

function callContext(
  ctx: BucketStepContext,
  action: string,
  extra: Partial<CallContext> = {},
): CallContext {
  const { bucket, region, prefix } = ctx.settings;
  return {
    action,
    target: `bucket ${bucket}${prefix ? ` (prefix "${prefix}")` : ''}`,
    host: ctx.host,
    bucket,
    region,
    requestTimeoutMs: ctx.requestTimeoutMs,
    deadlineMs: ctx.deadlineMs,
    ...extra,
  };
}

/** Runs a call; a failure is explained, unless `special` has a better answer for it. */
async function attempt(
  call: CallContext,
  fn: () => Promise<StepOutcome>,
  special?: (e: ClassifiedError) => StepOutcome | undefined,
  report?: (result: CallResult) => void,
): Promise<StepOutcome> {
  try {
    const outcome = await fn();
    report?.({ ok: true });
    return outcome;
  } catch (error) {
    const e = classifyError(error);
    report?.({ ok: false, e });
    return special?.(e) ?? explainError(e, call);
  }
}

const isAws = (s: ResourceSettings) => PROVIDER_PROFILES[s.provider].isAws;

/** GetBucketLocation's answer as a region code. */
function regionOfLocation(location: string | undefined): string {
  if (!location) return 'us-east-1';
  if (location === 'EU') return 'eu-west-1';
  return location;
}

/** HeadBucket: the bucket exists, answers here, and these credentials may list it. */
const bucketStep: BucketStep = ctx => {
  const { bucket, region } = ctx.settings;
  const call = callContext(ctx, 's3:ListBucket', {
    target: `bucket ${bucket}`,
  });
  return attempt(
    call,
    async () => {
      const out = await ctx.send<{ BucketRegion?: string }>(
        ctx.s3,
        new HeadBucketCommand({ Bucket: bucket }),
      );
      if (
        isAws(ctx.settings) &&
        out.BucketRegion &&
        out.BucketRegion !== region
      ) {
        return explainError({ kind: 'region', region: out.BucketRegion }, call);
      }
      return pass(`Bucket ${bucket} answers at ${ctx.host}`);
    },
    undefined,
    ctx.evidence,
  );
};

/** GetBucketLocation: the region the resource names is the bucket's. */
const regionStep: BucketStep = ctx => {
  const { bucket, region, provider } = ctx.settings;
  const call = callContext(ctx, 's3:GetBucketLocation', {
    target: `bucket ${bucket}`,
    deniedStatus: 'warn',
    deniedHint: `Grant s3:GetBucketLocation on bucket ${bucket} (the generated IAM policy lists it) so the test can check the region.`,
  });
  return attempt(call, async () => {
    const out = await ctx.send<{ LocationConstraint?: string }>(
      ctx.s3,
      new GetBucketLocationCommand({ Bucket: bucket }),
    );
    const actual = regionOfLocation(out.LocationConstraint);
    if (actual === region) return pass(`Bucket ${bucket} is in ${region}`);
    if (isAws(ctx.settings)) {
      return explainError({ kind: 'region', region: actual }, call);
    }
    return pass(
      `${PROVIDER_PROFILES[provider].title} reports location "${out.LocationConstraint}" for bucket ${bucket}; requests are signed for ${region}`,
    );
  });
};

/** ListObjectsV2 with MaxKeys 1, within the prefix. */
const listStep: BucketStep = ctx => {
  const { bucket, prefix } = ctx.settings;
  const call = callContext(ctx, 's3:ListBucket');
  return attempt(call, async () => {
    const out = await ctx.send<{ KeyCount?: number }>(
      ctx.s3,
      new ListObjectsV2Command({
        Bucket: bucket,
        MaxKeys: 1,
        ...(prefix ? { Prefix: prefix } : {}),
      }),
    );
    const where = prefix
      ? `prefix "${prefix}" of bucket ${bucket}`
      : `bucket ${bucket}`;
    return pass(
      out.KeyCount
        ? `Listed ${where}: it holds objects`
        : `Listed ${where}: it is empty`,
    );
  });
};

const SENTINEL_TAG = 's3-resources=connection-test';

/** Opt-in: put a sentinel object with the default ACL and tags, then delete it. */
const writeStep: BucketStep = async ctx => {
  const { bucket, prefix, defaultAcl, accessLevel, kmsKeyArn } = ctx.settings;
  if (!ctx.writeProbe) {
    return skipped(
      'Not requested: the write probe is opt-in',
      'Run the test with the write probe to check uploads.',
    );
  }
  if (accessLevel === 'read') {
    return skipped(
      'Not run: the access level is read, so uploads are not expected',
    );
  }
  const key = `${prefix ?? ''}.s3-resources-connection-test-${ctx.runId}`;
  const acl = defaultAcl !== 'none' ? defaultAcl : undefined;
  const needs = [
    's3:PutObject',
    's3:PutObjectTagging',
    ...(acl ? ['s3:PutObjectAcl'] : []),
    ...(kmsKeyArn ? ['kms:GenerateDataKey'] : []),
  ];
  const putCall = callContext(ctx, 's3:PutObject', {
    target: `key ${key} of bucket ${bucket}`,
    deniedHint: `Grant ${needs.join(', ')} on ${objectArn(
      partitionOf(ctx.settings),
      bucket,
      prefix,
    )} to these credentials (the generated IAM policy lists them).`,
  });
  const put = await attempt(
    putCall,
    async () => {
      await ctx.send(
        ctx.s3,
        new PutObjectCommand({
          Bucket: bucket,
          Key: key,
          Body: 'Written by the S3 resources connection test; safe to delete.\n',
          ContentType: 'text/plain',
          Tagging: SENTINEL_TAG,
          ...(acl ? { ACL: acl } : {}),
          ...(kmsKeyArn
            ? { ServerSideEncryption: 'aws:kms', SSEKMSKeyId: kmsKeyArn }
            : {}),
        }),
      );
      return pass('written');
    },
    e =>
      e.code === 'AccessControlListNotSupported'
        ? {
            status: 'fail',
            errorCode: e.code,
            httpStatus: e.httpStatus,
            message: `The bucket has ACLs disabled (BucketOwnerEnforced) and refused an upload with the default ACL ${defaultAcl}`,
            remediation:
              'Set the default ACL to none, or change the bucket\'s Object Ownership to "Bucket owner preferred".',
          }
        : undefined,
  );
  if (put.status !== 'pass') return put;
  const deleteCall = callContext(ctx, 's3:DeleteObject', {
    target: `key ${key} of bucket ${bucket}`,
    deniedStatus: 'warn',
    deniedHint: `Delete ${key} by hand, and grant s3:DeleteObject if uploads must be removable.`,
  });
  const removed = await attempt(deleteCall, async () => {
    await ctx.send(
      ctx.s3,
      new DeleteObjectCommand({ Bucket: bucket, Key: key }),
    );
    return pass('deleted');
  });
  if (removed.status !== 'pass') {
    // the write happened: this is not a cause other steps share
    const { cause: _cause, ...notDeleted } = removed;
    return {
      ...notDeleted,
      status: removed.status === 'fail' ? 'warn' : removed.status,
      message: `Wrote ${key}, but could not delete it: ${removed.message}`,
    };
  }
  return pass(
    `Wrote and deleted ${key} (${
      acl ? `ACL ${acl}` : 'no ACL header'
    }, tag ${SENTINEL_TAG}${kmsKeyArn ? ', SSE-KMS' : ''})`,
  );
};

/** GetBucketCors compared with the generated configuration. */
const corsStep: BucketStep = ctx => {
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
      const out = await ctx.send<{ CORSRules?: any[] }>(
        ctx.s3,
        new GetBucketCorsCommand({ Bucket: bucket }),
      );
      const comparison = compareCorsConfiguration(out, required.configuration);
      const observed = {
        corsOrigins: [
          ...new Set(
            (out.CORSRules ?? []).flatMap(r => r.AllowedOrigins ?? []),
          ),
        ] as string[],
        corsMatches: comparison.matches,
      };
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
const ownershipStep: BucketStep = ctx => {
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
      const out = await ctx.send<{
        OwnershipControls?: { Rules?: Array<{ ObjectOwnership?: string }> };
      }>(ctx.s3, new GetBucketOwnershipControlsCommand({ Bucket: bucket }));
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

/** GetPublicAccessBlock: would a public default ACL be refused or ignored? */
const publicAccessStep: BucketStep = ctx => {
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
      const out = await ctx.send<{
        PublicAccessBlockConfiguration?: Record<string, boolean | undefined>;
      }>(ctx.s3, new GetPublicAccessBlockCommand({ Bucket: bucket }));
      const block = out.PublicAccessBlockConfiguration ?? {};
      const flags = [
        'BlockPublicAcls',
        'IgnorePublicAcls',
        'BlockPublicPolicy',
        'RestrictPublicBuckets',
      ];
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
      if (publicAcl) {
        return {
          status: 'warn',
          message: `Uploads with the default ACL ${defaultAcl} will be publicly readable (public access block ${summary})`,
          remediation:
            'Make sure the objects are meant to be public; otherwise set the default ACL to private or none.',
          observed,
        };
      }
      return { ...pass(`Public access block ${summary}`), observed };
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
      if (!publicAcl) {
        return {
          ...pass(
            'The bucket has no public access block of its own (account-level settings may apply)',
          ),
          observed,
        };
      }
      return {
        status: 'warn',
        errorCode: e.code,
        message: `The bucket has no public access block: uploads with the default ACL ${defaultAcl} will be publicly readable`,
        remediation:
          'Make sure the objects are meant to be public; otherwise set the default ACL to private or none.',
        observed,
      };
    },
  );
};

/** GetBucketEncryption: SSE-KMS means the policy needs kms actions. */
const encryptionStep: BucketStep = ctx => {
  const { bucket, kmsKeyArn } = ctx.settings;
  const call = callContext(ctx, 's3:GetEncryptionConfiguration', {
    target: `bucket ${bucket}`,
    deniedStatus: 'skipped',
    deniedHint: `Optional: grant s3:GetEncryptionConfiguration on bucket ${bucket} to let the test check default encryption.`,
  });
  return attempt(
    call,
    async () => {
      const out = await ctx.send<{
        ServerSideEncryptionConfiguration?: {
          Rules?: Array<{
            ApplyServerSideEncryptionByDefault?: {
              SSEAlgorithm?: string;
              KMSMasterKeyID?: string;
            };
          }>;
        };
      }>(ctx.s3, new GetBucketEncryptionCommand({ Bucket: bucket }));
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
    e =>
      e.code === 'ServerSideEncryptionConfigurationNotFoundError'
        ? {
            ...pass('The bucket has no default encryption configuration'),
            observed: { defaultEncryption: 'none' },
          }
        : undefined,
  );
};

/** The steps that run on the bucket once credentials are known, all at once. */
export const BUCKET_STEPS: Array<[StepId, BucketStep]> = [
  ['bucket', bucketStep],
  ['region', regionStep],
  ['list', listStep],
  ['write', writeStep],
  ['cors', corsStep],
  ['ownership', ownershipStep],
  ['public-access', publicAccessStep],
  ['encryption', encryptionStep],
];

/** Steps that need no network for these settings and options. */
export function needsNoNetwork(
  id: StepId,
  settings: ResourceSettings,
  writeProbe: boolean,
): boolean {
  if (id === 'write') return !writeProbe || settings.accessLevel === 'read';
  if (id === 'cors') return settings.cors.origins.length === 0;
  if (id === 'ownership')
    return !PROVIDER_PROFILES[settings.provider].supportsAcl;
  return false;
}
