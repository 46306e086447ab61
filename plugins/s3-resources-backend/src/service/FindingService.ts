import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { ConflictError, InputError, NotAllowedError } from '@backstage/errors';
import {
  AuditFinding,
  AuditSweepRun,
  FINDING_KINDS,
  FINDING_SEVERITIES,
  FindingKind,
  FindingPage,
  FindingSeverity,
  FindingSummary,
  s3AuditReadPermission,
  s3AuditSweepPermission,
  s3ResourceUpdatePermission,
} from '@s3-resources/plugin-s3-resources-common';
import { FindingFilter, FindingStore } from '../database/FindingStore';
import { ResourceQuery } from '../database/ResourceStore';
import { SweepRunStore } from '../database/SweepRunStore';
import { ResourcePermissions } from './ResourcePermissions';
import { checkedLimit } from './pageLimit';

/** Filters of the findings API, as given in the query string. */
export type FindingQuery = {
  severity?: string[];
  kind?: string[];
  owner?: string[];
  resourceId?: string;
};

const MAX_PAGE = 500;
const DEFAULT_PAGE = 50;
const MAX_SWEEPS = 200;
const DEFAULT_SWEEPS = 20;

const KINDS = FINDING_KINDS.map(k => k.kind);

function checkedList<T extends string>(
  values: string[] | undefined,
  allowed: readonly T[],
  field: string,
): T[] | undefined {
  if (!values) return undefined;
  const bad = values.filter(v => !allowed.includes(v as T));
  if (bad.length) {
    throw new InputError(
      `${field}: ${bad.join(', ')} is not one of ${allowed.join(', ')}`,
    );
  }
  return values as T[];
}

/**
 * Reads the audit sweep's findings and runs, and starts a sweep on request.
 * The platform (`s3.audit.read`) sees every finding; others see the findings
 * of the resources they may update (their own), through the same permission
 * conditions that filter resource lists. Sweep runs and starting a sweep are
 * for the platform only.
 */
export class FindingService {
  static create(options: {
    findings: FindingStore;
    sweeps: SweepRunStore;
    permissions: ResourcePermissions;
    /** Starts the sweep now; absent when the sweep is disabled. */
    triggerSweep?: () => Promise<void>;
  }) {
    return new FindingService(options);
  }

  private constructor(
    private readonly options: {
      findings: FindingStore;
      sweeps: SweepRunStore;
      permissions: ResourcePermissions;
      triggerSweep?: () => Promise<void>;
    },
  ) {}

  /** Which resources' findings the caller may see: undefined = all. */
  private async visible(
    credentials: BackstageCredentials,
  ): Promise<ResourceQuery | undefined | 'none'> {
    const { permissions } = this.options;
    if (await permissions.allows(s3AuditReadPermission, credentials)) {
      return undefined;
    }
    return permissions.listFilter(s3ResourceUpdatePermission, credentials);
  }

  /** The store filter for a query and a caller; 'none' when they may see nothing. */
  async filterFor(
    query: FindingQuery,
    credentials: BackstageCredentials,
  ): Promise<FindingFilter | 'none'> {
    const filter: FindingFilter = {
      severities: checkedList<FindingSeverity>(
        query.severity,
        FINDING_SEVERITIES,
        'severity',
      ),
      kinds: checkedList<FindingKind>(query.kind, KINDS, 'kind'),
      owners: query.owner,
      resourceId: query.resourceId,
    };
    const where = await this.visible(credentials);
    if (where === 'none') return 'none';
    return { ...filter, where };
  }

  async list(
    query: FindingQuery & { limit?: number; cursor?: string },
    credentials: BackstageCredentials,
  ): Promise<FindingPage> {
    const limit = checkedLimit(query.limit, DEFAULT_PAGE, MAX_PAGE);
    const filter = await this.filterFor(query, credentials);
    if (filter === 'none') return { items: [], totalCount: 0 };
    const [page, totalCount] = await Promise.all([
      this.options.findings.list({ ...filter, limit, cursor: query.cursor }),
      this.options.findings.count(filter),
    ]);
    return { ...page, totalCount };
  }

  async summary(
    query: FindingQuery,
    credentials: BackstageCredentials,
  ): Promise<FindingSummary> {
    const filter = await this.filterFor(query, credentials);
    const summary: FindingSummary = {
      total: 0,
      bySeverity: Object.fromEntries(
        FINDING_SEVERITIES.map(s => [s, 0]),
      ) as FindingSummary['bySeverity'],
      byKind: Object.fromEntries(
        KINDS.map(k => [k, 0]),
      ) as FindingSummary['byKind'],
      resources: 0,
      unswept: 0,
    };
    const last = await this.options.sweeps.lastFinished();
    if (last) {
      summary.lastSweep = {
        id: last.id,
        startedAt: last.startedAt,
        ...(last.finishedAt ? { finishedAt: last.finishedAt } : {}),
        outcome: last.outcome,
      };
    }
    if (filter === 'none') return summary;
    const counts = await this.options.findings.summary(filter);
    for (const g of counts.groups) {
      summary.total += g.n;
      summary.bySeverity[g.severity] =
        (summary.bySeverity[g.severity] ?? 0) + g.n;
      summary.byKind[g.kind] = (summary.byKind[g.kind] ?? 0) + g.n;
    }
    summary.resources = counts.resources;
    summary.unswept = await this.options.findings.countUnswept(
      filter,
      last?.startedAt,
    );
    return summary;
  }

  /** Every finding matching a filter from {@link FindingService.filterFor}, for exports. */
  async *iterate(filter: FindingFilter | 'none'): AsyncGenerator<AuditFinding> {
    if (filter === 'none') return;
    yield* this.options.findings.iterate(filter);
  }

  async sweepRuns(
    query: { limit?: number },
    credentials: BackstageCredentials,
  ): Promise<{ items: AuditSweepRun[] }> {
    const limit = checkedLimit(query.limit, DEFAULT_SWEEPS, MAX_SWEEPS);
    if (
      !(await this.options.permissions.allows(
        s3AuditReadPermission,
        credentials,
      ))
    ) {
      throw new NotAllowedError(
        'You may not read the audit sweep runs (platform group only)',
      );
    }
    return { items: await this.options.sweeps.list(limit) };
  }

  /** Starts a sweep now on whichever instance polls first; 409 while one runs. */
  async triggerSweep(credentials: BackstageCredentials): Promise<void> {
    if (
      !(await this.options.permissions.allows(
        s3AuditSweepPermission,
        credentials,
      ))
    ) {
      throw new NotAllowedError('You may not start the audit sweep');
    }
    if (!this.options.triggerSweep) {
      throw new ConflictError(
        'The audit sweep is disabled (s3Resources.audit.enabled: false)',
      );
    }
    await this.options.triggerSweep();
  }
}
