import { z } from 'zod';
import {
  createResourceRequestSchema,
  updateResourceRequestSchema,
} from '../schema/resourceRequest';
import {
  fleetAccessSummarySchema,
  resourceAccessMapSchema,
} from './accessSchemas';
import {
  auditFindingSchema,
  findingKindSchema,
  findingPageSchema,
  findingSeveritySchema,
  findingSummarySchema,
  keyRotationSchema,
  sweepRunPageSchema,
  sweepTriggerSchema,
} from './auditSchemas';
import {
  discoverRequestSchema,
  discoveredBucketSchema,
  importOutcomeSchema,
  importRequestSchema,
  importResultSchema,
} from './importSchemas';
import {
  abortUploadRequestSchema,
  completeUploadRequestSchema,
  objectDetailsSchema,
  objectLinkRequestSchema,
  objectLinkSchema,
  objectListingSchema,
  shareLinkPageSchema,
  shareLinkRequestSchema,
  shareLinkSchema,
  uploadGrantSchema,
  uploadRequestSchema,
} from './objectSchemas';
import {
  booleanParam,
  enumParam,
  instantParam,
  integerParam,
  manyParam,
  oneParam,
  ownersParam,
  requiredParam,
  RESOURCE_SORTS,
} from './queryParams';
import {
  reconciliationEntrySchema,
  reconciliationKindSchema,
  reconciliationPageSchema,
} from './reconciliationSchemas';
import {
  configurationComparisonSchema,
  fleetStorageSchema,
  resourceStorageSchema,
} from './storageSchemas';
import {
  auditPageSchema,
  auditRecordSchema,
  externalIdSchema,
  resourcePageSchema,
  resourcePoliciesSchema,
  s3ResourceSchema,
  testRunPageSchema,
  testRunSchema,
  testStepResultSchema,
} from './resourceSchemas';

/**
 * One route of the HTTP API. The server validates requests and (in tests)
 * answers against it, the clients build requests and read answers from it,
 * and the OpenAPI document is generated from it.
 *
 * @public
 */
export type RouteSpec = {
  method: 'get' | 'post' | 'patch' | 'delete';
  /** Express-style path under the plugin's base URL, e.g. `/resources/:id`. */
  path: string;
  summary: string;
  description?: string;
  tag: 'resources' | 'objects' | 'tests' | 'import' | 'audit' | 'admin';
  /** Principals that may call it. */
  allow: Array<'user' | 'service'>;
  params?: z.AnyZodObject;
  query?: z.AnyZodObject;
  body?: z.ZodTypeAny;
  /** Successful answers by status; `null` has no body. */
  responses: Record<number, z.ZodTypeAny | null>;
  /** With `Accept: application/x-ndjson`: the schema of each line. */
  stream?: z.ZodTypeAny;
  /** Formats the list also downloads in (`format=csv|ndjson`). */
  exports?: boolean;
};

/**
 * The error body every failure answers with (Backstage's error handler).
 *
 * @public
 */
export const errorResponseSchema = z
  .object({
    error: z
      .object({ name: z.string(), message: z.string() })
      .passthrough()
      .describe(
        'Validation errors name each field and rule: field: message [rule]',
      ),
    request: z.object({ method: z.string(), url: z.string() }).optional(),
    response: z.object({ statusCode: z.number().int() }),
  })
  .strict();

const id = z.object({ id: z.string().describe('Resource id') }).strict();
const page = { limit: integerParam(), cursor: oneParam };
const listFormat = enumParam(['json', 'csv', 'ndjson']);
const findingFilter = {
  severity: manyParam(findingSeveritySchema),
  kind: manyParam(findingKindSchema),
  owner: ownersParam,
  resourceId: oneParam,
};
const serializedError = z
  .object({ name: z.string(), message: z.string() })
  .passthrough();

const writeProbe = z
  .union([
    z.boolean(),
    z.enum(['true', 'false']).transform(text => text === 'true'),
  ])
  .describe('Put and delete a sentinel object as well (opt-in)');

const testLine = z.discriminatedUnion('type', [
  z.object({ type: z.literal('step'), step: testStepResultSchema }).strict(),
  z.object({ type: z.literal('run'), run: testRunSchema }).strict(),
  z.object({ type: z.literal('error'), error: serializedError }).strict(),
]);

const discoveryIncomplete = z
  .object({
    reason: z.enum(['deadline', 'max-buckets', 'max-pages', 'cancelled']),
    message: z.string(),
  })
  .strict();

/** @public */
export const s3ResourcesContract = {
  listResources: {
    method: 'get',
    path: '/resources',
    tag: 'resources',
    summary: 'Resources the caller may read, one page',
    allow: ['user', 'service'],
    query: z
      .object({
        ...page,
        sort: enumParam(RESOURCE_SORTS).describe(
          'Sort key: name (default), lastTest (failing, warnings, passing, skipped, never tested), owner or provider; ties by name',
        ),
        order: enumParam(['asc', 'desc']).describe(
          'Direction of the sort key; asc by default',
        ),
        q: oneParam.describe('Search in name, title, bucket and endpoint'),
        owner: ownersParam,
        provider: manyParam(),
        status: manyParam(
          z.enum(['pass', 'warn', 'fail', 'skipped', 'untested']),
        ),
      })
      .strict(),
    responses: { 200: resourcePageSchema },
  },
  createResource: {
    method: 'post',
    path: '/resources',
    tag: 'resources',
    summary: 'Register a resource',
    description:
      "The owner must be one of the caller's ownership references (or the caller holds s3.platform).",
    allow: ['user'],
    body: createResourceRequestSchema,
    responses: { 201: s3ResourceSchema },
  },
  issueExternalId: {
    method: 'post',
    path: '/external-ids',
    tag: 'resources',
    summary: 'Issue an ExternalId for a role set up before registration',
    allow: ['user'],
    body: z.object({}).strict(),
    responses: { 201: externalIdSchema },
  },
  getResourceByName: {
    method: 'get',
    path: '/resources/by-name/:name',
    tag: 'resources',
    summary: 'A resource by its catalog entity name',
    allow: ['user', 'service'],
    params: z.object({ name: z.string() }).strict(),
    responses: { 200: s3ResourceSchema },
  },
  getResource: {
    method: 'get',
    path: '/resources/:id',
    tag: 'resources',
    summary: 'A resource',
    allow: ['user', 'service'],
    params: id,
    responses: { 200: s3ResourceSchema },
  },
  updateResource: {
    method: 'patch',
    path: '/resources/:id',
    tag: 'resources',
    summary: 'Change a resource',
    description:
      'Send the version you read; a stale version answers 409. Moving the credentials elsewhere needs the secret again.',
    allow: ['user'],
    params: id,
    body: updateResourceRequestSchema,
    responses: { 200: s3ResourceSchema },
  },
  deleteResource: {
    method: 'delete',
    path: '/resources/:id',
    tag: 'resources',
    summary: 'Unregister a resource (the bucket is left alone)',
    allow: ['user'],
    params: id,
    responses: { 204: null },
  },
  getPolicies: {
    method: 'get',
    path: '/resources/:id/policies',
    tag: 'resources',
    summary:
      'The IAM, bucket and trust policies and CORS configuration it needs',
    allow: ['user', 'service'],
    params: id,
    responses: { 200: resourcePoliciesSchema },
  },
  getStorage: {
    method: 'get',
    path: '/resources/:id/storage',
    tag: 'resources',
    summary:
      'What the bucket holds within the prefix: the latest scan and its history',
    description:
      'Figures of the background storage scan (objects, bytes by storage class, incomplete multipart uploads, noncurrent versions), the scan under way and the last 30 complete scans. Empty until the audit sweep first scans the resource.',
    allow: ['user', 'service'],
    params: id,
    responses: { 200: resourceStorageSchema },
  },
  compareConfiguration: {
    method: 'get',
    path: '/resources/:id/configuration',
    tag: 'resources',
    summary:
      "The bucket's live CORS, bucket policy and lifecycle next to the generated ones",
    description:
      "Reads the live documents now with the resource's own credentials and aligns them with the desired ones line by line. A document the credentials may not read is `unknown`, never `matches`.",
    allow: ['user'],
    params: id,
    responses: { 200: configurationComparisonSchema },
  },
  getAccessMap: {
    method: 'get',
    path: '/resources/:id/access',
    tag: 'resources',
    summary:
      "Who may read, list, write, delete or change the permissions of the resource's bucket",
    description:
      "Computed from the latest connection test's observations (bucket policy, bucket ACL, public access block) and the generated IAM policy, with the related audit findings; no call to the provider. A document the test could not read makes its cells `unknown`, never `not-granted`. For those who may update the resource (s3.resource.update) and the platform group (s3.audit.read); 404 for those who may not read it.",
    allow: ['user', 'service'],
    params: id,
    responses: { 200: resourceAccessMapSchema },
  },
  testResource: {
    method: 'post',
    path: '/resources/:id/test',
    tag: 'tests',
    summary: 'Run the connection test of a registered resource',
    description:
      'With `auth`, tests the stored settings with new credentials before they are saved (needs the right to update the resource; the run is not stored, the stored ExternalId is kept).',
    allow: ['user'],
    params: id,
    body: z
      .object({
        writeProbe: writeProbe.optional(),
        auth: updateResourceRequestSchema.shape.auth,
      })
      .strict(),
    responses: { 200: testRunSchema },
    stream: testLine,
  },
  listTestRuns: {
    method: 'get',
    path: '/resources/:id/tests',
    tag: 'tests',
    summary: 'Past connection tests of a resource, newest first',
    allow: ['user', 'service'],
    params: id,
    query: z.object(page).strict(),
    responses: { 200: testRunPageSchema },
  },
  testConfiguration: {
    method: 'post',
    path: '/test',
    tag: 'tests',
    summary:
      'Test an unsaved configuration (the create body); nothing is stored',
    allow: ['user'],
    query: z.object({ writeProbe: booleanParam }).strict(),
    body: createResourceRequestSchema,
    responses: { 200: testRunSchema },
    stream: testLine,
  },
  listObjects: {
    method: 'get',
    path: '/resources/:id/objects',
    tag: 'objects',
    summary: 'Folders and objects in one folder of the resource, one page',
    description:
      "Keys are whole keys, the resource's prefix included; a folder or key outside the prefix, however encoded, answers 400.",
    allow: ['user'],
    params: id,
    query: z
      .object({
        folder: oneParam.describe(
          "The folder to list, ending with / (the resource's prefix by default)",
        ),
        search: oneParam.describe('Only keys in the folder starting with this'),
        cursor: oneParam,
        limit: integerParam(1000).describe('At most 1000 (the default)'),
      })
      .strict(),
    responses: { 200: objectListingSchema },
  },
  getObject: {
    method: 'get',
    path: '/resources/:id/objects/details',
    tag: 'objects',
    summary: "An object's details: size, type, metadata and tags",
    allow: ['user'],
    params: id,
    query: z.object({ key: requiredParam }).strict(),
    responses: { 200: objectDetailsSchema },
  },
  deleteObject: {
    method: 'delete',
    path: '/resources/:id/objects',
    tag: 'objects',
    summary: 'Delete an object',
    allow: ['user'],
    params: id,
    query: z.object({ key: requiredParam }).strict(),
    responses: { 204: null },
  },
  linkObject: {
    method: 'post',
    path: '/resources/:id/objects/links',
    tag: 'objects',
    summary: 'A short-lived presigned GET to download or preview an object',
    description:
      'The browser fetches from the bucket itself. Downloads are attachments; previews are forced to a safe content type and never HTML or SVG.',
    allow: ['user'],
    params: id,
    body: objectLinkRequestSchema,
    responses: { 200: objectLinkSchema },
  },
  startUpload: {
    method: 'post',
    path: '/resources/:id/objects/uploads',
    tag: 'objects',
    summary: 'Presigned upload of one object, straight from the browser',
    description:
      "A PUT, a POST form or a multipart upload, per the resource's upload mode, with its default ACL and KMS key; the size is part of the signature.",
    allow: ['user'],
    params: id,
    body: uploadRequestSchema,
    responses: { 200: uploadGrantSchema },
  },
  completeUpload: {
    method: 'post',
    path: '/resources/:id/objects/uploads/complete',
    tag: 'objects',
    summary: 'Complete a multipart upload with the ETags of its parts',
    allow: ['user'],
    params: id,
    body: completeUploadRequestSchema,
    responses: { 200: objectDetailsSchema },
  },
  abortUpload: {
    method: 'post',
    path: '/resources/:id/objects/uploads/abort',
    tag: 'objects',
    summary: 'Abort a multipart upload (its parts stop costing storage)',
    allow: ['user'],
    params: id,
    body: abortUploadRequestSchema,
    responses: { 204: null },
  },
  createShareLink: {
    method: 'post',
    path: '/resources/:id/share-links',
    tag: 'objects',
    summary: 'A share link for one object, recorded and audited',
    description:
      "A presigned link cannot be revoked before it expires: the operator's maximum expiry is the control.",
    allow: ['user'],
    params: id,
    body: shareLinkRequestSchema,
    responses: { 201: shareLinkSchema },
  },
  listShareLinks: {
    method: 'get',
    path: '/share-links',
    tag: 'audit',
    summary: 'Share links issued, newest first, or all as a download',
    description:
      'Still valid ones by default. The platform group sees every link; others see the links they issued.',
    allow: ['user'],
    query: z
      .object({
        ...page,
        format: listFormat,
        resourceId: oneParam,
        createdBy: oneParam,
        expired: booleanParam.describe('Include expired links as well'),
      })
      .strict(),
    responses: { 200: shareLinkPageSchema },
    exports: true,
  },
  discoverBuckets: {
    method: 'post',
    path: '/import/discover',
    tag: 'import',
    summary:
      'The buckets a credential can see, with region, tags and a suggested owner',
    description:
      'A JSON answer that is not complete carries the reason in the S3R-Discovery-Incomplete header.',
    allow: ['user'],
    body: discoverRequestSchema,
    responses: { 200: z.array(discoveredBucketSchema) },
    stream: z.discriminatedUnion('type', [
      z
        .object({ type: z.literal('bucket'), bucket: discoveredBucketSchema })
        .strict(),
      z
        .object({
          type: z.literal('done'),
          count: z.number().int(),
          incomplete: discoveryIncomplete.optional(),
        })
        .strict(),
      z.object({ type: z.literal('error'), error: serializedError }).strict(),
    ]),
  },
  importBuckets: {
    method: 'post',
    path: '/import',
    tag: 'import',
    summary: 'Register discovered buckets',
    allow: ['user'],
    body: importRequestSchema,
    responses: { 200: z.array(importResultSchema) },
    stream: z.discriminatedUnion('type', [
      z
        .object({
          type: z.literal('progress'),
          result: importResultSchema,
          done: z.number().int(),
          total: z.number().int(),
        })
        .strict(),
      importOutcomeSchema.extend({ type: z.literal('done') }),
      z.object({ type: z.literal('error'), error: serializedError }).strict(),
    ]),
  },
  listAudit: {
    method: 'get',
    path: '/audit',
    tag: 'audit',
    summary: 'The audit trail, one page, or all of it as a download',
    allow: ['user'],
    query: z
      .object({
        ...page,
        format: listFormat,
        resourceId: oneParam,
        actor: oneParam,
        action: oneParam,
        since: instantParam,
        until: instantParam,
      })
      .strict(),
    responses: { 200: auditPageSchema },
    exports: true,
  },
  listFindings: {
    method: 'get',
    path: '/findings',
    tag: 'audit',
    summary: "The audit sweep's findings, one page, or all as a download",
    allow: ['user', 'service'],
    query: z.object({ ...page, format: listFormat, ...findingFilter }).strict(),
    responses: { 200: findingPageSchema },
    exports: true,
  },
  findingSummary: {
    method: 'get',
    path: '/findings/summary',
    tag: 'audit',
    summary: 'Counts of the findings the caller may see',
    allow: ['user', 'service'],
    query: z.object(findingFilter).strict(),
    responses: { 200: findingSummarySchema },
  },
  listReconciliation: {
    method: 'get',
    path: '/audit/reconciliation',
    tag: 'audit',
    summary:
      'Buckets against registered resources (shadow, ghost, owner tag differs), one page, or all as a download (platform group)',
    allow: ['user', 'service'],
    query: z
      .object({
        ...page,
        format: listFormat,
        kind: manyParam(reconciliationKindSchema),
        source: oneParam,
      })
      .strict(),
    responses: { 200: reconciliationPageSchema },
    exports: true,
  },
  listSweeps: {
    method: 'get',
    path: '/audit/sweeps',
    tag: 'audit',
    summary: 'Recent runs of the audit sweep (platform group)',
    allow: ['user', 'service'],
    query: z.object({ limit: integerParam() }).strict(),
    responses: { 200: sweepRunPageSchema },
  },
  fleetStorage: {
    method: 'get',
    path: '/audit/storage',
    tag: 'audit',
    summary:
      "Every resource's storage: totals by owner and provider, the largest, fastest-growing and most wasteful (platform group)",
    description:
      'JSON answers the fleet summary; `format=csv|ndjson` downloads one row per resource (an audited export). Growth is measured over `periodDays` (7 by default, 1 to 90).',
    allow: ['user', 'service'],
    query: z
      .object({
        format: listFormat,
        periodDays: integerParam({ min: 1, max: 90 }),
      })
      .strict(),
    responses: { 200: fleetStorageSchema },
    exports: true,
  },
  fleetAccess: {
    method: 'get',
    path: '/audit/access',
    tag: 'audit',
    summary:
      "Every resource's access map: figures, or one row per resource, principal and action (platform group)",
    description:
      'JSON answers counts of the cells by state; `format=csv|ndjson` downloads one row per resource × principal × action with its state and the statements behind it (an audited export). Needs s3.audit.read.',
    allow: ['user', 'service'],
    query: z.object({ format: listFormat }).strict(),
    responses: { 200: fleetAccessSummarySchema },
    exports: true,
  },
  triggerSweep: {
    method: 'post',
    path: '/audit/sweep',
    tag: 'audit',
    summary: 'Run the audit sweep now (platform group)',
    allow: ['user'],
    body: z.object({}).strict(),
    responses: { 202: sweepTriggerSchema },
  },
  rotateKeys: {
    method: 'post',
    path: '/admin/rotate-keys',
    tag: 'admin',
    summary: 'Re-encrypt every stored secret under the first configured key',
    allow: ['user'],
    body: z.object({}).strict(),
    responses: { 200: keyRotationSchema },
  },
} satisfies Record<string, RouteSpec>;

/** @public */
export type S3ResourcesContract = typeof s3ResourcesContract;
/** @public */
export type RouteName = keyof S3ResourcesContract;

/**
 * Schemas the OpenAPI document names in `components.schemas`.
 *
 * @public
 */
export const namedSchemas: Record<string, z.ZodTypeAny> = {
  S3Resource: s3ResourceSchema,
  ResourcePage: resourcePageSchema,
  CreateResourceRequest: createResourceRequestSchema,
  UpdateResourceRequest: updateResourceRequestSchema,
  TestRun: testRunSchema,
  TestStepResult: testStepResultSchema,
  AuditRecord: auditRecordSchema,
  AuditFinding: auditFindingSchema,
  ReconciliationEntry: reconciliationEntrySchema,
  DiscoveredBucket: discoveredBucketSchema,
  ImportResult: importResultSchema,
  ObjectListing: objectListingSchema,
  ObjectDetails: objectDetailsSchema,
  UploadGrant: uploadGrantSchema,
  ShareLink: shareLinkSchema,
  Error: errorResponseSchema,
};
