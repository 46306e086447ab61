import { z } from 'zod';
import type {
  ComparedLine,
  ConfigurationComparison,
  DocumentComparison,
} from '../configurationDrift';
import type {
  FleetStorage,
  FleetStorageGroup,
  FleetStorageRow,
  ResourceStorage,
  StorageSample,
} from '../storage';
import { SameType, proveSameType } from './sameType';

/* What buckets hold (storage scans, the fleet view) and how their live configuration compares with the desired one. */

const count = z.number().int().nonnegative();

/** @public */
export const storageSampleSchema = z
  .object({
    objects: count,
    bytes: count,
    byStorageClass: z.array(
      z
        .object({ storageClass: z.string(), objects: count, bytes: count })
        .strict(),
    ),
    incompleteUploads: z
      .object({
        count,
        bytes: count,
        oldestInitiated: z.string().optional(),
      })
      .strict(),
    noncurrentVersions: z.object({ count, bytes: count }).strict().optional(),
    unknown: z.array(
      z
        .object({
          figure: z.enum([
            'objects',
            'incompleteUploads',
            'noncurrentVersions',
          ]),
          reason: z.string(),
        })
        .strict(),
    ),
    startedAt: z.string(),
    takenAt: z.string(),
    complete: z.boolean(),
    keysScanned: count,
    estimatedKeys: count.optional(),
  })
  .strict();

/** @public */
export const resourceStorageSchema = z
  .object({
    resourceId: z.string(),
    latest: storageSampleSchema.optional(),
    inProgress: storageSampleSchema.optional(),
    history: z.array(storageSampleSchema).describe('Oldest first, at most 30'),
  })
  .strict();

const findingCounts = {
  highFindings: count,
  mediumFindings: count,
  lowFindings: count,
  infoFindings: count,
};

/** @public */
export const fleetStorageRowSchema = z
  .object({
    resourceId: z.string(),
    resourceName: z.string(),
    owner: z.string(),
    provider: z.string(),
    bucket: z.string(),
    prefix: z.string().optional(),
    scannedAt: z.string().optional(),
    objects: count.optional(),
    bytes: count.optional(),
    incompleteUploads: count.optional(),
    incompleteUploadBytes: count.optional(),
    noncurrentVersions: count.optional(),
    noncurrentBytes: count.optional(),
    wasteBytes: count.optional(),
    growthBytes: z.number().int().optional(),
    growthSince: z.string().optional(),
    unknownFigures: z
      .array(z.enum(['objects', 'incompleteUploads', 'noncurrentVersions']))
      .optional(),
    ...findingCounts,
  })
  .strict();

const fleetGroup = z
  .object({
    key: z.string(),
    resources: count,
    scanned: count,
    objects: count,
    bytes: count,
    wasteBytes: count,
    ...findingCounts,
  })
  .strict();

/** @public */
export const fleetStorageSchema = z
  .object({
    generatedAt: z.string(),
    periodDays: z.number().int(),
    totals: fleetGroup,
    byOwner: z.array(fleetGroup),
    byProvider: z.array(fleetGroup),
    largest: z.array(fleetStorageRowSchema),
    fastestGrowing: z.array(fleetStorageRowSchema),
    waste: z.array(fleetStorageRowSchema),
  })
  .strict();

const comparedLine = z
  .object({
    change: z.enum(['same', 'desired-only', 'live-only', 'changed']),
    desired: z.string().optional(),
    live: z.string().optional(),
  })
  .strict();

const documentComparison = z
  .object({
    document: z.enum(['cors', 'bucket-policy', 'lifecycle']),
    title: z.string(),
    state: z.enum([
      'matches',
      'differs',
      'missing',
      'optional',
      'unknown',
      'not-generated',
    ]),
    summary: z.string(),
    desired: z.string().optional(),
    live: z.string().optional(),
    lines: z.array(comparedLine),
    command: z.string().optional(),
  })
  .strict();

/** @public */
export const configurationComparisonSchema = z
  .object({
    resourceId: z.string(),
    checkedAt: z.string(),
    documents: z.array(documentComparison),
  })
  .strict();

proveSameType<SameType<z.infer<typeof storageSampleSchema>, StorageSample>>();
proveSameType<
  SameType<z.infer<typeof resourceStorageSchema>, ResourceStorage>
>();
proveSameType<
  SameType<z.infer<typeof fleetStorageRowSchema>, FleetStorageRow>
>();
proveSameType<SameType<z.infer<typeof fleetGroup>, FleetStorageGroup>>();
proveSameType<SameType<z.infer<typeof fleetStorageSchema>, FleetStorage>>();
proveSameType<SameType<z.infer<typeof comparedLine>, ComparedLine>>();
proveSameType<
  SameType<z.infer<typeof documentComparison>, DocumentComparison>
>();
proveSameType<
  SameType<
    z.infer<typeof configurationComparisonSchema>,
    ConfigurationComparison
  >
>();
