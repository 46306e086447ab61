import { PROVIDER_PROFILES } from '../providers';
import { ProviderId, ResourceAuthInput } from '../types';
import { validateAwsAccountId } from './awsAccountId';
import { validateExternalId } from './externalId';
import { parseIamArn, validateRoleArn } from './iamArn';
import { partitionForRegion } from './partition';
import { RuleViolation } from './types';
import { violationsFor } from './violation';

/**
 * Rules that tie the credentials to the provider and region of the resource.
 *
 * @public
 */
export function checkAuthRules(
  auth: ResourceAuthInput,
  context: { provider: ProviderId; region: string; endpoint?: string },
  field = 'auth',
): RuleViolation[] {
  const profile = PROVIDER_PROFILES[context.provider];
  const out: RuleViolation[] = [];
  const checkAccount = (accountId: string, at: string) => {
    if (!profile.isAws) {
      out.push(
        violationsFor(`${at}.method`)(
          'auth-aws-account-provider',
          `"aws-account" credentials work only with Amazon S3, not ${profile.title}`,
        ),
      );
      return;
    }
    // The operator's credentials sign requests for AWS's own endpoints only.
    if (context.endpoint) {
      out.push(
        violationsFor(`${at}.method`)(
          'auth-aws-account-endpoint',
          '"aws-account" credentials are sent to AWS\'s own endpoints only; leave endpoint out',
        ),
      );
    }
    const broken = validateAwsAccountId(accountId, `${at}.accountId`);
    if (broken) out.push(broken);
  };
  if (auth.method === 'aws-account') {
    checkAccount(auth.accountId, field);
  }
  if (auth.method === 'assume-role') {
    if (!profile.supportsSts) {
      out.push(
        violationsFor(`${field}.method`)(
          'auth-sts-unsupported',
          `"assume-role" needs STS, which ${profile.title} does not offer`,
        ),
      );
    }
    const broken = validateRoleArn(
      auth.roleArn,
      { provider: context.provider },
      `${field}.roleArn`,
    );
    const expected = partitionForRegion(context.region);
    const partition = parseIamArn(auth.roleArn)?.partition;
    if (broken) {
      out.push(broken);
    } else if (profile.isAws && partition !== expected) {
      out.push(
        violationsFor(`${field}.roleArn`)(
          'role-arn-partition',
          `must be in partition ${expected}, where region ${context.region} is`,
        ),
      );
    }
    if (auth.source.method === 'aws-account') {
      checkAccount(auth.source.accountId, `${field}.source`);
    }
    if (auth.externalId !== undefined) {
      const badId = validateExternalId(auth.externalId, `${field}.externalId`);
      if (badId) out.push(badId);
    }
  }
  return out;
}
