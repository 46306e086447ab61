import { z } from 'zod';
import {
  ACCESS_CATEGORIES,
  AccessCategory,
  AccessMap,
  FleetAccessRow,
  FleetAccessSummary,
  ResourceAccessMap,
} from '../accessMap';
import { auditFindingSchema } from './auditSchemas';
import { SameType, proveSameType } from './sameType';

/* Who may do what to a resource's bucket: the access map and its fleet export. */

const category = z.enum(
  ACCESS_CATEGORIES as unknown as [AccessCategory, ...AccessCategory[]],
);
const state = z.enum([
  'granted',
  'denied',
  'blocked',
  'not-granted',
  'unknown',
]);
const principalKind = z.enum([
  'portal',
  'bucket-owner',
  'public',
  'authenticated',
  'account',
  'iam-user',
  'iam-role',
  'assumed-role',
  'canonical-user',
  'service',
  'federated',
  'group',
  'email',
  'other',
]);
const input = z
  .object({
    state: z.enum(['read', 'none', 'unknown']),
    detail: z.string(),
  })
  .strict();

/** @public */
export const accessMapSchema = z
  .object({
    resourceId: z.string(),
    resourceName: z.string(),
    bucket: z.string(),
    prefix: z.string().optional(),
    accessLevel: z.enum(['read', 'read-write', 'full', 'custom']),
    owner: z.string().describe('Entity ref of the owning group or user'),
    levelCategories: z
      .array(category)
      .describe("The columns the resource's access level grants the portal"),
    portal: z
      .object({ id: z.string(), description: z.string() })
      .strict()
      .describe(
        'The principal the portal uses: a role ARN, a masked access key ID or an AWS account from app-config',
      ),
    run: z
      .object({ id: z.string(), startedAt: z.string() })
      .strict()
      .optional()
      .describe('The connection test the map comes from'),
    inputs: z
      .object({
        bucketPolicy: input,
        bucketAcl: input,
        publicAccessBlock: input,
      })
      .strict(),
    rows: z.array(
      z
        .object({
          principal: z
            .object({
              id: z.string(),
              kind: principalKind,
              label: z.string(),
              account: z.string().optional(),
            })
            .strict(),
          cells: z.array(
            z
              .object({
                category,
                state,
                sources: z.array(
                  z
                    .object({
                      via: z.enum([
                        'bucket-policy',
                        'bucket-acl',
                        'iam-policy',
                        'default-acl',
                        'owner',
                      ]),
                      effect: z.enum(['Allow', 'Deny']),
                      label: z.string(),
                      actions: z.array(z.string()),
                      statementIndex: z.number().int().optional(),
                      grantIndex: z.number().int().optional(),
                      conditions: z.array(z.string()).optional(),
                      note: z.string().optional(),
                      verified: z.boolean().optional(),
                      blocked: z.boolean().optional(),
                      publicStatement: z.boolean().optional(),
                    })
                    .strict(),
                ),
                reason: z.string().optional(),
              })
              .strict(),
          ),
        })
        .strict(),
    ),
  })
  .strict();

/** @public */
export const resourceAccessMapSchema = z
  .object({
    map: accessMapSchema,
    findings: z.array(auditFindingSchema),
  })
  .strict();

/** @public */
export const fleetAccessRowSchema = z
  .object({
    resourceId: z.string(),
    resourceName: z.string(),
    owner: z.string(),
    bucket: z.string(),
    accessLevel: z.enum(['read', 'read-write', 'full', 'custom']),
    principal: z.string(),
    principalKind,
    action: category,
    state,
    beyondLevel: z.boolean(),
    sources: z.string(),
    reason: z.string().optional(),
    testedAt: z.string().optional(),
  })
  .strict();

const count = z.number().int().nonnegative();

/** @public */
export const fleetAccessSummarySchema = z
  .object({
    resources: count,
    untested: count,
    byState: z
      .object({
        granted: count,
        denied: count,
        blocked: count,
        'not-granted': count,
        unknown: count,
      })
      .strict(),
    beyondLevel: count,
  })
  .strict();

proveSameType<SameType<z.infer<typeof accessMapSchema>, AccessMap>>();
proveSameType<
  SameType<z.infer<typeof resourceAccessMapSchema>, ResourceAccessMap>
>();
proveSameType<SameType<z.infer<typeof fleetAccessRowSchema>, FleetAccessRow>>();
proveSameType<
  SameType<z.infer<typeof fleetAccessSummarySchema>, FleetAccessSummary>
>();
