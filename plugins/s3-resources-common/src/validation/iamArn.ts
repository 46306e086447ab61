import { PROVIDER_PROFILES } from '../providers';
import { ProviderId } from '../types';
import { isAwsPartition } from './partition';
import { RuleViolation } from './types';
import { violationsFor } from './violation';

/**
 * The parts of an `arn:<partition>:iam::<account>:<type>/<path><name>` ARN.
 *
 * @public
 */
export type IamArnParts = {
  partition: string;
  account: string;
  /** `role`, `user` or `root`. */
  type: string;
  /** `/` or `/a/b/`; empty for `root`. */
  path: string;
  name: string;
};

const MAX_ARN_LENGTH = 2048;
const IAM_NAME = /^[\w+=,.@-]{1,64}$/;
// IAM paths: `/` or `/segments/`, printable ASCII without spaces, at most 512.
const IAM_PATH = /^\/([\x21-\x2e\x30-\x7e]+\/)*$/;
// Ceph RGW puts a tenant where AWS puts the account; MinIO and RGW may leave it empty.
const TENANT = /^[A-Za-z0-9_]{1,64}$/;

/** @public */
export function parseIamArn(arn: string): IamArnParts | undefined {
  const m = /^arn:([^:]+):iam::([^:]*):(.+)$/.exec(arn);
  if (!m) return undefined;
  const [, partition, account, resource] = m;
  if (resource === 'root') {
    return { partition, account, type: 'root', path: '', name: '' };
  }
  const slash = resource.indexOf('/');
  const last = resource.lastIndexOf('/');
  if (slash < 0) return undefined;
  return {
    partition,
    account,
    type: resource.slice(0, slash),
    path: resource.slice(slash, last + 1),
    name: resource.slice(last + 1),
  };
}

type IamArnOptions = {
  provider: ProviderId;
  field: string;
  /** Rule id prefix: `role-arn` or `principal-arn`. */
  ruleBase: string;
  types: readonly string[];
  example: string;
};

function checkIamArn(arn: string, o: IamArnOptions): RuleViolation | undefined {
  const fail = violationsFor(o.field);
  const isAws = PROVIDER_PROFILES[o.provider].isAws;
  if (arn.length > MAX_ARN_LENGTH) {
    return fail(
      `${o.ruleBase}-length`,
      `must be at most ${MAX_ARN_LENGTH} characters`,
    );
  }
  if (/^arn:[^:]+:sts::[^:]*:assumed-role\//.test(arn)) {
    return fail(
      `${o.ruleBase}-assumed-role`,
      `names a role session; give the role itself, e.g. ${o.example}`,
    );
  }
  const parts = parseIamArn(arn);
  if (!parts || !o.types.includes(parts.type)) {
    return fail(`${o.ruleBase}-format`, `must look like ${o.example}`);
  }
  const partitionOk = isAws
    ? isAwsPartition(parts.partition)
    : parts.partition === 'aws' ||
      (o.provider === 'minio' && parts.partition === 'minio');
  if (!partitionOk) {
    return fail(
      `${o.ruleBase}-partition`,
      isAws
        ? 'must use an AWS partition: aws, aws-cn, aws-us-gov (or an ISO partition)'
        : 'must use the aws partition (S3-compatible services use arn:aws:...)',
    );
  }
  const accountOk = isAws
    ? /^\d{12}$/.test(parts.account)
    : parts.account === '' ||
      /^\d{12}$/.test(parts.account) ||
      TENANT.test(parts.account);
  if (!accountOk) {
    return fail(
      `${o.ruleBase}-account`,
      isAws
        ? 'must hold a 12-digit account ID'
        : 'must hold a 12-digit account ID, a tenant name, or nothing (arn:aws:iam:::role/Name)',
    );
  }
  if (parts.type === 'root') return undefined;
  if (parts.path.length > 512 || !IAM_PATH.test(parts.path)) {
    return fail(
      `${o.ruleBase}-path`,
      'has an invalid path: use /segment/ of printable ASCII, at most 512 characters',
    );
  }
  if (!IAM_NAME.test(parts.name)) {
    return fail(
      `${o.ruleBase}-name`,
      'must end in a name of 1 to 64 letters, digits or + = , . @ _ -',
    );
  }
  return undefined;
}

/**
 * An IAM role ARN of any AWS partition. For S3-compatible providers the
 * account may be empty (Ceph RGW and MinIO: `arn:aws:iam:::role/Name`).
 *
 * @public
 */
export function validateRoleArn(
  arn: string,
  context: { provider: ProviderId },
  field = 'auth.roleArn',
): RuleViolation | undefined {
  return checkIamArn(arn, {
    provider: context.provider,
    field,
    ruleBase: 'role-arn',
    types: ['role'],
    example: 'arn:aws:iam::123456789012:role/path/name',
  });
}

/**
 * A principal for a trust or bucket policy: an account root, an IAM user or
 * an IAM role. Role sessions are refused because they expire with the session.
 *
 * @public
 */
export function validatePrincipalArn(
  arn: string,
  context: { provider: ProviderId },
  field = 'principalArn',
): RuleViolation | undefined {
  return checkIamArn(arn, {
    provider: context.provider,
    field,
    ruleBase: 'principal-arn',
    types: ['root', 'user', 'role'],
    example:
      'arn:aws:iam::123456789012:role/name or arn:aws:iam::123456789012:user/name',
  });
}
