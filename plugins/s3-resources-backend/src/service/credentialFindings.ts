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

function namesOf(resources: ResourceName[]): string {
  const shown = resources.slice(0, MAX_NAMES).map(r => r.name);
  const more = resources.length - shown.length;
  return `${shown.join(', ')}${more > 0 ? ` and ${more} more` : ''}`;
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
    fix: trustPolicyFix(row, auth.roleArn, auth.externalId, facts),
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

/** The generated trust policy (with the condition) and the command that applies it. */
function trustPolicyFix(
  row: ResourceRow,
  roleArn: string,
  externalId: string,
  facts: Pick<CredentialFacts, 'portalPrincipalArn'> | undefined,
): string {
  const settings = settingsOf(row);
  const policies = `GET ${API}/resources/${row.id}/policies`;
  let json: string | undefined;
  if (facts?.portalPrincipalArn) {
    try {
      json = generateTrustPolicy({
        portalPrincipalArn: facts.portalPrincipalArn,
        externalId,
        provider: settings.provider,
        omitStsConditions: false,
      })
        .json.split(JSON.stringify(externalId))
        .join(JSON.stringify(EXTERNAL_ID_PLACEHOLDER));
    } catch {
      // a principal the generator refuses: point at the policies instead
      json = undefined;
    }
  }
  const command = `aws iam update-assume-role-policy --role-name ${shellQuote(
    roleNameOf(roleArn),
  )} --policy-document file://trust-policy.json${endpointArg(settings)}`;
  return [
    json
      ? `1. Save the generated trust policy as trust-policy.json, with the resource's ExternalId in place of ${EXTERNAL_ID_PLACEHOLDER} (those who may edit ${row.name} see it: ${policies}, trustPolicy):\n${json}`
      : `1. Save the generated trust policy as trust-policy.json: ${policies} (trustPolicy; those who may edit ${row.name} see it with its ExternalId; an operator sets s3Resources.portalPrincipalArn first). It allows sts:AssumeRole only with the condition StringEquals sts:ExternalId.`,
    `2. Apply it: ${command}`,
    `3. Run the connection test: AssumeRole with the ExternalId still passes; the next sweep checks that it no longer works without.`,
  ].join('\n');
}
