import { z } from 'zod';
import type { ResourcePolicies } from '../policies/resourcePolicies';
import type {
  AuditRecord,
  ResourcePage,
  S3Resource,
  TestRun,
  TestStepResult,
} from '../types';
import { SameType, proveSameType } from './sameType';

/*
 * The API's answers about resources, connection tests and policies. Each
 * schema is proven to match its domain type at compile time; the server
 * checks its answers against them in tests (see the backend's contract).
 */

/** @public */
export const testStatusSchema = z.enum(['pass', 'warn', 'fail', 'skipped']);
const testStatus = testStatusSchema;

const accessKeyView = z
  .object({
    method: z.literal('access-key'),
    accessKeyId: z.string().describe('All but the last 4 characters masked'),
    hasSecret: z.boolean(),
  })
  .strict();
const awsAccountView = z
  .object({ method: z.literal('aws-account'), accountId: z.string() })
  .strict();
const authView = z.discriminatedUnion('method', [
  accessKeyView,
  z
    .object({
      method: z.literal('assume-role'),
      roleArn: z.string(),
      externalId: z
        .string()
        .optional()
        .describe('Shown to those who may update the resource'),
      source: z.discriminatedUnion('method', [accessKeyView, awsAccountView]),
    })
    .strict(),
  awsAccountView,
]);

const corsMethod = z.enum(['GET', 'PUT', 'POST', 'DELETE', 'HEAD']);

/** @public */
export const s3ResourceSchema = z
  .object({
    id: z.string(),
    name: z.string().describe('Catalog entity name'),
    title: z.string().optional(),
    description: z.string().optional(),
    owner: z.string().describe('Entity ref, e.g. group:default/team-a'),
    system: z.string().optional(),
    tags: z.array(z.string()),
    provider: z.enum([
      'aws',
      'minio',
      'ceph-rgw',
      'r2',
      'wasabi',
      'gcs',
      'other',
    ]),
    bucket: z.string(),
    region: z.string(),
    endpoint: z.string().optional(),
    forcePathStyle: z.boolean(),
    prefix: z.string().optional(),
    defaultAcl: z.enum([
      'none',
      'private',
      'public-read',
      'public-read-write',
      'authenticated-read',
      'aws-exec-read',
      'bucket-owner-read',
      'bucket-owner-full-control',
    ]),
    objectOwnership: z
      .enum(['BucketOwnerEnforced', 'BucketOwnerPreferred', 'ObjectWriter'])
      .optional(),
    accessLevel: z.enum(['read', 'read-write', 'full', 'custom']),
    customActions: z.array(z.string()).optional(),
    kmsKeyArn: z.string().optional(),
    cors: z
      .object({
        origins: z.array(z.string()),
        uploadMode: z.enum([
          'download-only',
          'simple-put',
          'presigned-post',
          'multipart',
        ]),
        methods: z.array(corsMethod).optional(),
        maxAgeSeconds: z.number().int().optional(),
      })
      .strict(),
    auth: authView,
    status: z
      .object({
        lastTest: z
          .object({
            status: testStatus,
            at: z.string(),
            runId: z.string(),
            beforeCredentialsChange: z.boolean().optional(),
          })
          .strict()
          .optional(),
      })
      .strict(),
    entityRef: z.string(),
    version: z.number().int(),
    createdAt: z.string(),
    createdBy: z.string(),
    updatedAt: z.string(),
    updatedBy: z.string(),
  })
  .strict()
  .describe('A registered resource; credentials masked, never a secret');

/** @public */
export const resourcePageSchema = z
  .object({
    items: z.array(s3ResourceSchema),
    nextCursor: z.string().optional(),
    totalCount: z.number().int(),
  })
  .strict();

/** @public */
export const bucketAclSchema = z
  .object({
    owner: z
      .object({ id: z.string(), displayName: z.string().optional() })
      .strict()
      .optional(),
    grants: z.array(
      z
        .object({
          grantee: z
            .object({
              type: z.string(),
              id: z.string().optional(),
              uri: z.string().optional(),
              displayName: z.string().optional(),
              email: z.string().optional(),
            })
            .strict(),
          permission: z.string(),
        })
        .strict(),
    ),
  })
  .strict();

/** @public */
export const testStepResultSchema = z
  .object({
    id: z.string(),
    title: z.string(),
    status: testStatus,
    durationMs: z.number(),
    message: z.string(),
    errorCode: z.string().optional(),
    httpStatus: z.number().int().optional(),
    remediation: z.string().optional(),
    field: z.string().optional(),
    observed: z
      .object({
        corsOrigins: z.array(z.string()).optional(),
        corsMatches: z.boolean().optional(),
        publicAccessBlock: z
          .object({
            blockPublicAcls: z.boolean(),
            ignorePublicAcls: z.boolean(),
            blockPublicPolicy: z.boolean(),
            restrictPublicBuckets: z.boolean(),
            configured: z.boolean(),
          })
          .strict()
          .optional(),
        defaultEncryption: z.string().optional(),
        versioning: z.enum(['enabled', 'suspended', 'off']).optional(),
        lifecycleRules: z
          .array(
            z
              .object({
                id: z.string().optional(),
                enabled: z.boolean(),
                prefix: z.string(),
                narrowed: z.boolean().optional(),
                abortIncompleteDays: z.number().optional(),
                noncurrentExpirationDays: z.number().optional(),
                expirationDays: z.number().optional(),
                transitions: z.array(z.string()).optional(),
                source: z.record(z.unknown()),
              })
              .strict(),
          )
          .optional(),
        logging: z
          .object({
            enabled: z.boolean(),
            targetBucket: z.string().optional(),
            targetPrefix: z.string().optional(),
          })
          .strict()
          .optional(),
        objectLock: z
          .object({
            enabled: z.boolean(),
            mode: z.enum(['GOVERNANCE', 'COMPLIANCE']).optional(),
            days: z.number().optional(),
            years: z.number().optional(),
          })
          .strict()
          .optional(),
        replicationRules: z
          .array(
            z
              .object({
                id: z.string().optional(),
                enabled: z.boolean(),
                destinationBucket: z.string(),
                destinationAccount: z.string().optional(),
              })
              .strict(),
          )
          .optional(),
        bucketPolicy: z.record(z.unknown()).nullable().optional(),
        bucketAcl: bucketAclSchema.optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

/** @public */
export const testRunSchema = z
  .object({
    id: z.string(),
    resourceId: z.string().optional(),
    status: testStatus,
    startedAt: z.string(),
    durationMs: z.number(),
    steps: z.array(testStepResultSchema),
    initiatedBy: z.string(),
  })
  .strict();

/** @public */
export const testRunPageSchema = z
  .object({
    items: z.array(testRunSchema),
    nextCursor: z.string().optional(),
  })
  .strict();

/** @public */
export const auditRecordSchema = z
  .object({
    id: z.string(),
    at: z.string(),
    actor: z.string(),
    action: z.string(),
    resourceId: z.string().optional(),
    resourceName: z.string().optional(),
    outcome: z.enum(['success', 'failure']),
    changedFields: z.array(z.string()).optional(),
    message: z.string().optional(),
    verdict: testStatus
      .optional()
      .describe('Verdict of the connection test the request ran'),
    objectKey: z
      .string()
      .optional()
      .describe("The object key, for requests on a bucket's objects"),
  })
  .strict();

/** @public */
export const auditPageSchema = z
  .object({
    items: z.array(auditRecordSchema),
    nextCursor: z.string().optional(),
  })
  .strict();

const policyDocument = z
  .object({
    Version: z.literal('2012-10-17'),
    Statement: z.array(
      z
        .object({
          Sid: z.string(),
          Effect: z.literal('Allow'),
          Principal: z.object({ AWS: z.string() }).strict().optional(),
          Action: z.array(z.string()),
          Resource: z.string().optional(),
          Condition: z
            .record(z.record(z.union([z.string(), z.array(z.string())])))
            .optional(),
        })
        .strict(),
    ),
  })
  .strict();

const generatedPolicy = z
  .object({
    policy: policyDocument,
    json: z.string().describe('The policy, pretty-printed, ready to paste'),
    reasons: z.array(
      z
        .object({
          action: z.string(),
          resource: z.string(),
          reason: z.string(),
        })
        .strict(),
    ),
    notes: z.array(z.string()),
    size: z.number().int(),
    maxSize: z.number().int(),
  })
  .strict();

const corsRule = z
  .object({
    ID: z.string().optional(),
    AllowedOrigins: z.array(z.string()),
    AllowedMethods: z.array(corsMethod),
    AllowedHeaders: z.array(z.string()).optional(),
    ExposeHeaders: z.array(z.string()).optional(),
    MaxAgeSeconds: z.number().int().optional(),
  })
  .strict();

const lifecycleRule = z
  .object({
    ID: z.string(),
    Status: z.enum(['Enabled', 'Disabled']),
    Filter: z.object({ Prefix: z.string() }).strict(),
    AbortIncompleteMultipartUpload: z
      .object({ DaysAfterInitiation: z.number().int() })
      .strict()
      .optional(),
    NoncurrentVersionExpiration: z
      .object({ NoncurrentDays: z.number().int() })
      .strict()
      .optional(),
  })
  .strict();

/** @public */
export const resourcePoliciesSchema = z
  .object({
    iamPolicy: generatedPolicy,
    bucketPolicy: generatedPolicy.optional(),
    trustPolicy: generatedPolicy.optional(),
    cors: z
      .object({
        configuration: z.object({ CORSRules: z.array(corsRule) }).strict(),
        console: z.array(corsRule),
        json: z.string(),
        command: z.string(),
        reasons: z.array(
          z.object({ method: corsMethod, reason: z.string() }).strict(),
        ),
        notes: z.array(z.string()),
      })
      .strict()
      .optional(),
    lifecycle: z
      .object({
        rules: z.array(lifecycleRule),
        configuration: z
          .object({
            Rules: z.array(z.union([lifecycleRule, z.record(z.unknown())])),
          })
          .strict(),
        json: z.string(),
        command: z.string(),
        kept: z.array(z.string()),
        notes: z.array(z.string()),
      })
      .strict(),
    notes: z.array(z.string()).describe('Why a generator was skipped'),
  })
  .strict();

/** @public */
export const externalIdSchema = z
  .object({ externalId: z.string() })
  .strict()
  .describe('Put it in the role trust policy, then register within 7 days');

proveSameType<SameType<z.infer<typeof s3ResourceSchema>, S3Resource>>();
proveSameType<SameType<z.infer<typeof resourcePageSchema>, ResourcePage>>();
proveSameType<SameType<z.infer<typeof testRunSchema>, TestRun>>();
proveSameType<SameType<z.infer<typeof testStepResultSchema>, TestStepResult>>();
proveSameType<SameType<z.infer<typeof auditRecordSchema>, AuditRecord>>();
proveSameType<
  SameType<z.infer<typeof resourcePoliciesSchema>, ResourcePolicies>
>();
