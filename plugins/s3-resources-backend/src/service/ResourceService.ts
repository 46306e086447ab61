import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import {
  ResourceAuthInput,
  generateExternalId,
  ResourcePolicies,
  generateResourcePolicies,
  ResourcePage,
  ResourceSettings,
  S3Resource,
  ValidationError,
  checkResourceRules,
  endpointKeyOf,
  parseCreateResourceRequest,
  parseUpdateResourceRequest,
  s3ResourceCreatePermission,
  s3ResourceDeletePermission,
  s3ResourceReadPermission,
  s3ResourceUpdatePermission,
} from '@s3-resources/plugin-s3-resources-common';
import { Request } from 'express';
import { randomUUID } from 'node:crypto';
import { EndpointPolicy } from '../connectionTest/EndpointPolicy';
import { SecretBox } from '../crypto/SecretBox';
import { ResourceRow, ResourceStore } from '../database/ResourceStore';
import { AuditTrail, actorOf } from './AuditTrail';
import { ResourceEvents } from './ResourceEvents';
import { ExternalIds } from '../crypto/ExternalIds';
import { AwsAccountGrants } from './AwsAccountGrants';
import { OwnerClaims } from './OwnerClaims';
import { ResourceDecision, ResourcePermissions } from './ResourcePermissions';
import {
  StoredAuth,
  accessKeyIdOf,
  authInputOf,
  settingsColumns,
  settingsOf,
  toResourceView,
} from './resourceView';
import { checkedLimit } from './pageLimit';
import { rethrowValidation } from './rethrowValidation';

export type CallContext = {
  credentials: BackstageCredentials;
  request?: Request;
};

export type ListQuery = {
  limit?: number;
  cursor?: string;
  /** Order by name: `asc` (A to Z, the default) or `desc`. */
  order?: string;
  q?: string;
  owner?: string[];
  provider?: string[];
  status?: string[];
};

const MAX_PAGE = 500;
const NO_ACCOUNT_GRANTS = AwsAccountGrants.create({});
const DEFAULT_PAGE = 50;

/** Secret material of a resource; only ever held in memory, encrypted at rest. */
type SecretMaterial = { secretAccessKey: string };

function encodeCursor(name: string): string {
  return Buffer.from(name, 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): string {
  const name = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!name) throw new InputError('cursor: is not a cursor from this API');
  return name;
}

/** A resource as the caller sees it: the ExternalId only where they may update. */
function viewOf(
  row: ResourceRow,
  mayUpdate: ResourceDecision | undefined,
): S3Resource {
  const showExternalId =
    row.authMethod === 'assume-role' && !!mayUpdate?.allows(row);
  return toResourceView(row, { showExternalId });
}

/**
 * The resource service: validation, permissions, secret encryption, storage
 * and audit. The REST API and (through it) the catalog and scaffolder modules
 * use it.
 */
export class ResourceService {
  static create(options: {
    store: ResourceStore;
    secrets: SecretBox;
    permissions: ResourcePermissions;
    audit: AuditTrail;
    appBaseUrl?: string;
    portalPrincipalArn?: string;
    egressCidrs?: string[];
    /** Custom endpoints must be on the operator's allow-list. */
    endpointPolicy?: EndpointPolicy;
    events?: ResourceEvents;
    /** Who may own what; without it (tests of other parts) any owner goes. */
    ownerClaims?: OwnerClaims;
    /** Who may use which AWS account; without it, no one may. */
    awsAccounts?: AwsAccountGrants;
    /** ExternalIds issued before registration. */
    externalIds?: ExternalIds;
  }) {
    return new ResourceService(options);
  }

  private constructor(
    private readonly options: {
      store: ResourceStore;
      secrets: SecretBox;
      permissions: ResourcePermissions;
      audit: AuditTrail;
      appBaseUrl?: string;
      portalPrincipalArn?: string;
      egressCidrs?: string[];
      endpointPolicy?: EndpointPolicy;
      events?: ResourceEvents;
      ownerClaims?: OwnerClaims;
      awsAccounts?: AwsAccountGrants;
      externalIds?: ExternalIds;
    },
  ) {}

  private async view(row: ResourceRow, credentials: BackstageCredentials) {
    if (row.authMethod !== 'assume-role') return viewOf(row, undefined);
    const [mayUpdate] = await this.options.permissions.decide(
      [s3ResourceUpdatePermission],
      credentials,
    );
    return viewOf(row, mayUpdate);
  }

  /** Loads a row the caller may read; a row they may not see is reported as missing. */
  /** A row the caller may read; one they may not see is reported as missing. */
  async readable(
    id: string,
    credentials: BackstageCredentials,
  ): Promise<ResourceRow> {
    const row = await this.options.store.get(id);
    return this.checkReadable(row, credentials, `No S3 resource with id ${id}`);
  }

  private async checkReadable(
    row: ResourceRow,
    credentials: BackstageCredentials,
    notFound: string,
  ): Promise<ResourceRow> {
    if (
      !(await this.options.permissions.allowsOn(
        s3ResourceReadPermission,
        row,
        credentials,
      ))
    ) {
      throw new NotFoundError(notFound);
    }
    return row;
  }

  async list(query: ListQuery, ctx: CallContext): Promise<ResourcePage> {
    const limit = checkedLimit(query.limit, DEFAULT_PAGE, MAX_PAGE);
    const order = query.order ?? 'asc';
    if (order !== 'asc' && order !== 'desc') {
      throw new InputError('order: must be asc or desc');
    }
    // One question for the whole page: which rows to read, and on which the
    // caller may see the ExternalId (those they may update).
    const [mayRead, mayUpdate] = await this.options.permissions.decide(
      [s3ResourceReadPermission, s3ResourceUpdatePermission],
      ctx.credentials,
    );
    const where = mayRead.filter();
    if (where === 'none') return { items: [], totalCount: 0 };
    const page = await this.options.store.list({
      limit,
      order,
      after: query.cursor ? decodeCursor(query.cursor) : undefined,
      q: query.q,
      owners: query.owner,
      providers: query.provider,
      statuses: query.status,
      where,
    });
    const items = page.rows.map(row => viewOf(row, mayUpdate));
    return {
      items,
      totalCount: page.totalCount,
      ...(page.hasMore
        ? { nextCursor: encodeCursor(page.rows[page.rows.length - 1].name) }
        : {}),
    };
  }

  async get(id: string, ctx: CallContext): Promise<S3Resource> {
    return this.view(await this.readable(id, ctx.credentials), ctx.credentials);
  }

  /** A resource by its (entity) name; 404 also when the caller may not read it. */
  async getByName(name: string, ctx: CallContext): Promise<S3Resource> {
    const notFound = `No S3 resource named ${name}`;
    const row = await this.options.store.findByName(name);
    if (!row) throw new NotFoundError(notFound);
    await this.checkReadable(row, ctx.credentials, notFound);
    return this.view(row, ctx.credentials);
  }

  /** The generated IAM, trust, bucket and CORS policies of a resource. */
  async policies(id: string, ctx: CallContext): Promise<ResourcePolicies> {
    const row = await this.readable(id, ctx.credentials);
    const auth = row.auth as StoredAuth;
    const mayEdit = await this.options.permissions.allowsOn(
      s3ResourceUpdatePermission,
      row,
      ctx.credentials,
    );
    try {
      return generateResourcePolicies(settingsOf(row), {
        portalPrincipalArn: this.options.portalPrincipalArn,
        egressCidrs: this.options.egressCidrs,
        appBaseUrl: this.options.appBaseUrl,
        // The ExternalId is shown only to those who set up the role.
        ...(auth.method === 'assume-role'
          ? {
              principalArn: auth.roleArn,
              ...(mayEdit ? { externalId: auth.externalId } : {}),
            }
          : {}),
      });
    } catch (error) {
      return rethrowValidation(error);
    }
  }

  async create(body: unknown, ctx: CallContext): Promise<S3Resource> {
    return this.options.audit.run(
      ctx,
      { action: 'resource-create', severityLevel: 'medium' },
      async describe => {
        if (
          !(await this.options.permissions.allows(
            s3ResourceCreatePermission,
            ctx.credentials,
          ))
        ) {
          throw new NotAllowedError('You may not register S3 resources');
        }
        let parsed: ReturnType<typeof parseCreateResourceRequest>;
        try {
          parsed = parseCreateResourceRequest(body, this.options.appBaseUrl);
        } catch (error) {
          rethrowValidation(error);
        }
        const { auth, ...settings } = parsed;
        describe({ resourceName: settings.name });
        this.options.endpointPolicy?.assertAllowed(settings.endpoint);
        await this.options.ownerClaims?.assertMayOwn(
          settings.owner,
          ctx.credentials,
        );
        await this.options.ownerClaims?.assertRoomFor(settings.owner);
        await this.assertAccountsUsable(auth, settings.owner, ctx);
        await this.assertExternalIdIssued(auth, ctx, { registering: true });
        const id = randomUUID();
        const { stored, secret } = this.prepareAuth(auth, undefined);
        if (!secret && this.needsSecret(stored)) {
          throw new InputError(
            'auth.secretAccessKey: is required when registering with an access key',
          );
        }
        const now = new Date().toISOString();
        const actor = actorOf(ctx.credentials);
        const row: ResourceRow = {
          id,
          ...settingsColumns(settings),
          authMethod: stored.method,
          auth: stored as unknown as Record<string, unknown>,
          secret: secret
            ? this.options.secrets.encrypt(JSON.stringify(secret), id)
            : null,
          secretChangedAt: secret ? now : null,
          lastTestStatus: null,
          lastTestedAt: null,
          lastTestRunId: null,
          version: 1,
          createdAt: now,
          createdBy: actor,
          updatedAt: now,
          updatedBy: actor,
        };
        await this.options.store.insert(row);
        await this.options.events?.publish({
          type: 'upserted',
          id,
          name: row.name,
        });
        describe({
          resourceId: id,
          changedFields: Object.keys(body as object).sort(),
        });
        return this.view(row, ctx.credentials);
      },
    );
  }

  async update(
    id: string,
    body: unknown,
    ctx: CallContext,
  ): Promise<S3Resource> {
    const touchesSecret = carriesSecret(body);
    return this.options.audit.run(
      ctx,
      touchesSecret
        ? {
            action: 'resource-secret-change',
            severityLevel: 'high',
            resourceId: id,
          }
        : {
            action: 'resource-update',
            severityLevel: 'medium',
            resourceId: id,
          },
      async describe => {
        let patch: ReturnType<typeof parseUpdateResourceRequest>;
        try {
          patch = parseUpdateResourceRequest(body);
        } catch (error) {
          rethrowValidation(error);
        }
        const row = await this.readable(id, ctx.credentials);
        describe({ resourceName: row.name });
        if (
          !(await this.options.permissions.allowsOn(
            s3ResourceUpdatePermission,
            row,
            ctx.credentials,
          ))
        ) {
          throw new NotAllowedError(`You may not change resource ${row.name}`);
        }
        const { version, auth, cors, ...settingsPatch } = patch;
        const current = settingsOf(row);
        const previous = row.auth as StoredAuth;
        const next: ResourceSettings = {
          ...current,
          ...settingsPatch,
          cors: { ...current.cors, ...(cors ?? {}) },
        };
        const changedFields = Object.keys(settingsPatch).filter(
          key =>
            JSON.stringify((current as Record<string, unknown>)[key]) !==
            JSON.stringify((next as Record<string, unknown>)[key]),
        );
        if (
          cors &&
          JSON.stringify(current.cors) !== JSON.stringify(next.cors)
        ) {
          changedFields.push('cors');
        }
        describe({ changedFields });
        // The change applies to the row that was authorized, or not at all.
        if (version !== row.version) {
          throw new ConflictError(
            `Resource ${row.name} was changed by someone else (version ${row.version}, you sent ${version}); reload it and apply your change again`,
          );
        }
        // The merged resource meets exactly the rules a create of it would.
        const violations = checkResourceRules(
          next,
          auth ?? authInputOf(previous),
        );
        if (violations.length) {
          rethrowValidation(new ValidationError(violations));
        }
        this.options.endpointPolicy?.assertAllowed(next.endpoint);
        if (next.owner !== row.owner) {
          // a transfer: the right to the old owner was checked above
          await this.options.ownerClaims?.assertMayOwn(
            next.owner,
            ctx.credentials,
          );
          await this.options.ownerClaims?.assertRoomFor(next.owner);
        }
        const moved = locationChanges(row, next).length > 0;
        if (auth || moved) {
          // the caller chooses these credentials, or where they are sent, now
          await this.assertAccountsUsable(auth ?? previous, next.owner, ctx);
        } else if (next.owner !== row.owner) {
          this.grants.assertMayUse(previous, [next.owner], next.owner);
        }
        if (auth) {
          if (previous.method !== 'assume-role') {
            await this.assertExternalIdIssued(auth, ctx, { registering: true });
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
          ? this.prepareAuth(auth, previous)
          : { stored: previous, secret: undefined };
        if (!secret && row.secret && this.needsSecret(stored)) {
          // A stored secret stays with what it was entered for.
          const unbound = secretBindingChanges(row, next, previous, stored);
          if (unbound.length) {
            throw new InputError(
              `auth.secretAccessKey: is required again when the ${unbound.join(
                ', ',
              )} of a resource with a stored secret changes`,
            );
          }
        }
        if (!secret && this.needsSecret(stored) && !row.secret) {
          throw new InputError(
            'auth.secretAccessKey: is required when the access key ID or auth method changes',
          );
        }
        let storedSecret: ResourceRow['secret'] = null;
        if (secret) {
          storedSecret = this.options.secrets.encrypt(
            JSON.stringify(secret),
            id,
          );
        } else if (this.needsSecret(stored)) {
          storedSecret = row.secret;
        }
        const authColumns: Pick<
          ResourceRow,
          'authMethod' | 'auth' | 'secret' | 'secretChangedAt'
        > = {
          authMethod: stored.method,
          auth: stored as unknown as Record<string, unknown>,
          secret: storedSecret,
          // The key's age (audited by the sweep) restarts only with a new secret.
          secretChangedAt: secret
            ? new Date().toISOString()
            : storedSecret && row.secretChangedAt,
        };
        if (JSON.stringify(previous) !== JSON.stringify(stored)) {
          changedFields.push('auth');
        }
        if (secret) changedFields.push('auth.secretAccessKey');
        describe({ changedFields });
        const updated = await this.options.store.update(
          {
            ...row,
            ...settingsColumns(next),
            ...authColumns,
            updatedAt: new Date().toISOString(),
            updatedBy: actorOf(ctx.credentials),
          },
          row.version,
          undefined,
          { keepSecret: !!row.secret && storedSecret === row.secret },
        );
        await this.options.events?.publish({
          type: 'upserted',
          id,
          name: updated.name,
          ...(updated.name !== row.name ? { previousName: row.name } : {}),
        });
        return this.view(updated, ctx.credentials);
      },
    );
  }

  async delete(id: string, ctx: CallContext): Promise<void> {
    await this.options.audit.run(
      ctx,
      { action: 'resource-delete', severityLevel: 'medium', resourceId: id },
      async describe => {
        const row = await this.readable(id, ctx.credentials);
        describe({ resourceName: row.name });
        if (
          !(await this.options.permissions.allowsOn(
            s3ResourceDeletePermission,
            row,
            ctx.credentials,
          ))
        ) {
          throw new NotAllowedError(`You may not delete resource ${row.name}`);
        }
        await this.options.store.delete(id);
        await this.options.events?.publish({
          type: 'deleted',
          id,
          name: row.name,
        });
      },
    );
  }

  /** Decrypted secret of a resource, for the connection test only. */
  async secretOf(row: ResourceRow): Promise<SecretMaterial | undefined> {
    if (!row.secret) return undefined;
    return JSON.parse(this.options.secrets.decrypt(row.secret, row.id));
  }

  /** An ExternalId for a role not registered yet, bound to the caller. */
  async issueExternalId(ctx: CallContext): Promise<{ externalId: string }> {
    if (
      !(await this.options.permissions.allows(
        s3ResourceCreatePermission,
        ctx.credentials,
      ))
    ) {
      throw new NotAllowedError('You may not register S3 resources');
    }
    if (!this.options.externalIds) {
      throw new Error('ExternalIds are not configured');
    }
    return {
      externalId: this.options.externalIds.issue(actorOf(ctx.credentials)),
    };
  }

  /**
   * The AWS accounts an auth block uses: the caller must be allowed to use
   * them, and so must the resource's owner (the sweep tests as the owner).
   */
  async assertAccountsUsable(
    auth: ResourceAuthInput | StoredAuth,
    owner: string | undefined,
    ctx: CallContext,
  ): Promise<void> {
    const grants = this.grants;
    const refs = this.options.ownerClaims
      ? await this.options.ownerClaims.ownershipOf(ctx.credentials)
      : [];
    grants.assertMayUse(auth, refs, 'you');
    if (owner) grants.assertMayUse(auth, [owner], owner);
  }

  /** The operator's grants of AWS accounts; none configured, none granted. */
  get grants(): AwsAccountGrants {
    return this.options.awsAccounts ?? NO_ACCOUNT_GRANTS;
  }

  /**
   * An ExternalId sent with a new role must be one the portal issued to the
   * caller, not expired, and (for a registration) used by no resource yet.
   */
  async assertExternalIdIssued(
    auth: ResourceAuthInput,
    ctx: CallContext,
    options: { registering: boolean },
  ): Promise<void> {
    if (auth.method !== 'assume-role' || auth.externalId === undefined) return;
    if (
      !this.options.externalIds?.issuedTo(
        auth.externalId,
        actorOf(ctx.credentials),
      )
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

  private needsSecret(auth: StoredAuth): boolean {
    return (
      auth.method === 'access-key' ||
      (auth.method === 'assume-role' && auth.source.method === 'access-key')
    );
  }

  /** Splits submitted auth into stored (non-secret) fields and the secret. */
  private prepareAuth(
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
}

/** Whether a request body carries a secret (decides the audit severity up front). */
function carriesSecret(body: unknown): boolean {
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

/**
 * What a stored secret was entered for and an update changes: the secret
 * is then asked for again, so a key cannot be carried to another endpoint,
 * bucket, role or way of signing in without its holder typing it.
 */
function secretBindingChanges(
  row: ResourceRow,
  next: ResourceSettings,
  previous: StoredAuth,
  stored: StoredAuth,
): string[] {
  const roleOf = (auth: StoredAuth) =>
    auth.method === 'assume-role' ? auth.roleArn : undefined;
  const sourceOf = (auth: StoredAuth) =>
    auth.method === 'assume-role' ? auth.source.method : auth.method;
  return [
    ...locationChanges(row, next),
    roleOf(stored) !== roleOf(previous) ? 'role ARN' : '',
    stored.method !== previous.method || sourceOf(stored) !== sourceOf(previous)
      ? 'auth method'
      : '',
    accessKeyIdOf(stored) !== accessKeyIdOf(previous) ? 'access key ID' : '',
  ].filter(Boolean);
}

/**
 * Where a resource's requests go that an update changes: the host they are
 * sent to (endpoint, provider, region, addressing) and the bucket.
 */
function locationChanges(row: ResourceRow, next: ResourceSettings): string[] {
  const current = settingsOf(row);
  return [
    endpointKeyOf(next.endpoint) !== row.endpointKey ? 'endpoint' : '',
    next.provider !== current.provider ? 'provider' : '',
    next.region !== current.region ? 'region' : '',
    next.forcePathStyle !== current.forcePathStyle ? 'addressing' : '',
    next.bucket !== current.bucket ? 'bucket' : '',
  ].filter(Boolean);
}
