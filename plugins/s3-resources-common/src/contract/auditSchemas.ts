import { z } from 'zod';
import {
  AuditFinding,
  AuditSweepRun,
  FINDING_KINDS,
  FINDING_SEVERITIES,
  FindingKind,
  FindingPage,
  FindingSeverity,
  FindingSummary,
} from '../findings';
import { SameType, proveSameType } from './sameType';

/* The audit sweep's answers: findings, their summary and the sweep runs. */

/** @public */
export const findingSeveritySchema = z.enum(
  FINDING_SEVERITIES as [FindingSeverity, ...FindingSeverity[]],
);
/** @public */
export const findingKindSchema = z.enum(
  FINDING_KINDS.map(k => k.kind) as [FindingKind, ...FindingKind[]],
);

/** @public */
export const auditFindingSchema = z
  .object({
    id: z.string().describe('Stable while the finding persists'),
    resourceId: z.string(),
    resourceName: z.string(),
    owner: z.string(),
    kind: findingKindSchema,
    severity: findingSeveritySchema,
    message: z.string(),
    fix: z.string(),
    firstSeenAt: z.string(),
    lastSeenAt: z.string(),
    sweepId: z.string(),
  })
  .strict();

/** @public */
export const findingPageSchema = z
  .object({
    items: z.array(auditFindingSchema),
    nextCursor: z.string().optional(),
    totalCount: z.number().int(),
  })
  .strict();

const sweepOutcome = z.enum([
  'running',
  'success',
  'partial',
  'aborted',
  'failure',
  'abandoned',
]);

/** @public */
export const auditSweepRunSchema = z
  .object({
    id: z.string(),
    startedAt: z.string(),
    finishedAt: z.string().optional(),
    instanceId: z.string(),
    resourcesChecked: z.number().int(),
    findings: z.number().int(),
    outcome: sweepOutcome,
    message: z.string().optional(),
  })
  .strict();

/** @public */
export const sweepRunPageSchema = z
  .object({ items: z.array(auditSweepRunSchema) })
  .strict();

function countsOf<T extends string>(keys: readonly T[]) {
  return z
    .object(
      Object.fromEntries(keys.map(k => [k, z.number().int()])) as Record<
        T,
        z.ZodNumber
      >,
    )
    .strict();
}

/** @public */
export const findingSummarySchema = z
  .object({
    total: z.number().int(),
    bySeverity: countsOf(FINDING_SEVERITIES),
    byKind: countsOf(FINDING_KINDS.map(k => k.kind)),
    resources: z.number().int().describe('Resources with at least one finding'),
    unswept: z
      .number()
      .int()
      .describe('Resources registered since the last sweep, not judged yet'),
    lastSweep: z
      .object({
        id: z.string(),
        startedAt: z.string(),
        finishedAt: z.string().optional(),
        outcome: sweepOutcome,
      })
      .strict()
      .optional(),
  })
  .strict();

/** @public */
export const sweepTriggerSchema = z
  .object({ taskId: z.string(), status: z.literal('triggered') })
  .strict();

/** @public */
export const keyRotationSchema = z
  .object({
    rotated: z.number().int(),
    remaining: z.number().int(),
    activeKeyId: z.string(),
  })
  .strict();

proveSameType<SameType<z.infer<typeof auditFindingSchema>, AuditFinding>>();
proveSameType<SameType<z.infer<typeof findingPageSchema>, FindingPage>>();
proveSameType<SameType<z.infer<typeof auditSweepRunSchema>, AuditSweepRun>>();
proveSameType<SameType<z.infer<typeof findingSummarySchema>, FindingSummary>>();
