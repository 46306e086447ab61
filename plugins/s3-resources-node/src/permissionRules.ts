import {
  createPermissionResourceRef,
  createConditionExports,
  createPermissionRule,
} from '@backstage/plugin-permission-node';
import { S3_RESOURCE_PERMISSION_TYPE } from '@s3-resources/plugin-s3-resources-common';
import { z } from 'zod';

/**
 * The facts permission rules look at.
 *
 * @public
 */
export type S3ResourcePermissionSubject = {
  id: string;
  owner: string;
  provider: string;
  system?: string;
};

/**
 * Database-independent form of a rule's filter; the backend turns it into a
 * query so that list results are filtered in the database.
 *
 * @public
 */
export type S3ResourceFilter = {
  key: 'owner' | 'provider' | 'system';
  values: string[];
};

/** @public */
export const s3ResourcePermissionResourceRef = createPermissionResourceRef<
  S3ResourcePermissionSubject,
  S3ResourceFilter
>().with({
  pluginId: 's3-resources',
  resourceType: S3_RESOURCE_PERMISSION_TYPE,
});

const isResourceOwner = createPermissionRule({
  name: 'IS_RESOURCE_OWNER',
  description:
    'Allow resources owned by the given entity refs (typically the caller and their groups)',
  resourceRef: s3ResourcePermissionResourceRef,
  paramsSchema: z.object({
    claims: z
      .array(z.string())
      .describe('Entity refs; the resource owner must be one of them'),
  }),
  apply: (resource, { claims }) =>
    claims.some(
      c =>
        c.toLocaleLowerCase('en-US') ===
        resource.owner.toLocaleLowerCase('en-US'),
    ),
  toQuery: ({ claims }) => ({ key: 'owner', values: claims }),
});

const hasProvider = createPermissionRule({
  name: 'HAS_PROVIDER',
  description: 'Allow resources on the given storage providers',
  resourceRef: s3ResourcePermissionResourceRef,
  paramsSchema: z.object({
    providers: z.array(z.string()).describe('Provider ids, e.g. aws, minio'),
  }),
  apply: (resource, { providers }) => providers.includes(resource.provider),
  toQuery: ({ providers }) => ({ key: 'provider', values: providers }),
});

const isInSystem = createPermissionRule({
  name: 'IS_IN_SYSTEM',
  description: 'Allow resources that belong to one of the given systems',
  resourceRef: s3ResourcePermissionResourceRef,
  paramsSchema: z.object({
    systems: z.array(z.string()).describe('System entity refs or names'),
  }),
  apply: (resource, { systems }) =>
    !!resource.system && systems.includes(resource.system),
  toQuery: ({ systems }) => ({ key: 'system', values: systems }),
});

/**
 * Rules the backend registers for the `s3-resource` resource type.
 *
 * @public
 */
export const s3ResourcePermissionRules = {
  isResourceOwner,
  hasProvider,
  isInSystem,
};

const conditionExports = createConditionExports({
  resourceRef: s3ResourcePermissionResourceRef,
  rules: s3ResourcePermissionRules,
});

/**
 * Condition factories for permission policies, one per rule.
 *
 * @public
 */
export const s3ResourceConditions = conditionExports.conditions;

/**
 * Builds the conditional decision a permission policy returns for an
 * `s3-resource` permission.
 *
 * @public
 */
export const createS3ResourceConditionalDecision =
  conditionExports.createConditionalDecision;
