import { NotAllowedError } from '@backstage/errors';
import {
  ConfigurationComparison,
  ResourceStorage,
  s3ResourceTestPermission,
} from '@s3-resources/plugin-s3-resources-common';
import { BucketSessions } from '../objects/BucketSessions';
import { objectTarget } from '../objects/objectTarget';
import { AuditTrail } from './AuditTrail';
import { compareConfiguration } from './ConfigurationComparison';
import { RateLimiter } from './RateLimiter';
import { ResourcePermissions } from './ResourcePermissions';
import { CallContext, ResourceService } from './ResourceService';

/**
 * What one resource's bucket holds and how its live configuration compares
 * with the generated one. Storage figures (from the background scans) are
 * for those who may read the resource; the live configuration, read on
 * request with the resource's own credentials, for those who may test it,
 * within a per-user rate limit of its own.
 */
export class BucketInsight {
  constructor(
    private readonly options: {
      resources: ResourceService;
      sessions: BucketSessions;
      storage: { storageOf(resourceId: string): Promise<ResourceStorage> };
      audit: AuditTrail;
      permissions: ResourcePermissions;
      /** Live reads per user (`s3Resources.liveConfiguration.rateLimit`). */
      rateLimiter: RateLimiter;
    },
  ) {}

  async storage(id: string, ctx: CallContext): Promise<ResourceStorage> {
    const row = await this.options.resources.access.readable(
      id,
      ctx.credentials,
    );
    return this.options.storage.storageOf(row.id);
  }

  async configuration(
    id: string,
    ctx: CallContext,
  ): Promise<ConfigurationComparison> {
    const { resources, sessions, audit, permissions } = this.options;
    const row = await resources.access.readable(id, ctx.credentials);
    // it acts with the resource's own credentials: whoever may test it
    if (
      !(await permissions.allowsOn(
        s3ResourceTestPermission,
        row,
        ctx.credentials,
      ))
    ) {
      throw new NotAllowedError(
        `You may not read the live configuration of ${row.name}: it is read with the resource's own credentials, as the connection test (s3.resource.test)`,
      );
    }
    resources.assertOwnerMayUseAccounts(row);
    await this.options.rateLimiter.take(audit.actorOf(ctx.credentials));
    const policies = await resources.policies(id, ctx);
    const target = objectTarget(row, await resources.secretOf(row));
    const session = await sessions.session(
      target,
      audit.actorOf(ctx.credentials),
    );
    return compareConfiguration({
      resourceId: row.id,
      settings: target.settings,
      policies,
      ...(target.auth.method === 'assume-role'
        ? { principalArn: target.auth.roleArn }
        : {}),
      s3: session.s3,
    });
  }
}
