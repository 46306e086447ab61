import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError } from '@backstage/errors';
import {
  AuditRecord,
  s3AuditReadPermission,
  s3ResourceUpdatePermission,
} from '@s3-resources/plugin-s3-resources-common';
import { AuditQuery, AuditStore } from '../database/AuditStore';
import { ResourceStore } from '../database/ResourceStore';
import { ResourceAccess } from './ResourceAccess';
import { ResourcePermissions } from './ResourcePermissions';
import { checkedLimit } from './pageLimit';

export type AuditFilter = Omit<AuditQuery, 'limit' | 'before'>;

const MAX_PAGE = 500;

/**
 * Reads the audit trail. The platform (s3.audit.read) sees everything; those
 * who may update a resource see that resource's trail.
 */
export class AuditService {
  static create(options: {
    audit: AuditStore;
    resources: ResourceStore;
    permissions: ResourcePermissions;
  }) {
    return new AuditService(options);
  }

  private readonly access: ResourceAccess;

  private constructor(
    private readonly options: {
      audit: AuditStore;
      resources: ResourceStore;
      permissions: ResourcePermissions;
    },
  ) {
    this.access = ResourceAccess.create({
      store: options.resources,
      permissions: options.permissions,
    });
  }

  async authorize(
    filter: AuditFilter,
    credentials: BackstageCredentials,
  ): Promise<void> {
    if (
      await this.options.permissions.allows(s3AuditReadPermission, credentials)
    ) {
      return;
    }
    if (
      filter.resourceId &&
      (await this.access.allowsOnId(
        filter.resourceId,
        s3ResourceUpdatePermission,
        credentials,
      ))
    ) {
      return;
    }
    throw new NotAllowedError(
      'You may not read the audit trail (platform group only; owners may read the trail of their own resources with resourceId=)',
    );
  }

  async list(
    filter: AuditFilter & { limit?: number; cursor?: string },
    credentials: BackstageCredentials,
  ): Promise<{ items: AuditRecord[]; nextCursor?: string }> {
    await this.authorize(filter, credentials);
    const limit = checkedLimit(filter.limit, 100, MAX_PAGE);
    let before: number | undefined;
    if (filter.cursor !== undefined) {
      before = Number(Buffer.from(filter.cursor, 'base64url').toString());
      // a sequence number the database can compare (1e300 made PostgreSQL fail: 500)
      if (!Number.isSafeInteger(before) || before < 0) {
        throw new InputError('cursor: is not a cursor from this API');
      }
    }
    const { cursor: _c, limit: _l, ...query } = filter;
    const page = await this.options.audit.list({ ...query, limit, before });
    const items = page.items.map(({ seq: _seq, ...record }) => record);
    return {
      items,
      ...(page.hasMore
        ? {
            nextCursor: Buffer.from(
              String(page.items[page.items.length - 1].seq),
            ).toString('base64url'),
          }
        : {}),
    };
  }

  /** Every matching record, newest first, read page by page. */
  iterate(filter: AuditFilter): AsyncGenerator<AuditRecord> {
    return this.options.audit.iterate(filter);
  }
}
