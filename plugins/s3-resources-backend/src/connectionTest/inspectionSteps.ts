import {
  GetBucketLifecycleConfigurationCommand,
  GetBucketLifecycleConfigurationCommandOutput,
  GetBucketLoggingCommand,
  GetBucketLoggingCommandOutput,
  GetBucketPolicyCommand,
  GetBucketPolicyCommandOutput,
  GetBucketReplicationCommand,
  GetBucketReplicationCommandOutput,
  GetBucketVersioningCommand,
  GetBucketVersioningCommandOutput,
  GetObjectLockConfigurationCommand,
  GetObjectLockConfigurationCommandOutput,
  ListMultipartUploadsCommand,
  ListObjectVersionsCommand,
} from '@aws-sdk/client-s3';
import {
  PROVIDER_PROFILES,
  ReplicationRuleSummary,
  TestStepObservation,
  compareLifecycleConfiguration,
  findBucketPolicyExposure,
  generateLifecycleConfiguration,
  summarizeLifecycleRule,
} from '@s3-resources/plugin-s3-resources-common';
import { objectLockProblem, retentionOf } from '../service/exposureRules';
import { StepOutcome } from './explainError';
import { ClassifiedError } from './providerErrors';
import {
  BucketStep,
  BucketStepContext,
  attempt,
  callContext,
  isAws,
  skipped,
} from './stepKit';

// Steps that read how a bucket is configured beyond what the resource
// needs to work: they pass, or warn where the audit would raise a finding,
// and record what they saw for the audit sweep. A setting they cannot read
// is "Unknown", never assumed off.

/**
 * The most a step keeps of what it read (Amazon S3 caps a bucket policy at
 * 20 KB; 1,000 lifecycle rules could reach far more): beyond it the setting
 * is unknown rather than stored with every test run.
 */
export const MAX_OBSERVED_CHARS = 64_000;

const tooLarge = (what: string) =>
  skipped(
    `Unknown: the bucket's ${what} ${
      what.endsWith('s') ? 'are' : 'is'
    } larger than the test keeps (${MAX_OBSERVED_CHARS} characters)`,
  );

export const observedPass = (
  message: string,
  observed: TestStepObservation,
  remediation?: string,
): StepOutcome => ({
  status: 'pass',
  message,
  observed,
  ...(remediation ? { remediation } : {}),
});

/**
 * How one inspection call reads: its IAM action, what it reports, and the
 * answers (besides success) that mean "nothing configured".
 */
export type Inspection = {
  /** The SDK operation, as a denial names it. */
  operation: string;
  /** The IAM action that allows it. */
  action: string;
  /** What it reports, e.g. `versioning` ("… does not report versioning"). */
  what: string;
};

/** A denial or an unsupported call is unknown, in words that say what to do. */
function unknownOutcome(
  ctx: BucketStepContext,
  inspection: Inspection,
  e: ClassifiedError,
): StepOutcome | undefined {
  const codes = {
    ...(e.code ? { errorCode: e.code } : {}),
    ...(e.httpStatus ? { httpStatus: e.httpStatus } : {}),
  };
  if (e.kind === 'denied') {
    return {
      status: 'skipped',
      message: `Unknown: ${inspection.operation} was denied (grant ${inspection.action}; the generated IAM policy lists it)`,
      remediation: `Grant ${inspection.action} on bucket ${ctx.settings.bucket} so the test and the audit can read the bucket's ${inspection.what}, and look for a Deny statement in the bucket policy.`,
      ...codes,
    };
  }
  if (e.kind === 'not-available') {
    return unsupported(ctx, inspection, codes);
  }
  return undefined;
}

export function unsupported(
  ctx: BucketStepContext,
  inspection: Inspection,
  codes: Partial<StepOutcome> = {},
): StepOutcome {
  return {
    status: 'skipped',
    message: `Unknown: ${
      PROVIDER_PROFILES[ctx.settings.provider].title
    } does not report ${inspection.what}`,
    ...codes,
  };
}

export function inspect(
  ctx: BucketStepContext,
  inspection: Inspection,
  fn: () => Promise<StepOutcome>,
  special?: (e: ClassifiedError) => StepOutcome | undefined,
): Promise<StepOutcome> {
  const call = callContext(ctx, inspection.action, {
    target: `bucket ${ctx.settings.bucket}`,
    deniedStatus: 'skipped',
  });
  return attempt(
    call,
    fn,
    e => special?.(e) ?? unknownOutcome(ctx, inspection, e),
  );
}

/** GetBucketVersioning: never set answers empty, which means off. */
export const versioningStep: BucketStep = ctx =>
  inspect(
    ctx,
    {
      operation: 'GetBucketVersioning',
      action: 's3:GetBucketVersioning',
      what: 'versioning',
    },
    async () => {
      const out: GetBucketVersioningCommandOutput = await ctx.send(
        new GetBucketVersioningCommand({ Bucket: ctx.settings.bucket }),
      );
      if (out.Status === 'Enabled') {
        return observedPass(
          'Versioning is on: overwritten and deleted objects are kept as noncurrent versions',
          { versioning: 'enabled' },
        );
      }
      if (out.Status === 'Suspended') {
        return observedPass(
          'Versioning is suspended: versions kept so far stay, new overwrites and deletes are not kept',
          { versioning: 'suspended' },
        );
      }
      return observedPass(
        'Versioning is off: an overwritten or deleted object cannot be recovered',
        { versioning: 'off' },
      );
    },
  );

/** GetBucketLifecycleConfiguration compared with the generated rules. */
export const lifecycleStep: BucketStep = ctx => {
  const { settings } = ctx;
  const within = settings.prefix ? ` under "${settings.prefix}"` : '';
  const judge = (
    observed: TestStepObservation & {
      lifecycleRules: NonNullable<TestStepObservation['lifecycleRules']>;
    },
  ): StepOutcome => {
    const rules = observed.lifecycleRules;
    const comparison = compareLifecycleConfiguration(settings, rules);
    const count = rules.length
      ? `${rules.length} lifecycle rule${rules.length === 1 ? '' : 's'}`
      : 'No lifecycle rules';
    if (comparison.matches) {
      return observedPass(
        `${count}; incomplete multipart uploads${within} are aborted and noncurrent versions expire`,
        observed,
      );
    }
    const fix = generateLifecycleConfiguration(settings, rules);
    const lacking = [
      ...comparison.missing.map(r =>
        r.AbortIncompleteMultipartUpload
          ? `nothing aborts incomplete multipart uploads${within}`
          : `nothing expires noncurrent versions${within}`,
      ),
      ...comparison.different.flatMap(d => d.problems),
    ];
    return observedPass(
      `${count}; the portal's rules are not in place: ${lacking.join('; ')}`,
      observed,
      `Add the generated rules (the bucket's own rules are kept):\n${fix.json}\nWith the AWS CLI: ${fix.command}`,
    );
  };
  return inspect(
    ctx,
    {
      operation: 'GetBucketLifecycleConfiguration',
      action: 's3:GetLifecycleConfiguration',
      what: 'lifecycle rules',
    },
    async () => {
      const out: GetBucketLifecycleConfigurationCommandOutput = await ctx.send(
        new GetBucketLifecycleConfigurationCommand({ Bucket: settings.bucket }),
      );
      const lifecycleRules = (out.Rules ?? []).map(summarizeLifecycleRule);
      if (JSON.stringify(lifecycleRules).length > MAX_OBSERVED_CHARS) {
        return tooLarge('lifecycle rules');
      }
      return judge({ lifecycleRules });
    },
    e =>
      e.code === 'NoSuchLifecycleConfiguration'
        ? judge({ lifecycleRules: [] })
        : undefined,
  );
};

/**
 * GetBucketLogging. Only Amazon S3 is known to mean "off" by an empty
 * answer: Ceph RGW answers empty whatever is set and refuses
 * PutBucketLogging (405), so elsewhere an empty answer is unknown.
 */
export const loggingStep: BucketStep = ctx => {
  const inspection: Inspection = {
    operation: 'GetBucketLogging',
    action: 's3:GetBucketLogging',
    what: 'access logging',
  };
  return inspect(ctx, inspection, async () => {
    const out: GetBucketLoggingCommandOutput = await ctx.send(
      new GetBucketLoggingCommand({ Bucket: ctx.settings.bucket }),
    );
    const target = out.LoggingEnabled;
    if (target?.TargetBucket) {
      return observedPass(
        `Access logs go to bucket ${target.TargetBucket}${
          target.TargetPrefix ? ` under "${target.TargetPrefix}"` : ''
        }`,
        {
          logging: {
            enabled: true,
            targetBucket: target.TargetBucket,
            ...(target.TargetPrefix
              ? { targetPrefix: target.TargetPrefix }
              : {}),
          },
        },
      );
    }
    if (!isAws(ctx.settings)) return unsupported(ctx, inspection);
    return observedPass(
      'Server access logging is off: requests to the bucket are not logged by S3 (CloudTrail data events may still be)',
      { logging: { enabled: false } },
    );
  });
};

/** GetObjectLockConfiguration: a default retention blocks what deletes and overwrites. */
export const objectLockStep: BucketStep = ctx => {
  const { bucket, accessLevel } = ctx.settings;
  return inspect(
    ctx,
    {
      operation: 'GetObjectLockConfiguration',
      action: 's3:GetBucketObjectLockConfiguration',
      what: 'object lock',
    },
    async () => {
      const out: GetObjectLockConfigurationCommandOutput = await ctx.send(
        new GetObjectLockConfigurationCommand({ Bucket: bucket }),
      );
      const config = out.ObjectLockConfiguration;
      if (config?.ObjectLockEnabled !== 'Enabled') {
        return observedPass('Object lock is off', {
          objectLock: { enabled: false },
        });
      }
      const retention = config.Rule?.DefaultRetention;
      const mode = retention?.Mode as 'GOVERNANCE' | 'COMPLIANCE' | undefined;
      const objectLock = {
        enabled: true,
        ...(mode ? { mode } : {}),
        ...(retention?.Days !== undefined ? { days: retention.Days } : {}),
        ...(retention?.Years !== undefined ? { years: retention.Years } : {}),
      };
      const problem = objectLockProblem(bucket, accessLevel, objectLock);
      if (problem) {
        return {
          status: 'warn',
          message: problem.message,
          remediation: problem.fix,
          observed: { objectLock },
        };
      }
      return observedPass(
        mode
          ? `Object lock keeps every object version ${retentionOf(
              objectLock,
            )} (${mode})`
          : 'Object lock is on, with no default retention',
        { objectLock },
      );
    },
    e =>
      e.code === 'ObjectLockConfigurationNotFoundError'
        ? observedPass('Object lock is off', {
            objectLock: { enabled: false },
          })
        : undefined,
  );
};

/** A replication rule in the facts the audit needs. */
function replicationRule(rule: {
  ID?: string;
  Status?: string;
  Destination?: { Bucket?: string; Account?: string };
}): ReplicationRuleSummary {
  return {
    ...(rule.ID ? { id: rule.ID } : {}),
    enabled: rule.Status === 'Enabled',
    destinationBucket: rule.Destination?.Bucket ?? '',
    ...(rule.Destination?.Account
      ? { destinationAccount: rule.Destination.Account }
      : {}),
  };
}

/**
 * GetBucketReplication. Ceph RGW answers 200 with an empty role and no
 * rules whatever is set (and refuses PutBucketReplication, 405): outside
 * Amazon S3 an empty answer is unknown.
 */
export const replicationStep: BucketStep = ctx => {
  const inspection: Inspection = {
    operation: 'GetBucketReplication',
    action: 's3:GetReplicationConfiguration',
    what: 'replication',
  };
  const none = observedPass('No replication', { replicationRules: [] });
  return inspect(
    ctx,
    inspection,
    async () => {
      const out: GetBucketReplicationCommandOutput = await ctx.send(
        new GetBucketReplicationCommand({ Bucket: ctx.settings.bucket }),
      );
      const rules = (out.ReplicationConfiguration?.Rules ?? []).map(
        replicationRule,
      );
      if (!rules.length) {
        return isAws(ctx.settings) ? none : unsupported(ctx, inspection);
      }
      const enabled = rules.filter(r => r.enabled);
      const where = [
        ...new Set(
          enabled.map(
            r =>
              `${r.destinationBucket}${
                r.destinationAccount ? ` (account ${r.destinationAccount})` : ''
              }`,
          ),
        ),
      ];
      return observedPass(
        enabled.length
          ? `Objects are replicated to ${where.join(', ')}`
          : `${rules.length} replication rule${
              rules.length === 1 ? '' : 's'
            }, all disabled`,
        { replicationRules: rules },
      );
    },
    e =>
      e.code === 'ReplicationConfigurationNotFoundError' ? none : undefined,
  );
};

/** GetBucketPolicy: the live policy, and whether it lets anyone in. */
export const bucketPolicyStep: BucketStep = ctx => {
  const { bucket } = ctx.settings;
  return inspect(
    ctx,
    {
      operation: 'GetBucketPolicy',
      action: 's3:GetBucketPolicy',
      what: 'the bucket policy',
    },
    async () => {
      const out: GetBucketPolicyCommandOutput = await ctx.send(
        new GetBucketPolicyCommand({ Bucket: bucket }),
      );
      if ((out.Policy ?? '').length > MAX_OBSERVED_CHARS) {
        return tooLarge('bucket policy');
      }
      let parsed: unknown;
      try {
        parsed = JSON.parse(out.Policy ?? '');
      } catch {
        return skipped(
          'Unknown: the provider answered with a bucket policy that is not JSON',
        );
      }
      if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
        return skipped(
          'Unknown: the provider answered with a bucket policy that is not a JSON object',
        );
      }
      const policy = parsed as Record<string, unknown>;
      const statements = Array.isArray(policy.Statement)
        ? policy.Statement.length
        : 1;
      const observed = { bucketPolicy: policy };
      const exposure = findBucketPolicyExposure(policy);
      if (exposure.public.length) {
        return {
          status: 'warn',
          message: `The bucket policy grants public access: ${exposure.public
            .map(p => `${p.label} allows ${p.grants} to everyone`)
            .join('; ')}`,
          remediation:
            'Remove these statements or narrow them with a condition (aws:SourceIp, aws:SourceVpce, aws:PrincipalOrgID); the audit finding has the policy without them.',
          observed,
        };
      }
      return observedPass(
        `The bucket policy has ${statements} statement${
          statements === 1 ? '' : 's'
        }; none grants public access`,
        observed,
      );
    },
    e =>
      e.code === 'NoSuchBucketPolicy'
        ? observedPass('No bucket policy', { bucketPolicy: null })
        : undefined,
  );
};

/**
 * The calls of the audit sweep's storage scan beyond listing objects, one
 * item each: may these credentials count incomplete uploads and noncurrent
 * versions? A figure they may not gather is named with the action to grant
 * (the Storage tab shows it unknown, never zero).
 */
export const storageStep: BucketStep = async ctx => {
  const { bucket, prefix } = ctx.settings;
  const probes = [
    {
      figure: 'incomplete multipart uploads',
      inspection: {
        operation: 'ListMultipartUploads',
        action: 's3:ListBucketMultipartUploads',
        what: 'incomplete multipart uploads',
      },
      send: () =>
        ctx.send(
          new ListMultipartUploadsCommand({
            Bucket: bucket,
            Prefix: prefix,
            MaxUploads: 1,
          }),
        ),
    },
    {
      figure: 'noncurrent versions',
      inspection: {
        operation: 'ListObjectVersions',
        action: 's3:ListBucketVersions',
        what: 'object versions',
      },
      send: () =>
        ctx.send(
          new ListObjectVersionsCommand({
            Bucket: bucket,
            Prefix: prefix,
            MaxKeys: 1,
          }),
        ),
    },
  ];
  const outcomes = await Promise.all(
    probes.map(p =>
      inspect(ctx, p.inspection, async () => {
        await p.send();
        return observedPass('', {});
      }),
    ),
  );
  const failed = outcomes.find(o => o.status === 'fail');
  if (failed) return failed;
  const unknown = outcomes.flatMap((o, i) =>
    o.status === 'pass'
      ? []
      : [{ ...o, figure: probes[i].figure, inspection: probes[i].inspection }],
  );
  if (!unknown.length) {
    return {
      status: 'pass',
      message: `The storage scan can count objects, incomplete multipart uploads and noncurrent versions${
        prefix ? ` under "${prefix}"` : ''
      }`,
    };
  }
  return {
    status: 'skipped',
    message: `Unknown to the storage scan: ${unknown
      .map(u => `${u.figure} (${u.message.replace(/^Unknown: /, '')})`)
      .join('; ')}`,
    remediation: unknown
      .map(u => u.remediation)
      .filter(Boolean)
      .join('\n'),
    ...(unknown[0].errorCode ? { errorCode: unknown[0].errorCode } : {}),
    ...(unknown[0].httpStatus ? { httpStatus: unknown[0].httpStatus } : {}),
  };
};
