import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { ConflictError, InputError, NotAllowedError } from '@backstage/errors';
import {
  ResourceAuthInput,
  ResourcePolicies,
  ResourcePage,
  ResourceSort,
  ResourceSettings,
  S3Resource,
  ValidationError,
  checkResourceRules,
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
import { AuditEntry, AuditTrail, actorOf } from './AuditTrail';
import { ResourceEvents } from './ResourceEvents';
import { ExternalIds } from '../crypto/ExternalIds';
import { AwsAccountGrants } from './AwsAccountGrants';
import { OwnerClaims } from './OwnerClaims';
import { ResourcePermissions } from './ResourcePermissions';
import { ResourceAccess } from './ResourceAccess';
import {
  ResourceCredentials,
  SecretMaterial,
  carriesSecret,
} from './ResourceCredentials';
import {
  StoredAuth,
  authInputOf,
  settingsColumns,
  settingsOf,
  targetChanged,
  viewOf,
} from './resourceView';
import { settingsChanges } from './updateChanges';
import { decodeListCursor, encodeListCursor } from './listCursor';
import { policiesOf } from './resourcePolicies';
import { checkedLimit } from './pageLimit';
import { rethrowValidation } from './rethrowValidation';

export type CallContext = {
  credentials: BackstageCredentials;
  request?: Request;
};

export type ListQuery = {
  limit?: number;
  cursor?: string;
  /** Sort key: name (the default), lastTest, owner or provider. */
  sort?: ResourceSort;
  /** Direction of the sort key: `asc` (the default) or `desc`. */
  order?: string;
  q?: string;
  owner?: string[];
  provider?: string[];
  status?: string[];
};

const MAX_PAGE = 500;
const DEFAULT_PAGE = 50;

type ResourceServiceOptions = {
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
};

/**
 * The resource service: validation, permissions, secret encryption, storage
 * and audit. The REST API and (through it) the catalog and scaffolder modules
 * use it.
 */
export class ResourceService {
  static create(options: ResourceServiceOptions) {
    return new ResourceService(options);
  }

  /** Loading a resource with the caller's permission checked on it. */
  readonly access: ResourceAccess;
  private readonly credentials: ResourceCredentials;

  private constructor(private readonly options: ResourceServiceOptions) {
    this.access = ResourceAccess.create(options);
    this.credentials = ResourceCredentials.create(options);
  }

  private async view(row: ResourceRow, credentials: BackstageCredentials) {
    if (row.authMethod === 'aws-account') return viewOf(row, undefined);
    const [mayUpdate] = await this.options.permissions.decide(
      [s3ResourceUpdatePermission],
      credentials,
    );
    return viewOf(row, mayUpdate);
  }

  /** A row the caller may read; one they may not see is reported as missing. */
  async readable(
    id: string,
    credentials: BackstageCredentials,
  ): Promise<ResourceRow> {
    return this.access.readable(id, credentials);
  }

  async list(query: ListQuery, ctx: CallContext): Promise<ResourcePage> {
    const limit = checkedLimit(query.limit, DEFAULT_PAGE, MAX_PAGE);
    const order = query.order ?? 'asc';
    if (order !== 'asc' && order !== 'desc') {
      throw new InputError('order: must be asc or desc');
    }
    // One question for the whole page: which rows to read, and on which the
    // caller may see the ExternalId and access key ID (those they may update).
    const [mayRead, mayUpdate] = await this.options.permissions.decide(
      [s3ResourceReadPermission, s3ResourceUpdatePermission],
      ctx.credentials,
    );
    const where = mayRead.filter();
    if (where === 'none') return { items: [], totalCount: 0 };
    const sort = query.sort ?? 'name';
    const page = await this.options.store.list({
      limit,
      sort,
      order,
      after: query.cursor ? decodeListCursor(sort, query.cursor) : undefined,
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
      ...(page.next ? { nextCursor: encodeListCursor(sort, page.next) } : {}),
    };
  }

  async get(id: string, ctx: CallContext): Promise<S3Resource> {
    return this.view(await this.readable(id, ctx.credentials), ctx.credentials);
  }

  /** A resource by its (entity) name; 404 also when the caller may not read it. */
  async getByName(name: string, ctx: CallContext): Promise<S3Resource> {
    const row = await this.access.readableByName(name, ctx.credentials);
    return this.view(row, ctx.credentials);
  }

  /** The generated IAM, trust, bucket and CORS policies of a resource. */
  async policies(id: string, ctx: CallContext): Promise<ResourcePolicies> {
    const row = await this.readable(id, ctx.credentials);
    const mayEdit = await this.options.permissions.allowsOn(
      s3ResourceUpdatePermission,
      row,
      ctx.credentials,
    );
    return policiesOf(row, { ...this.options, mayEdit });
  }

  async create(body: unknown, ctx: CallContext): Promise<S3Resource> {
    return this.options.audit.run(
      ctx,
      { action: 'resource-create', severityLevel: 'medium' },
      async describe => {
        await this.assertMayRegister(ctx);
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
        const now = new Date().toISOString();
        const authColumns = this.credentials.forCreate(id, auth, now);
        const actor = actorOf(ctx.credentials);
        const row: ResourceRow = {
          id,
          ...settingsColumns(settings),
          ...authColumns,
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
    // a secret in the body decides the severity before anything is checked
    const entry: AuditEntry = carriesSecret(body)
      ? { action: 'resource-secret-change', severityLevel: 'high' }
      : { action: 'resource-update', severityLevel: 'medium' };
    return this.options.audit.run(
      ctx,
      { ...entry, resourceId: id },
      async describe => {
        let patch: ReturnType<typeof parseUpdateResourceRequest>;
        try {
          patch = parseUpdateResourceRequest(body);
        } catch (error) {
          rethrowValidation(error);
        }
        const row = await this.access.actionable(id, ctx.credentials, {
          permission: s3ResourceUpdatePermission,
          refusal: r => `You may not change resource ${r.name}`,
          onVisible: r => describe({ resourceName: r.name }),
        });
        const { version, auth, cors, ...settingsPatch } = patch;
        const current = settingsOf(row);
        const next: ResourceSettings = {
          ...current,
          ...settingsPatch,
          cors: { ...current.cors, ...(cors ?? {}) },
        };
        const changedFields = settingsChanges(current, next, {
          fields: Object.keys(settingsPatch),
          cors: !!cors,
        });
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
          auth ?? authInputOf(row.auth as StoredAuth),
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
        const authUpdate = await this.credentials.forUpdate(
          row,
          next,
          auth,
          ctx.credentials,
        );
        describe({
          changedFields: [...changedFields, ...authUpdate.changedFields],
        });
        const updated = await this.options.store.update(
          {
            ...row,
            ...settingsColumns(next),
            ...authUpdate.columns,
            targetChangedAt: targetChanged(row, next)
              ? new Date().toISOString()
              : row.targetChangedAt ?? null,
            updatedAt: new Date().toISOString(),
            updatedBy: actorOf(ctx.credentials),
          },
          row.version,
          undefined,
          { keepSecret: authUpdate.keepSecret },
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
        const row = await this.access.actionable(id, ctx.credentials, {
          permission: s3ResourceDeletePermission,
          refusal: r => `You may not delete resource ${r.name}`,
          onVisible: r => describe({ resourceName: r.name }),
        });
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
    return this.credentials.secretOf(row);
  }

  /** An ExternalId for a role not registered yet, bound to the caller. */
  async issueExternalId(ctx: CallContext): Promise<{ externalId: string }> {
    await this.assertMayRegister(ctx);
    return { externalId: this.credentials.issueExternalId(ctx.credentials) };
  }

  /** See {@link ResourceCredentials.assertAccountsUsable}. */
  async assertAccountsUsable(
    auth: ResourceAuthInput | StoredAuth,
    owner: string | undefined,
    ctx: CallContext,
  ): Promise<void> {
    await this.credentials.assertAccountsUsable(auth, owner, ctx.credentials);
  }

  /**
   * Refuses a call made with a stored resource's credentials when its owner
   * may no longer use the AWS account they come from.
   */
  assertOwnerMayUseAccounts(row: ResourceRow): void {
    const [refused] = this.grants.refusedFor(row.auth as StoredAuth, [
      row.owner,
    ]);
    if (refused) {
      throw new NotAllowedError(
        `${refused.field}: the AWS account ${refused.accountId} is no longer available to the owner ${row.owner} (s3Resources.awsAccounts)`,
      );
    }
  }

  /** The operator's grants of AWS accounts; none configured, none granted. */
  get grants(): AwsAccountGrants {
    return this.credentials.grants;
  }

  /** See {@link ResourceCredentials.assertExternalIdIssued}. */
  async assertExternalIdIssued(
    auth: ResourceAuthInput,
    ctx: CallContext,
    options: { registering: boolean },
  ): Promise<void> {
    await this.credentials.assertExternalIdIssued(
      auth,
      ctx.credentials,
      options,
    );
  }

  private async assertMayRegister(ctx: CallContext): Promise<void> {
    if (
      !(await this.options.permissions.allows(
        s3ResourceCreatePermission,
        ctx.credentials,
      ))
    ) {
      throw new NotAllowedError('You may not register S3 resources');
    }
  }
}
