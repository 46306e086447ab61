import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import {
  ResourceAuthInput,
  ResourceSettings,
  generateExternalId,
} from '@s3-resources/plugin-s3-resources-common';
import { ExternalIds } from '../crypto/ExternalIds';
import { SecretBox } from '../crypto/SecretBox';
import { ResourceRow, ResourceStore } from '../database/ResourceStore';
import { actorOf } from './AuditTrail';
import { AwsAccountGrants } from './AwsAccountGrants';
import { OwnerClaims } from './OwnerClaims';
import { StoredAuth, settingsOf } from './resourceView';
import {
  authChanges,
  locationChanges,
  secretBindingChanges,
} from './updateChanges';

/** Secret material of a resource; only ever held in memory, encrypted at rest. */
export type SecretMaterial = { secretAccessKey: string };

/** The columns of a row that hold its credentials. */
export type AuthColumns = Pick<
  ResourceRow,
  'authMethod' | 'auth' | 'secret' | 'secretChangedAt'
>;

/** What an update does to a row's credentials. */
export type AuthUpdate = {
  columns: AuthColumns;
  /**
   * The row keeps the secret it has: its secret columns are not written, so
   * a key rotation that re-encrypted it meanwhile is not undone.
   */
  keepSecret: boolean;
  /** For the audit: `auth` and `auth.secretAccessKey` when they change. */
  changedFields: string[];
};

const NO_ACCOUNT_GRANTS = AwsAccountGrants.create({});

/**
 * The credentials of resources: the checks on submitted auth (AWS account
 * grants, issued ExternalIds), what is stored and what is encrypted, and
 * when a stored secret must be entered again.
 */
export class ResourceCredentials {
  static create(options: {
    secrets: SecretBox;
    store: ResourceStore;
    ownerClaims?: OwnerClaims;
    awsAccounts?: AwsAccountGrants;
    externalIds?: ExternalIds;
  }) {
    return new ResourceCredentials(options);
  }

  private constructor(
    private readonly options: {
      secrets: SecretBox;
      store: ResourceStore;
      ownerClaims?: OwnerClaims;
      awsAccounts?: AwsAccountGrants;
      externalIds?: ExternalIds;
    },
  ) {}

  /** The operator's grants of AWS accounts; none configured, none granted. */
  get grants(): AwsAccountGrants {
    return this.options.awsAccounts ?? NO_ACCOUNT_GRANTS;
  }

  /**
   * The AWS accounts an auth block uses: the caller must be allowed to use
   * them, and so must the resource's owner (the sweep tests as the owner).
   */
  async assertAccountsUsable(
    auth: ResourceAuthInput | StoredAuth,
    owner: string | undefined,
    credentials: BackstageCredentials,
  ): Promise<void> {
    const grants = this.grants;
    const refs = this.options.ownerClaims
      ? await this.options.ownerClaims.ownershipOf(credentials)
      : [];
    grants.assertMayUse(auth, refs, 'you');
    if (owner) grants.assertMayUse(auth, [owner], owner);
  }

  /** An ExternalId for a role not registered yet, bound to the caller. */
  issueExternalId(credentials: BackstageCredentials): string {
    if (!this.options.externalIds) {
      throw new Error('ExternalIds are not configured');
    }
    return this.options.externalIds.issue(actorOf(credentials));
  }

  /**
   * An ExternalId sent with a new role must be one the portal issued to the
   * caller, not expired, and (for a registration) used by no resource yet.
   */
  async assertExternalIdIssued(
    auth: ResourceAuthInput,
    credentials: BackstageCredentials,
    options: { registering: boolean },
  ): Promise<void> {
    if (auth.method !== 'assume-role' || auth.externalId === undefined) return;
    if (
      !this.options.externalIds?.issuedTo(auth.externalId, actorOf(credentials))
    ) {
      throw new InputError(
        'auth.externalId: is not one this portal issued to you, or it expired (POST /external-ids issues one); leave it out to have one generated',
      );
    }
    if (
      options.registering &&
      (await this.options.store.externalIdInUse(auth.externalId))
    ) {
      throw new InputError(
        'auth.externalId: another resource already assumes its role with it; ask for a new one (POST /external-ids)',
      );
    }
  }

  /** The credential columns of a new resource, its secret encrypted. */
  forCreate(id: string, auth: ResourceAuthInput, now: string): AuthColumns {
    const { stored, secret } = splitAuth(auth, undefined);
    if (!secret && needsSecret(stored)) {
      throw new InputError(
        'auth.secretAccessKey: is required when registering with an access key',
      );
    }
    return {
      authMethod: stored.method,
      auth: stored as unknown as Record<string, unknown>,
      secret: secret ? this.encrypt(secret, id) : null,
      secretChangedAt: secret ? now : null,
    };
  }

  /**
   * The credential columns of an updated resource. Checks, in this order:
   * the AWS accounts of credentials chosen or sent elsewhere now, the
   * ExternalId of a role, and that a stored secret goes only where it was
   * entered for.
   */
  async forUpdate(
    row: ResourceRow,
    next: ResourceSettings,
    auth: ResourceAuthInput | undefined,
    credentials: BackstageCredentials,
  ): Promise<AuthUpdate> {
    const previous = row.auth as StoredAuth;
    const before = {
      settings: settingsOf(row),
      endpointKey: row.endpointKey,
      auth: previous,
    };
    if (auth || locationChanges(before, next).length > 0) {
      // the caller chooses these credentials, or where they are sent, now
      await this.assertAccountsUsable(
        auth ?? previous,
        next.owner,
        credentials,
      );
    } else if (next.owner !== row.owner) {
      this.grants.assertMayUse(previous, [next.owner], next.owner);
    }
    if (auth) {
      if (previous.method !== 'assume-role') {
        await this.assertExternalIdIssued(auth, credentials, {
          registering: true,
        });
      } else if (
        auth.method === 'assume-role' &&
        auth.externalId !== undefined &&
        auth.externalId !== previous.externalId
      ) {
        throw new InputError(
          "auth.externalId: stays the same while the resource assumes this role (the role's trust policy names it); leave it out",
        );
      }
    }

    const { stored, secret } = auth
      ? splitAuth(auth, previous)
      : { stored: previous, secret: undefined };
    if (!secret && row.secret && needsSecret(stored)) {
      // A stored secret stays with what it was entered for.
      const unbound = secretBindingChanges(before, next, stored);
      if (unbound.length) {
        throw new InputError(
          `auth.secretAccessKey: is required again when the ${unbound.join(
            ', ',
          )} of a resource with a stored secret changes`,
        );
      }
    }
    if (!secret && needsSecret(stored) && !row.secret) {
      throw new InputError(
        'auth.secretAccessKey: is required when the access key ID or auth method changes',
      );
    }
    let storedSecret: ResourceRow['secret'] = null;
    if (secret) {
      storedSecret = this.encrypt(secret, row.id);
    } else if (needsSecret(stored)) {
      storedSecret = row.secret;
    }
    return {
      columns: {
        authMethod: stored.method,
        auth: stored as unknown as Record<string, unknown>,
        secret: storedSecret,
        // The key's age (audited by the sweep) restarts only with a new secret.
        secretChangedAt: secret
          ? new Date().toISOString()
          : storedSecret && row.secretChangedAt,
      },
      keepSecret: !!row.secret && storedSecret === row.secret,
      changedFields: authChanges(previous, stored, !!secret),
    };
  }

  /** Decrypted secret of a resource, for the connection test only. */
  async secretOf(row: ResourceRow): Promise<SecretMaterial | undefined> {
    if (!row.secret) return undefined;
    return JSON.parse(this.options.secrets.decrypt(row.secret, row.id));
  }

  private encrypt(secret: SecretMaterial, id: string) {
    return this.options.secrets.encrypt(JSON.stringify(secret), id);
  }
}

/** Whether a request body carries a secret (decides the audit severity up front). */
export function carriesSecret(body: unknown): boolean {
  const auth = (body as { auth?: Record<string, unknown> } | undefined)?.auth;
  if (!auth || typeof auth !== 'object') return false;
  const source = auth.source as Record<string, unknown> | undefined;
  return (
    typeof auth.secretAccessKey === 'string' ||
    (typeof source === 'object' &&
      source !== null &&
      typeof source.secretAccessKey === 'string')
  );
}

function needsSecret(auth: StoredAuth): boolean {
  return (
    auth.method === 'access-key' ||
    (auth.method === 'assume-role' && auth.source.method === 'access-key')
  );
}

/** Splits submitted auth into stored (non-secret) fields and the secret. */
function splitAuth(
  auth: ResourceAuthInput,
  previous: StoredAuth | undefined,
): { stored: StoredAuth; secret?: SecretMaterial } {
  switch (auth.method) {
    case 'access-key':
      return {
        stored: { method: 'access-key', accessKeyId: auth.accessKeyId },
        ...(auth.secretAccessKey
          ? { secret: { secretAccessKey: auth.secretAccessKey } }
          : {}),
      };
    case 'aws-account':
      return { stored: { method: 'aws-account', accountId: auth.accountId } };
    case 'assume-role': {
      const source = auth.source;
      return {
        stored: {
          method: 'assume-role',
          roleArn: auth.roleArn,
          // The external ID stays for the life of the resource: the role's trust policy names it.
          externalId:
            previous?.method === 'assume-role'
              ? previous.externalId
              : auth.externalId ?? generateExternalId(),
          source:
            source.method === 'access-key'
              ? { method: 'access-key', accessKeyId: source.accessKeyId }
              : { method: 'aws-account', accountId: source.accountId },
        },
        ...(source.method === 'access-key' && source.secretAccessKey
          ? { secret: { secretAccessKey: source.secretAccessKey } }
          : {}),
      };
    }
    default:
      throw new InputError(
        'auth.method: must be access-key, assume-role or aws-account',
      );
  }
}
