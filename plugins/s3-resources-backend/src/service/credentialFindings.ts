// Credential hygiene: keys shared by several resources, roles that can be
// assumed without the ExternalId, keys not used for long.

import { maskAccessKeyId } from '@s3-resources/plugin-s3-resources-common';
import { ResourceRow } from '../database/ResourceStore';
import { API, RuleResult, finding, patchCommand } from './findingText';
import { ResourceName } from './keySharing';
import { newKeyAuthOf } from './resourceFindings';
import { StoredAuth, accessKeyIdOf } from './resourceView';

/** What the sweep learnt of a resource's credentials beyond its test. */
export type CredentialFacts = {
  /** The other resources storing its access key; undefined when not looked up. */
  keySharedWith?: ResourceName[];
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
    }${role} is also stored for ${
      sharedWith.length
    } other resource(s): ${namesOf(
      sharedWith,
    )}. Whoever holds it reaches every one of their buckets with the union of their grants, rotating or revoking it breaks them all at once, and the provider's logs cannot tell which resource acted`,
    fix: [
      `1. Create a user and key for ${row.name} alone and grant it only this resource's generated IAM policy (GET ${API}/resources/${row.id}/policies, iamPolicy.json): aws iam create-user --user-name <user>; aws iam put-user-policy --user-name <user> --policy-name s3-resources --policy-document file://iamPolicy.json; aws iam create-access-key --user-name <user> (Ceph RGW: radosgw-admin user create --uid <user> --display-name <user>, then the policy with aws iam put-user-policy --endpoint-url <endpoint>).`,
      `2. Store it: ${patchCommand(row, { auth: newKeyAuthOf(auth) })}.`,
      `3. Run the connection test; once each of the other resources has a key of its own, deactivate ${masked}: aws iam update-access-key --user-name <user> --access-key-id <old key id> --status Inactive`,
    ].join('\n'),
  });
}
