import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import {
  ReconciliationEntry,
  ReconciliationKind,
  ReconciliationPage,
  s3AuditReadPermission,
} from '@s3-resources/plugin-s3-resources-common';
import {
  ReconciliationFilter,
  ReconciliationStore,
} from '../database/ReconciliationStore';
import { ResourcePermissions } from '../service/ResourcePermissions';
import { checkedLimit } from '../service/pageLimit';

export type ReconciliationQuery = {
  kind?: ReconciliationKind[];
  source?: string;
};

/** An entry with its source spelled out in flat columns, for exports. */
export type ReconciliationExportRow = ReconciliationEntry & {
  sourceProvider: string;
  sourceEndpoint: string;
  sourceCredential: string;
};

const MAX_PAGE = 500;
const DEFAULT_PAGE = 100;

/**
 * Reads reconciliation's results. They name buckets no resource registers
 * (which no resource permission covers) and which credentials listed them,
 * so they are for the platform only: `s3.audit.read`, decided here.
 */
export class ReconciliationService {
  static create(options: {
    results: ReconciliationStore;
    permissions: ResourcePermissions;
  }) {
    return new ReconciliationService(options);
  }

  private constructor(
    private readonly options: {
      results: ReconciliationStore;
      permissions: ResourcePermissions;
    },
  ) {}

  /** Refuses callers without `s3.audit.read`; the store filter otherwise. */
  async filterFor(
    query: ReconciliationQuery,
    credentials: BackstageCredentials,
  ): Promise<ReconciliationFilter> {
    if (
      !(await this.options.permissions.allows(
        s3AuditReadPermission,
        credentials,
      ))
    ) {
      throw new NotAllowedError(
        'Reconciliation is for the platform: it needs s3.audit.read',
      );
    }
    return { kinds: query.kind, sourceId: query.source };
  }

  async list(
    query: ReconciliationQuery & { limit?: number; cursor?: string },
    credentials: BackstageCredentials,
  ): Promise<ReconciliationPage> {
    // the permission first: an unauthorised caller learns nothing of the rules
    const filter = await this.filterFor(query, credentials);
    const limit = checkedLimit(query.limit, DEFAULT_PAGE, MAX_PAGE);
    const { results } = this.options;
    const [page, totalCount, sources] = await Promise.all([
      results.list({ ...filter, limit, cursor: query.cursor }),
      results.count(filter),
      results.sources(),
    ]);
    return { ...page, totalCount, sources };
  }

  async *iterate(
    filter: ReconciliationFilter,
  ): AsyncGenerator<ReconciliationExportRow> {
    for await (const entry of this.options.results.iterate(filter)) {
      const { source } = entry;
      yield {
        ...entry,
        sourceProvider: source.provider,
        sourceEndpoint: source.endpoint ?? '',
        sourceCredential:
          source.credential.kind === 'aws-account'
            ? `aws-account:${source.credential.accountId}`
            : `resource:${source.credential.resourceName}${
                source.credential.accessKeyId
                  ? ` (${source.credential.accessKeyId})`
                  : ''
              }`,
      };
    }
  }
}
