import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import {
  ShareLinkRecord,
  s3AuditReadPermission,
} from '@s3-resources/plugin-s3-resources-common';
import { ShareLinkFilter, ShareLinkStore } from '../database/ShareLinkStore';
import { AuditTrail } from './AuditTrail';
import { ResourcePermissions } from './ResourcePermissions';
import { checkedLimit } from './pageLimit';

export type ShareLinkQuery = Omit<ShareLinkFilter, 'now'>;

/**
 * The share links issued. The platform (s3.audit.read) sees every link;
 * anyone else sees the links they issued themselves, and asking for
 * another person's links is refused rather than answered empty.
 */
export class ShareLinkService {
  static create(options: {
    store: ShareLinkStore;
    permissions: ResourcePermissions;
    audit: AuditTrail;
    now?: () => Date;
  }) {
    return new ShareLinkService(options);
  }

  private constructor(
    private readonly options: {
      store: ShareLinkStore;
      permissions: ResourcePermissions;
      audit: AuditTrail;
      now?: () => Date;
    },
  ) {}

  record(link: ShareLinkRecord): Promise<void> {
    return this.options.store.record(link);
  }

  /** The filter the caller may use: their own links unless they are the platform. */
  async filterFor(
    query: ShareLinkQuery,
    credentials: BackstageCredentials,
  ): Promise<ShareLinkFilter> {
    const now = this.options.now?.() ?? new Date();
    if (
      await this.options.permissions.allows(s3AuditReadPermission, credentials)
    ) {
      return { ...query, now };
    }
    const actor = this.options.audit.actorOf(credentials);
    if (query.createdBy && query.createdBy !== actor) {
      throw new NotAllowedError(
        'createdBy: you may list only the share links you issued (the platform group sees all)',
      );
    }
    return { ...query, createdBy: actor, now };
  }

  async list(
    query: ShareLinkQuery & { limit?: number; cursor?: string },
    credentials: BackstageCredentials,
  ) {
    const { limit, cursor, ...rest } = query;
    return this.options.store.list({
      ...(await this.filterFor(rest, credentials)),
      limit: checkedLimit(limit, 50, 500),
      ...(cursor ? { cursor } : {}),
    });
  }

  iterate(filter: ShareLinkFilter): AsyncIterable<ShareLinkRecord> {
    return this.options.store.iterate(filter);
  }
}
