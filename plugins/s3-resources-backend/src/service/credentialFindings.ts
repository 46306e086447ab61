// Credential hygiene: keys shared by several resources, roles that can be
// assumed without the ExternalId, keys not used for long.

import {
  PROVIDER_PROFILES,
  TestRun,
  generateTrustPolicy,
  maskAccessKeyId,
  parseIamArn,
  shellQuote,
} from '@s3-resources/plugin-s3-resources-common';
import { RoleTrustProbe } from '../connectionTest/ConnectionTester';
import { ResourceRow } from '../database/ResourceStore';
import {
  API,
  RuleResult,
  endpointArg,
  finding,
  patchCommand,
  stepOf,
} from './findingText';
import { ResourceName } from './keySharing';
import { newKeyAuthOf } from './resourceFindings';
import { StoredAuth, accessKeyIdOf, settingsOf } from './resourceView';

/** What the sweep learnt of a resource's credentials beyond its test. */
export type CredentialFacts = {
  /** The other resources storing its access key; undefined when not looked up. */
  keySharedWith?: ResourceName[];
  /** AssumeRole without the ExternalId, for resources that assume a role; undefined when not probed. */
  roleTrust?: RoleTrustProbe;
  /** The principal the portal runs as (`s3Resources.portalPrincipalArn`), for the trust policy in a fix. */
  portalPrincipalArn?: string;
};

/** Names listed in a finding at most; the rest are counted. */
const MAX_NAMES = 10;

/**
 * The other resources as the finding may say them: those of the same owner
 * by name (at most MAX_NAMES), those of other owners only counted. Findings
 * are shown to the resource's owner, who may not read another team's
 * resources, so their names stay out of it.
 */
function namesOf(row: ResourceRow, resources: ResourceName[]): string {
  const own = resources.filter(r => r.owner === row.owner);
  const shown = own.slice(0, MAX_NAMES).map(r => r.name);
  const more = own.length - shown.length;
  const others = resources.length - own.length;
  const parts = [
    ...shown,
    ...(more > 0 ? [`${more} more of the same owner`] : []),
    ...(others > 0
      ? [`${others} of ${others === 1 ? 'another owner' : 'other owners'}`]
      : []),
  ];
  return parts.length > 1
    ? `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`
    : parts[0];
}

/**
 * The access key the resource signs with (its own or its role's source) is
 * also stored for other resources on the same service. `sharedWith`
 * undefined: not looked up (unknown).
 */
export function accessKeyShared(
  row: ResourceRow,
  sharedWith: ResourceName[] | undefined,
): RuleResult {
  const auth = row.auth as StoredAuth;
  const accessKeyId = accessKeyIdOf(auth);
  if (!accessKeyId) return undefined;
  if (!sharedWith) return 'unknown';
  if (!sharedWith.length) return undefined;
  const masked = maskAccessKeyId(accessKeyId);
  const role = auth.method === 'assume-role' ? ` (the source of its role)` : '';
  return finding('access-key-shared', 'medium', {
    message: `The access key ${masked} of ${
      row.name
    }${role} is also stored for ${sharedWith.length} other ${
      sharedWith.length === 1 ? 'resource' : 'resources'
    }: ${namesOf(
      row,
      sharedWith,
    )}. Whoever holds it reaches every one of their buckets with the union of their grants, rotating or revoking it breaks them all at once, and the provider's logs cannot tell which resource acted`,
    fix: [
      `1. Create a user and key for ${row.name} alone and grant it only this resource's generated IAM policy (GET ${API}/resources/${row.id}/policies, iamPolicy.json): aws iam create-user --user-name <user>; aws iam put-user-policy --user-name <user> --policy-name s3-resources --policy-document file://iamPolicy.json; aws iam create-access-key --user-name <user> (Ceph RGW: radosgw-admin user create --uid <user> --display-name <user>, then the policy with aws iam put-user-policy --endpoint-url <endpoint>).`,
      `2. Store it: ${patchCommand(row, { auth: newKeyAuthOf(auth) })}.`,
      `3. Run the connection test; once each of the other resources has a key of its own, deactivate ${masked}: aws iam update-access-key --user-name <user> --access-key-id <old key id> --status Inactive`,
    ].join('\n'),
  });
}

/** Stands for the ExternalId in a fix: those who may edit the resource see it. */
const EXTERNAL_ID_PLACEHOLDER = '<the resource ExternalId>';

/**
 * The role can be assumed without the resource's ExternalId (the probe's
 * AssumeRole without one succeeded): the trust policy has no sts:ExternalId
 * condition, so whoever can act as the trusted principal reaches the role
 * for any resource — through the portal too (the confused deputy). A refused
 * probe counts only beside a test that assumed the role with the ExternalId:
 * then the ExternalId made the difference.
 */
export function roleTrustNoExternalId(
  row: ResourceRow,
  run: TestRun | undefined,
  facts: Pick<CredentialFacts, 'roleTrust' | 'portalPrincipalArn'> | undefined,
): RuleResult {
  const auth = row.auth as StoredAuth;
  if (auth.method !== 'assume-role' || !judgesRoleTrust(row.provider)) {
    return undefined;
  }
  const probe = facts?.roleTrust;
  if (!probe || probe.result === 'unknown') return 'unknown';
  if (probe.result === 'refused') {
    const assumed = run && stepOf(run, 'assume-role')?.status === 'pass';
    return assumed ? undefined : 'unknown';
  }
  const settings = settingsOf(row);
  const seen = `(AssumeRole without an ExternalId succeeded on ${probe.at.slice(
    0,
    10,
  )})`;
  const account =
    auth.source.method === 'aws-account' ? auth.source.accountId : undefined;
  if (settings.provider === 'ceph-rgw') {
    return finding('role-trust-no-external-id', 'low', {
      message: `Role ${auth.roleArn} of ${row.name} can be assumed without the resource's ExternalId ${seen}. ${PROVIDER_PROFILES['ceph-rgw'].title} cannot require one (it denies AssumeRole whenever a trust policy has a condition on sts:ExternalId), so the trust policy's principal is all that guards the role`,
      fix: [
        `Keep the trust policy's Principal to the one user whose key is stored for ${row.name} (not a whole tenant or account), and keep that user's keys to the portal: whoever holds one can assume the role.`,
        `With credentials that may read roles, see the role's trust policy: aws iam get-role --role-name ${shellQuote(
          roleNameOf(auth.roleArn),
        )}${endpointArg(settings)}`,
      ].join('\n'),
    });
  }
  const severity = account ? 'high' : 'low';
  const who = account
    ? `it trusts the portal's own AWS account credentials (${account}), so any owner allowed that account could register this role under another resource and reach its buckets through the portal`
    : `whoever holds the source key can assume it for any purpose, the portal being one of them`;
  return finding('role-trust-no-external-id', severity, {
    message: `Role ${auth.roleArn} of ${row.name} can be assumed without the resource's ExternalId ${seen}: its trust policy has no sts:ExternalId condition, and ${who} (the confused deputy)`,
    fix: trustPolicyFix(row, auth, facts),
  });
}

/**
 * Whether AssumeRole without the ExternalId says something about the trust
 * policy: not on MinIO, whose AssumeRole reads no trust policy (it issues
 * the caller's own rights), nor without STS.
 */
export function judgesRoleTrust(provider: string): boolean {
  const profile = PROVIDER_PROFILES[provider as keyof typeof PROVIDER_PROFILES];
  return !!profile?.supportsSts && provider !== 'minio';
}

function roleNameOf(roleArn: string): string {
  return parseIamArn(roleArn)?.name || '<role name>';
}

/**
 * The condition added to the role's own trust policy, read first: the
 * portal's principal is not always the one the role trusts (an access key
 * source is its own IAM user), and update-assume-role-policy replaces every
 * statement, so a generated document applied blindly could lock the
 * resource out and drop the team's other principals. It is offered whole
 * only when the principal is known (an AWS account source, with
 * `s3Resources.portalPrincipalArn`).
 */
function trustPolicyFix(
  row: ResourceRow,
  auth: Extract<StoredAuth, { method: 'assume-role' }>,
  facts: Pick<CredentialFacts, 'portalPrincipalArn'> | undefined,
): string {
  const settings = settingsOf(row);
  const roleName = shellQuote(roleNameOf(auth.roleArn));
  const portal = facts?.portalPrincipalArn;
  const principal =
    auth.source.method === 'access-key'
      ? `<the IAM user of access key ${maskAccessKeyId(
          auth.source.accessKeyId,
        )}>`
      : portal ?? `<the portal's principal (s3Resources.portalPrincipalArn)>`;
  const who =
    auth.source.method === 'access-key'
      ? ` (the user whose key is the source of the role: aws sts get-caller-identity with that key names it; statements may name it by its ARN or by its account)`
      : '';
  const whole =
    auth.source.method === 'aws-account' && portal
      ? generatedTrustPolicy(portal, auth.externalId, settings.provider)
      : undefined;
  const read = `aws iam get-role --role-name ${roleName} --query Role.AssumeRolePolicyDocument --output json${endpointArg(
    settings,
  )} > trust-policy.json`;
  const apply = `aws iam update-assume-role-policy --role-name ${roleName} --policy-document file://trust-policy.json${endpointArg(
    settings,
  )}`;
  return [
    `1. Read the role's current trust policy (with credentials that may read IAM): ${read}`,
    `2. In trust-policy.json, add "Condition": {"StringEquals": {"sts:ExternalId": "${EXTERNAL_ID_PLACEHOLDER}"}} to the statement(s) allowing sts:AssumeRole that trust ${principal}${who}, merged into a Condition the statement already has; leave every other statement as it is. Put the resource's ExternalId in place of ${EXTERNAL_ID_PLACEHOLDER}: those who may edit ${row.name} read it on ${row.name}'s page (Credentials) or under GET ${API}/resources/${row.id}/policies (trustPolicy).`,
    ...(whole
      ? [
          `   If the role trusts no one else, this generated trust policy is the whole document (the ExternalId still to fill in):\n${whole}`,
        ]
      : []),
    `3. Apply it: ${apply}. It replaces every statement of the trust policy: one missing from the file is gone, and whoever it trusted can no longer assume the role.`,
    `4. Run the connection test: AssumeRole with the ExternalId still passes; the next sweep checks that it no longer works without.`,
  ].join('\n');
}

/** The generated trust policy, the ExternalId as a placeholder; undefined for a principal the generator refuses. */
function generatedTrustPolicy(
  portalPrincipalArn: string,
  externalId: string,
  provider: Parameters<typeof generateTrustPolicy>[0]['provider'],
): string | undefined {
  try {
    return generateTrustPolicy({
      portalPrincipalArn,
      externalId,
      provider,
      omitStsConditions: false,
    })
      .json.split(JSON.stringify(externalId))
      .join(JSON.stringify(EXTERNAL_ID_PLACEHOLDER));
  } catch {
    return undefined;
  }
}
