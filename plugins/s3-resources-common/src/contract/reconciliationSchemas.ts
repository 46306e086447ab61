import { z } from 'zod';
import { PROVIDER_IDS } from '../providers';
import {
  RECONCILIATION_KINDS,
  ReconciliationEntry,
  ReconciliationKind,
  ReconciliationPage,
} from '../reconciliation';
import type { ProviderId } from '../types';
import { SameType, proveSameType } from './sameType';

/* Reconciliation: buckets against registered resources, per source. */

/** @public */
export const reconciliationKindSchema = z.enum(
  RECONCILIATION_KINDS as [ReconciliationKind, ...ReconciliationKind[]],
);

/** @public */
export const reconciliationSourceSchema = z
  .object({
    id: z.string(),
    provider: z.enum(PROVIDER_IDS as [ProviderId, ...ProviderId[]]),
    endpoint: z.string().optional(),
    region: z.string(),
    forcePathStyle: z.boolean().optional(),
    credential: z.discriminatedUnion('kind', [
      z
        .object({ kind: z.literal('aws-account'), accountId: z.string() })
        .strict(),
      z
        .object({
          kind: z.literal('resource'),
          resourceId: z.string(),
          resourceName: z.string(),
          accessKeyId: z.string().describe('Masked'),
        })
        .strict(),
    ]),
  })
  .strict();

/** @public */
export const reconciliationSourceStatusSchema = reconciliationSourceSchema
  .extend({
    checkedAt: z.string(),
    sweepId: z.string(),
    bucketsListed: z.number().int(),
    calls: z.number().int(),
    incomplete: z.string().optional(),
    error: z.string().optional(),
  })
  .strict();

/** @public */
export const reconciliationEntrySchema = z
  .object({
    id: z.string(),
    kind: reconciliationKindSchema,
    source: reconciliationSourceSchema,
    bucket: z.string(),
    resourceId: z.string().optional(),
    resourceName: z.string().optional(),
    owner: z.string().optional(),
    tagOwner: z.string().optional(),
    tagKey: z.string().optional(),
    tags: z.record(z.string()).optional(),
    region: z.string().optional(),
    message: z.string(),
    alignCommand: z.string().optional(),
    firstSeenAt: z.string(),
    lastSeenAt: z.string(),
    sweepId: z.string(),
  })
  .strict();

/** @public */
export const reconciliationPageSchema = z
  .object({
    items: z.array(reconciliationEntrySchema),
    nextCursor: z.string().optional(),
    totalCount: z.number().int(),
    sources: z.array(reconciliationSourceStatusSchema),
  })
  .strict();

proveSameType<
  SameType<z.infer<typeof reconciliationEntrySchema>, ReconciliationEntry>
>();
proveSameType<
  SameType<z.infer<typeof reconciliationPageSchema>, ReconciliationPage>
>();
