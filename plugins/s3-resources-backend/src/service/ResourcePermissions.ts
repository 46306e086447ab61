import {
  BackstageCredentials,
  PermissionsRegistryService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  AuthorizeResult,
  BasicPermission,
  PermissionCriteria,
  PolicyDecision,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import {
  ConditionTransformer,
  createConditionAuthorizer,
  createConditionTransformer,
  isAndCriteria,
  isNotCriteria,
  isOrCriteria,
} from '@backstage/plugin-permission-node';
import {
  S3ResourceFilter,
  S3ResourcePermissionSubject,
  s3ResourcePermissionResourceRef,
} from '@s3-resources/plugin-s3-resources-node';
import { Knex } from 'knex';
import { ResourceQuery, ResourceRow } from '../database/ResourceStore';

const COLUMNS: Record<S3ResourceFilter['key'], string> = {
  owner: 'owner',
  provider: 'provider',
  system: 'system',
};

/** Turns permission criteria into a knex condition, so lists are filtered in the database. */
export function criteriaToQuery(
  criteria: PermissionCriteria<S3ResourceFilter>,
): ResourceQuery {
  return (qb: Knex.QueryBuilder) => {
    if (isAndCriteria(criteria)) {
      for (const c of criteria.allOf) qb.andWhere(criteriaToQuery(c));
    } else if (isOrCriteria(criteria)) {
      qb.where(inner => {
        for (const c of criteria.anyOf) inner.orWhere(criteriaToQuery(c));
      });
    } else if (isNotCriteria(criteria)) {
      qb.whereNot(criteriaToQuery(criteria.not));
    } else {
      const filter = criteria as S3ResourceFilter;
      const column = COLUMNS[filter.key];
      if (column === 'owner') {
        qb.whereIn(
          qb.client.raw('lower(owner)'),
          filter.values.map(v => v.toLocaleLowerCase('en-US')),
        );
      } else {
        qb.whereIn(column, filter.values);
      }
    }
  };
}

export function permissionSubjectOf(
  row: ResourceRow,
): S3ResourcePermissionSubject {
  return {
    id: row.id,
    owner: row.owner,
    provider: row.provider,
    ...(row.system ? { system: row.system } : {}),
  };
}

/**
 * A decision on one resource permission, asked once and applied here to any
 * number of rows (conditions judged locally) or turned into a list filter.
 */
export type ResourceDecision = {
  allows(row: ResourceRow): boolean;
  /** undefined = every row, 'none' = no row. */
  filter(): ResourceQuery | undefined | 'none';
};

/** The plugin's permission checks: basic ones, per-resource ones, and list filters. */
export class ResourcePermissions {
  static create(options: {
    permissions: PermissionsService;
    permissionsRegistry: PermissionsRegistryService;
  }) {
    return new ResourcePermissions(
      options.permissions,
      options.permissionsRegistry,
    );
  }

  private readonly authorizeConditions: (
    decision: PolicyDecision,
    resource: S3ResourcePermissionSubject | undefined,
  ) => boolean;
  private readonly transformConditions: ConditionTransformer<S3ResourceFilter>;

  private constructor(
    private readonly permissions: PermissionsService,
    permissionsRegistry: PermissionsRegistryService,
  ) {
    const ruleset = permissionsRegistry.getPermissionRuleset(
      s3ResourcePermissionResourceRef,
    );
    this.authorizeConditions = createConditionAuthorizer(ruleset);
    this.transformConditions = createConditionTransformer(ruleset);
  }

  async allows(
    permission: BasicPermission,
    credentials: BackstageCredentials,
  ): Promise<boolean> {
    const [decision] = await this.permissions.authorize([{ permission }], {
      credentials,
    });
    return decision.result === AuthorizeResult.ALLOW;
  }

  /**
   * Decisions on several resource permissions in one call to the permission
   * framework: a list asks once per request, whatever its length.
   */
  async decide(
    permissions: ResourcePermission[],
    credentials: BackstageCredentials,
  ): Promise<ResourceDecision[]> {
    const decisions = await this.permissions.authorizeConditional(
      permissions.map(permission => ({ permission })),
      { credentials },
    );
    return decisions.map(decision => ({
      allows: row =>
        decision.result === AuthorizeResult.CONDITIONAL
          ? this.authorizeConditions(decision, permissionSubjectOf(row))
          : decision.result === AuthorizeResult.ALLOW,
      filter: () => {
        if (decision.result === AuthorizeResult.DENY) return 'none';
        if (decision.result === AuthorizeResult.CONDITIONAL) {
          return criteriaToQuery(this.transformConditions(decision.conditions));
        }
        return undefined;
      },
    }));
  }

  async allowsOn(
    permission: ResourcePermission,
    row: ResourceRow,
    credentials: BackstageCredentials,
  ): Promise<boolean> {
    const [decision] = await this.decide([permission], credentials);
    return decision.allows(row);
  }

  /** A list filter for `permission`: undefined = everything, 'none' = nothing. */
  async listFilter(
    permission: ResourcePermission,
    credentials: BackstageCredentials,
  ): Promise<ResourceQuery | undefined | 'none'> {
    const [decision] = await this.decide([permission], credentials);
    return decision.filter();
  }
}
