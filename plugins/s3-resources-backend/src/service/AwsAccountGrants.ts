import { Config } from '@backstage/config';
import { NotAllowedError } from '@backstage/errors';
import {
  OWNER_REF,
  ResourceAuthInput,
  canonicalEntityRef,
} from '@s3-resources/plugin-s3-resources-common';
import { StoredAuth } from './resourceView';

/** The account a credential uses, and the request field that names it. */
export type AccountUse = { accountId: string; field: string };

/** Where an auth block uses an AWS account of `aws.accounts`, directly or as a role's source. */
export function accountsUsedBy(
  auth: ResourceAuthInput | StoredAuth,
): AccountUse[] {
  if (auth.method === 'aws-account') {
    return [{ accountId: auth.accountId, field: 'auth.accountId' }];
  }
  if (auth.method === 'assume-role' && auth.source.method === 'aws-account') {
    return [
      { accountId: auth.source.accountId, field: 'auth.source.accountId' },
    ];
  }
  return [];
}

/**
 * Who may use which of the operator's AWS accounts: only the users and
 * groups listed for the account under `s3Resources.awsAccounts`, and no one
 * for an account without a list. The portal holds these credentials; a
 * resource using one reaches whatever the account can reach.
 */
export class AwsAccountGrants {
  static fromConfig(config: Config): AwsAccountGrants {
    const grants = new Map<string, Set<string>>();
    const entries = config.getOptionalConfigArray('s3Resources.awsAccounts');
    (entries ?? []).forEach((entry, i) => {
      const at = `s3Resources.awsAccounts[${i}]`;
      const accountId = entry.getString('accountId');
      const allowed = entry.getStringArray('allow').map(ref => {
        const canonical = canonicalEntityRef(ref, OWNER_REF);
        if (!canonical) {
          throw new Error(
            `${at}.allow: "${ref}" is not a user or group ref (e.g. group:default/platform-team)`,
          );
        }
        return canonical;
      });
      grants.set(
        accountId,
        new Set([...(grants.get(accountId) ?? []), ...allowed]),
      );
    });
    return new AwsAccountGrants(grants);
  }

  static create(grants: Record<string, string[]>): AwsAccountGrants {
    return new AwsAccountGrants(
      new Map(Object.entries(grants).map(([id, refs]) => [id, new Set(refs)])),
    );
  }

  private constructor(private readonly grants: Map<string, Set<string>>) {}

  /** Whether any of the refs (canonical spellings) may use the account. */
  allows(accountId: string, refs: string[]): boolean {
    const allowed = this.grants.get(accountId);
    return !!allowed && refs.some(ref => allowed.has(ref));
  }

  /** The accounts an auth block uses that none of the refs may use. */
  refusedFor(
    auth: ResourceAuthInput | StoredAuth,
    refs: string[],
  ): AccountUse[] {
    return accountsUsedBy(auth).filter(
      use => !this.allows(use.accountId, refs),
    );
  }

  /**
   * Refuses an auth block using an account that none of the refs may use;
   * `whom` says for whom in the message ("you", or the owner's ref).
   */
  assertMayUse(
    auth: ResourceAuthInput | StoredAuth,
    refs: string[],
    whom: string,
  ): void {
    const [refused] = this.refusedFor(auth, refs);
    if (refused) {
      throw new NotAllowedError(
        `${refused.field}: the AWS account ${refused.accountId} is not available to ${whom} (the operator lists who may use each account under s3Resources.awsAccounts)`,
      );
    }
  }
}
