import { InputError } from '@backstage/errors';
import { ShareLinkRecord } from '@s3-resources/plugin-s3-resources-common';
import { Knex } from 'knex';
import { DbTimestamp, dateToDb, isoFromDb } from './timestamps';

type DbRow = {
  id: string;
  resource_id: string;
  resource_name: string;
  object_key: string;
  created_by: string;
  created_at: DbTimestamp;
  expires_at: DbTimestamp;
};

const TABLE = 's3_resource_share_links';

export type ShareLinkFilter = {
  resourceId?: string;
  createdBy?: string;
  /** Include links that have expired (default: only those still valid at `now`). */
  expired?: boolean;
  now: Date;
};

function fromDb(row: DbRow): ShareLinkRecord {
  return {
    id: row.id,
    resourceId: row.resource_id,
    resourceName: row.resource_name,
    key: row.object_key,
    createdBy: row.created_by,
    createdAt: isoFromDb(row.created_at),
    expiresAt: isoFromDb(row.expires_at),
  };
}

function encodeCursor(link: ShareLinkRecord): string {
  return Buffer.from(JSON.stringify([link.createdAt, link.id])).toString(
    'base64url',
  );
}

function decodeCursor(cursor: string): { createdAt: Date; id: string } {
  try {
    const [createdAt, id] = JSON.parse(
      Buffer.from(cursor, 'base64url').toString('utf8'),
    );
    const at = new Date(createdAt);
    if (typeof id === 'string' && !Number.isNaN(at.getTime())) {
      return { createdAt: at, id };
    }
  } catch {
    // reported below
  }
  throw new InputError('cursor: is not a cursor from this API');
}

/**
 * Share links issued (`s3_resource_share_links`): who issued which object's
 * link and until when. The URL is not kept: it is a bearer credential, and
 * a presigned URL cannot be revoked anyway.
 */
export class ShareLinkStore {
  static create(db: Knex): ShareLinkStore {
    return new ShareLinkStore(db);
  }

  private constructor(private readonly db: Knex) {}

  async record(link: ShareLinkRecord): Promise<void> {
    await this.db(TABLE).insert({
      id: link.id,
      resource_id: link.resourceId,
      resource_name: link.resourceName,
      object_key: link.key,
      created_by: link.createdBy,
      created_at: dateToDb(link.createdAt),
      expires_at: dateToDb(link.expiresAt),
    });
  }

  private filtered(filter: ShareLinkFilter) {
    const qb = this.db<DbRow>(TABLE);
    if (filter.resourceId) qb.where('resource_id', filter.resourceId);
    if (filter.createdBy) qb.where('created_by', filter.createdBy);
    if (!filter.expired) qb.where('expires_at', '>', filter.now);
    return qb;
  }

  /** Newest first; keyset paging on (created_at, id). */
  async list(
    filter: ShareLinkFilter & { limit: number; cursor?: string },
  ): Promise<{ items: ShareLinkRecord[]; nextCursor?: string }> {
    const qb = this.filtered(filter)
      .select('*')
      .orderBy([
        { column: 'created_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .limit(filter.limit + 1);
    if (filter.cursor) {
      const after = decodeCursor(filter.cursor);
      qb.andWhere(q =>
        q
          .where('created_at', '<', after.createdAt)
          .orWhere(q2 =>
            q2
              .where('created_at', after.createdAt)
              .andWhere('id', '<', after.id),
          ),
      );
    }
    const rows: DbRow[] = await qb;
    const items = rows.slice(0, filter.limit).map(fromDb);
    return {
      items,
      ...(rows.length > filter.limit
        ? { nextCursor: encodeCursor(items[items.length - 1]) }
        : {}),
    };
  }

  /** Every matching link, newest first, a page at a time (exports). */
  async *iterate(filter: ShareLinkFilter): AsyncIterable<ShareLinkRecord> {
    let cursor: string | undefined;
    do {
      const page = await this.list({ ...filter, limit: 500, cursor });
      yield* page.items;
      cursor = page.nextCursor;
    } while (cursor);
  }
}
