import {
  SchedulerServiceTaskScheduleDefinition,
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { wholeNumberReader } from './wholeNumberConfig';

export type AuditSweepConfig = {
  enabled: boolean;
  schedule: SchedulerServiceTaskScheduleDefinition;
  /** Resources tested at a time on each instance. */
  concurrency: number;
  maxAccessKeyAgeDays: number;
  /** How long a role's "assumable without the ExternalId" answer is kept. */
  roleTrustCacheHours: number;
  /** Resources per batch: the most an instance that dies mid-sweep loses. */
  batchSize: number;
  /** How long a claimed batch stays an instance's without a renewal. */
  leaseSeconds: number;
  /** How often an idle instance looks for batches to join a sweep. */
  pollSeconds: number;
};

export const DEFAULT_AUDIT_SCHEDULE: SchedulerServiceTaskScheduleDefinition = {
  frequency: { hours: 6 },
  timeout: { minutes: 30 },
  initialDelay: { minutes: 2 },
};

/** `s3Resources.audit.*` with its defaults; bad values stop the backend with the key named. */
export function readAuditSweepConfig(config: Config): AuditSweepConfig {
  const audit = config.getOptionalConfig('s3Resources.audit');
  const wholeNumber = wholeNumberReader(audit, 's3Resources.audit');
  return {
    enabled: audit?.getOptionalBoolean('enabled') ?? true,
    schedule: audit?.has('schedule')
      ? readSchedulerServiceTaskScheduleDefinitionFromConfig(
          audit.getConfig('schedule'),
        )
      : DEFAULT_AUDIT_SCHEDULE,
    concurrency: wholeNumber('concurrency', 4, 1, 64),
    maxAccessKeyAgeDays: wholeNumber('maxAccessKeyAgeDays', 90, 1, 3650),
    roleTrustCacheHours: wholeNumber('roleTrustCacheHours', 24, 1, 720),
    batchSize: wholeNumber('batchSize', 50, 1, 1000),
    // renewed every third of it: 2 s is the shortest that stays well clear
    // of a database round trip
    leaseSeconds: wholeNumber('leaseSeconds', 60, 2, 3600),
    pollSeconds: wholeNumber('pollSeconds', 5, 1, 3600),
  };
}
