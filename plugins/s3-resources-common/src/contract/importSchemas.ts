import { z } from 'zod';
import type { DiscoveredBucket, ImportResult, ImportSource } from '../import';
import { PROVIDER_IDS } from '../providers';
import type { ProviderId } from '../types';
import { testStatusSchema } from './resourceSchemas';
import { SameType, proveSameType } from './sameType';

/* Import of existing buckets: where to look, what was found, what was registered. */

/** @public */
export const importSourceSchema = z
  .object({
    provider: z.enum(PROVIDER_IDS as [ProviderId, ...ProviderId[]]),
    endpoint: z.string().max(2048).optional(),
    region: z.string().max(64).optional(),
    forcePathStyle: z.boolean().optional(),
    auth: z.discriminatedUnion('method', [
      z
        .object({
          method: z.literal('access-key'),
          accessKeyId: z.string().min(1).max(128),
          secretAccessKey: z.string().min(1).max(256),
        })
        .strict(),
      z
        .object({ method: z.literal('aws-account'), accountId: z.string() })
        .strict(),
    ]),
  })
  .strict()
  .describe('The secret is used for this request only and never stored');

/** @public */
export const discoverRequestSchema = z
  .object({ source: importSourceSchema })
  .strict();

/** @public */
export const importBucketSchema = z
  .object({
    bucket: z.string(),
    name: z.string().optional(),
    owner: z.string(),
    region: z.string().optional(),
    title: z.string().optional(),
    system: z.string().optional(),
  })
  .strict();

/** @public */
export const importRequestSchema = z
  .object({
    source: importSourceSchema,
    accessLevel: z.enum(['read', 'read-write', 'full']).optional(),
    buckets: z.array(importBucketSchema).min(1).max(5000),
  })
  .strict();

/** @public */
export type ImportBucket = z.infer<typeof importBucketSchema>;
/** @public */
export type ImportRequest = z.infer<typeof importRequestSchema>;

/** @public */
export const discoveredBucketSchema = z
  .object({
    bucket: z.string(),
    region: z.string(),
    tags: z.record(z.string()),
    suggestedOwner: z.string().optional(),
    suggestedName: z.string(),
    warnings: z.array(z.string()),
    registered: z
      .object({
        name: z.string().optional(),
        resourceId: z.string().optional(),
      })
      .strict()
      .optional()
      .describe(
        'Already registered: as this resource when the caller may read it, else empty',
      ),
  })
  .strict();

/** @public */
export const importResultSchema = z
  .object({
    bucket: z.string(),
    name: z.string(),
    outcome: z.enum(['created', 'exists', 'failed']),
    resourceId: z.string().optional(),
    message: z.string().optional(),
    test: z
      .object({
        status: testStatusSchema,
        runId: z.string().optional(),
        problem: z.string().optional(),
      })
      .strict()
      .optional()
      .describe('The connection test run once on the created resource'),
  })
  .strict();

/** @public */
export const importOutcomeSchema = z
  .object({
    created: z.number().int(),
    exists: z.number().int(),
    failed: z.number().int(),
    results: z.array(importResultSchema),
  })
  .strict();

/** @public */
export type ImportOutcome = z.infer<typeof importOutcomeSchema>;

proveSameType<SameType<z.infer<typeof importSourceSchema>, ImportSource>>();
proveSameType<
  SameType<z.infer<typeof discoveredBucketSchema>, DiscoveredBucket>
>();
proveSameType<SameType<z.infer<typeof importResultSchema>, ImportResult>>();
