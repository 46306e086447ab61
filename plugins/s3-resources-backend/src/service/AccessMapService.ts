import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import {
  ACCESS_FINDING_KINDS,
  AccessState,
  FleetAccessRow,
  FleetAccessSummary,
  ResourceAccessMap,
  accessBeyondLevel,
  fleetAccessRows,
  s3AuditReadPermission,
  s3ResourceUpdatePermission,
} from '@s3-resources/plugin-s3-resources-common';
import { FindingStore } from '../database/FindingStore';
import { ResourceRow } from '../database/resourceRow';
import { ResourceStore } from '../database/ResourceStore';
import { TestRunStore } from '../database/TestRunStore';
import { accessMapOf } from './accessFindings';
import { ResourceAccess } from './ResourceAccess';
import { ResourcePermissions } from './ResourcePermissions';

const runOf = (row: ResourceRow, runs: Map<string, unknown>) =>
  (row.lastTestRunId ? runs.get(row.lastTestRunId) : undefined) as Parameters<
    typeof accessMapOf
  >[1];

/** Resources read per page of the fleet export. */
const FLEET_PAGE = 200;

/**
 * Who may do what to a resource's bucket, computed from the latest stored
 * connection test (the audit sweep refreshes it): no provider call at read
 * time. A resource's map is for those who may update it and for the
 * platform group (`s3.audit.read`), as its findings are: it names the
 * principals and statements that reach the bucket. The fleet export needs
 * `s3.audit.read`.
 */
export class AccessMapService {
  static create(options: {
    store: ResourceStore;
    access: ResourceAccess;
    runs: TestRunStore;
    findings: FindingStore;
    permissions: ResourcePermissions;
  }) {
    return new AccessMapService(options);
  }

  private constructor(
    private readonly options: {
      store: ResourceStore;
      access: ResourceAccess;
      runs: TestRunStore;
      findings: FindingStore;
      permissions: ResourcePermissions;
    },
  ) {}

  /** 404 for those who may not read the resource, 403 for readers who may not update it. */
  async forResource(
    id: string,
    credentials: BackstageCredentials,
  ): Promise<ResourceAccessMap> {
    const { access, permissions, runs, findings } = this.options;
    const row = await access.readable(id, credentials);
    const [platform, update] = await Promise.all([
      permissions.allows(s3AuditReadPermission, credentials),
      permissions.allowsOn(s3ResourceUpdatePermission, row, credentials),
    ]);
    if (!platform && !update) {
      throw new NotAllowedError(
        `You may not see the access map of ${row.name}: it is for those who may update the resource (s3.resource.update) and the platform group (s3.audit.read)`,
      );
    }
    const latest = row.lastTestRunId
      ? (await runs.getMany([row.lastTestRunId])).get(row.lastTestRunId)
      : undefined;
    const related = await findings.list({
      resourceId: row.id,
      kinds: [...ACCESS_FINDING_KINDS],
      limit: ACCESS_FINDING_KINDS.length,
    });
    return { map: accessMapOf(row, latest), findings: related.items };
  }

  private async assertPlatform(credentials: BackstageCredentials) {
    if (
      !(await this.options.permissions.allows(
        s3AuditReadPermission,
        credentials,
      ))
    ) {
      throw new NotAllowedError(
        "You may not read every resource's access map (it needs the audit permission, s3.audit.read)",
      );
    }
  }

  /** Every resource's map, a page of resources at a time with their runs in one query. */
  private async *maps() {
    const { store, runs } = this.options;
    let after;
    for (;;) {
      const page = await store.page({ limit: FLEET_PAGE, after });
      const ids = page.rows.flatMap(r =>
        r.lastTestRunId ? [r.lastTestRunId] : [],
      );
      const latest = await runs.getMany(ids);
      for (const row of page.rows) {
        yield { row, map: accessMapOf(row, runOf(row, latest)) };
      }
      if (!page.hasMore || !page.next) return;
      after = page.next;
    }
  }

  /** The fleet's rows for the export; checks the permission before the first. */
  async fleetRows(
    credentials: BackstageCredentials,
  ): Promise<AsyncIterable<FleetAccessRow>> {
    await this.assertPlatform(credentials);
    const maps = () => this.maps();
    return (async function* rows() {
      for await (const { map } of maps()) yield* fleetAccessRows(map);
    })();
  }

  async fleetSummary(
    credentials: BackstageCredentials,
  ): Promise<FleetAccessSummary> {
    await this.assertPlatform(credentials);
    const byState: Record<AccessState, number> = {
      granted: 0,
      denied: 0,
      blocked: 0,
      'not-granted': 0,
      unknown: 0,
    };
    const summary = { resources: 0, untested: 0, byState, beyondLevel: 0 };
    for await (const { map } of this.maps()) {
      summary.resources++;
      if (!map.run) summary.untested++;
      for (const row of map.rows) {
        for (const cell of row.cells) byState[cell.state]++;
      }
      if (accessBeyondLevel(map).length) summary.beyondLevel++;
    }
    return summary;
  }
}
