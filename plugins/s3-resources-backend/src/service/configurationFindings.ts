import {
  PolicyDocument,
  ResourceSettings,
  StorageSample,
  TestRun,
  TestStepObservation,
  abortRuleFor,
  compareBucketPolicy,
  compareLifecycleConfiguration,
  findBucketPolicyExposure,
  generateLifecycleConfiguration,
  policyWith,
  policyNamesPrincipal,
  putBucketPolicyCommand,
  shellQuote,
} from '@s3-resources/plugin-s3-resources-common';
import { RuleResult, endpointArg, finding, stepOf } from './findingText';
import { objectLockProblem } from './exposureRules';
import { StoredAuth } from './resourceView';
import { AccessFixes } from './accessFix';

// Rules on how a bucket is configured beyond CORS: versioning, lifecycle,
// logging, object lock, replication and its bucket policy, as the sweep's
// test saw them. Each is 'unknown' when the test could not see its setting.

type Observed<K extends keyof TestStepObservation> = NonNullable<
  TestStepObservation[K]
>;

function observed<K extends keyof TestStepObservation>(
  run: TestRun | undefined,
  stepId: string,
  key: K,
): TestStepObservation[K] {
  return run && stepOf(run, stepId)?.observed?.[key];
}

/** The account the resource's credentials belong to, when its auth says. */
export function ownAccountOf(auth: StoredAuth): string | undefined {
  if (auth.method === 'aws-account') return auth.accountId;
  if (auth.method !== 'assume-role') return undefined;
  const account = auth.roleArn.split(':')[4];
  if (account && /^\d{12}$/.test(account)) return account;
  return auth.source.method === 'aws-account'
    ? auth.source.accountId
    : undefined;
}

const bytes = (n: number) => {
  const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = n;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit ? `${value.toFixed(1)} ${units[unit]}` : `${n} bytes`;
};

const within = (s: ResourceSettings) =>
  s.prefix ? ` under "${s.prefix}"` : '';

function lifecycleFix(
  settings: ResourceSettings,
  live: Observed<'lifecycleRules'>,
) {
  const merged = generateLifecycleConfiguration(settings, live);
  const kept = merged.kept.length
    ? ` The bucket's own rules (${merged.kept.join(
        ', ',
      )}) are kept as they are.`
    : '';
  return `Put this lifecycle configuration on bucket ${settings.bucket}: the generated rules merged into the bucket's live ones (PutBucketLifecycleConfiguration replaces the whole set).${kept}\n${merged.json}\nWith the AWS CLI: ${merged.command}`;
}

export function versioningOff(
  settings: ResourceSettings,
  run: TestRun | undefined,
): RuleResult {
  const state = observed(run, 'versioning', 'versioning');
  if (state === undefined) return 'unknown';
  if (state === 'enabled') return undefined;
  return finding('versioning-off', 'info', {
    message: `Versioning of bucket ${settings.bucket} is ${
      state === 'off' ? 'off' : 'suspended'
    }: an object overwritten or deleted by mistake cannot be recovered`,
    fix: `aws s3api put-bucket-versioning --bucket ${shellQuote(
      settings.bucket,
    )} --versioning-configuration Status=Enabled${endpointArg(
      settings,
    )}\nNoncurrent versions then cost storage until they expire: the generated lifecycle rules expire them after 30 days.`,
  });
}

export function incompleteUploadsNoAbort(
  settings: ResourceSettings,
  run: TestRun | undefined,
  storage: StorageSample | undefined,
): RuleResult {
  if (!storage) return 'unknown';
  if (storage.unknown.some(u => u.figure === 'incompleteUploads')) {
    return 'unknown';
  }
  const { count, oldestInitiated } = storage.incompleteUploads;
  // a scan under way that has found none yet may still find some
  if (count === 0) return storage.complete ? undefined : 'unknown';
  const live = observed(run, 'lifecycle', 'lifecycleRules');
  if (!live) return 'unknown';
  if (abortRuleFor(live, settings.prefix)) return undefined;
  return finding('incomplete-uploads-no-abort', 'medium', {
    message: `${count} incomplete multipart upload${
      count === 1 ? '' : 's'
    }${within(settings)} in bucket ${settings.bucket} ${
      count === 1 ? 'holds' : 'hold'
    } ${bytes(storage.incompleteUploads.bytes)} of parts${
      oldestInitiated
        ? `, the oldest started ${oldestInitiated
            .slice(0, 16)
            .replace('T', ' ')} UTC`
        : ''
    }, and no lifecycle rule aborts them: their parts cost storage until someone aborts them`,
    fix: lifecycleFix(settings, live),
  });
}

export function lifecycleDrift(
  settings: ResourceSettings,
  run: TestRun | undefined,
  incompleteUploadsRaised: boolean,
): RuleResult {
  const live = observed(run, 'lifecycle', 'lifecycleRules');
  if (!live) return 'unknown';
  const comparison = compareLifecycleConfiguration(settings, live);
  if (comparison.matches || incompleteUploadsRaised) return undefined;
  const problems = [
    ...comparison.missing.map(r =>
      r.AbortIncompleteMultipartUpload
        ? `nothing aborts incomplete multipart uploads${within(settings)}`
        : `nothing expires noncurrent versions${within(settings)}`,
    ),
    ...comparison.different.flatMap(d => d.problems),
  ];
  return finding('lifecycle-drift', 'low', {
    message: `The lifecycle rules of bucket ${
      settings.bucket
    } lack the generated ones: ${problems.join('; ')}`,
    fix: lifecycleFix(settings, live),
  });
}

export function accessLoggingOff(
  settings: ResourceSettings,
  run: TestRun | undefined,
): RuleResult {
  const logging = observed(run, 'logging', 'logging');
  if (!logging) return 'unknown';
  if (logging.enabled) return undefined;
  const status = {
    LoggingEnabled: {
      TargetBucket: '<log-bucket>',
      TargetPrefix: `${settings.bucket}/`,
    },
  };
  return finding('access-logging-off', 'low', {
    message: `Server access logging of bucket ${settings.bucket} is off: who read, wrote or deleted which object is not recorded by S3`,
    fix: `Send the access logs to a bucket of your logs (its bucket policy must allow logging.s3.amazonaws.com to put objects): aws s3api put-bucket-logging --bucket ${shellQuote(
      settings.bucket,
    )} --bucket-logging-status ${shellQuote(
      JSON.stringify(status),
    )}${endpointArg(settings)}`,
  });
}

export function objectLockRetention(
  settings: ResourceSettings,
  run: TestRun | undefined,
): RuleResult {
  const lock = observed(run, 'object-lock', 'objectLock');
  if (!lock) return 'unknown';
  const problem = objectLockProblem(
    settings.bucket,
    settings.accessLevel,
    lock,
  );
  return problem && finding('object-lock-retention', 'info', problem);
}

export function replicationCrossAccount(
  settings: ResourceSettings,
  run: TestRun | undefined,
  ownAccount: string | undefined,
): RuleResult {
  const rules = observed(run, 'replication', 'replicationRules');
  if (!rules) return 'unknown';
  const own = `arn:aws:s3:::${settings.bucket}`;
  const away = rules.filter(
    r =>
      r.enabled &&
      r.destinationBucket !== own &&
      !(ownAccount && r.destinationAccount === ownAccount),
  );
  if (!away.length) return undefined;
  const where = away.map(r => {
    const name = `rule ${r.id ?? '(no ID)'} copies objects to ${
      r.destinationBucket
    }`;
    if (r.destinationAccount)
      return `${name} in account ${r.destinationAccount}`;
    return `${name}, in an account the rule does not name`;
  });
  return finding('replication-cross-account', 'medium', {
    message: `Bucket ${settings.bucket} replicates outside ${
      ownAccount
        ? `account ${ownAccount}`
        : 'what the portal knows as its account'
    }: ${where.join(
      '; ',
    )}. Whoever owns the destination can read every replicated object`,
    fix: `Check that each destination belongs to you and is meant to receive these objects; remove the rules that are not (aws s3api get-bucket-replication --bucket ${shellQuote(
      settings.bucket,
    )}${endpointArg(
      settings,
    )}, edit, then put-bucket-replication or delete-bucket-replication).`,
  });
}

export function bucketPolicyPublic(
  settings: ResourceSettings,
  run: TestRun | undefined,
  fixes: AccessFixes,
): RuleResult {
  const live = observed(run, 'bucket-policy', 'bucketPolicy');
  if (live === undefined) return 'unknown';
  if (live === null) return undefined;
  const exposure = findBucketPolicyExposure(live).public;
  if (!exposure.length) return undefined;
  return finding('bucket-policy-public', 'high', {
    message: `The policy of bucket ${
      settings.bucket
    } grants public access: ${exposure
      .map(p => `${p.label} allows ${p.grants} to everyone`)
      .join('; ')}`,
    fix: `${[fixes.policy, ...fixes.bucketWide].join(
      '\n',
    )}\nIf the objects must be public, narrow the statement with a condition (aws:SourceIp, aws:SourceVpce, aws:PrincipalOrgID) or serve them through a CDN.`,
  });
}

export function bucketPolicyCrossAccount(
  settings: ResourceSettings,
  run: TestRun | undefined,
  ownAccount: string | undefined,
  fixes: AccessFixes,
): RuleResult {
  // without the resource's own account only public access is judged
  if (!ownAccount) return undefined;
  const live = observed(run, 'bucket-policy', 'bucketPolicy');
  if (live === undefined) return 'unknown';
  if (live === null) return undefined;
  const exposure = findBucketPolicyExposure(live, {
    accountId: ownAccount,
  }).crossAccount;
  if (!exposure.length) return undefined;
  return finding('bucket-policy-cross-account', 'medium', {
    message: `The policy of bucket ${
      settings.bucket
    } grants principals outside account ${ownAccount}: ${exposure
      .map(p => `${p.label} allows ${p.grants} to ${p.principals.join(', ')}`)
      .join('; ')}`,
    fix: `If these accounts should not have access: ${[
      fixes.policy,
      ...fixes.bucketWide,
    ].join('\n')}`,
  });
}

/**
 * The generated bucket policy's statements missing from the live policy.
 * Judged only where the team grants through the bucket policy (it names
 * the resource's principal): a role granted by its IAM policy alone needs
 * no bucket policy.
 */
export function bucketPolicyDrift(
  settings: ResourceSettings,
  run: TestRun | undefined,
  desired: PolicyDocument | undefined,
  principalArn: string | undefined,
): RuleResult {
  if (!desired || !principalArn) return undefined;
  const live = observed(run, 'bucket-policy', 'bucketPolicy');
  if (live === undefined) return 'unknown';
  if (!live || !policyNamesPrincipal(live, principalArn)) {
    return undefined;
  }
  const { missing } = compareBucketPolicy(desired, live);
  if (!missing.length) return undefined;
  const merged = policyWith(live, missing);
  return finding('bucket-policy-drift', 'low', {
    message: `The policy of bucket ${
      settings.bucket
    } grants ${principalArn} less than the generated one: ${missing
      .map(s => `${s.Sid} (${s.Action.join(', ')} on ${s.Resource})`)
      .join('; ')} ${missing.length === 1 ? 'is' : 'are'} missing`,
    fix: `Put the policy with the generated statements added (the bucket's own statements are kept):\n${JSON.stringify(
      merged,
      null,
      2,
    )}\nWith the AWS CLI: ${putBucketPolicyCommand(settings, merged)}`,
  });
}
