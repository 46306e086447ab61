import {
  ConfigurationComparison,
  ResourceStorage,
} from '@s3-resources/plugin-s3-resources-common';
import { BucketSessions } from '../objects/BucketSessions';
import { objectTarget } from '../objects/objectTarget';
import { AuditTrail } from './AuditTrail';
import { compareConfiguration } from './ConfigurationComparison';
import { CallContext, ResourceService } from './ResourceService';

/**
 * What one resource's bucket holds and how its live configuration compares
 * with the generated one, for those who may read the resource. Storage
 * figures come from the background scans; the live configuration is read
 * on request with the resource's own credentials.
 */
export class BucketInsight {
  constructor(
    private readonly options: {
      resources: ResourceService;
      sessions: BucketSessions;
      storage: { storageOf(resourceId: string): Promise<ResourceStorage> };
      audit: AuditTrail;
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
    const { resources, sessions, audit } = this.options;
    const row = await resources.access.readable(id, ctx.credentials);
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
      s3: session.s3,
    });
  }
}
