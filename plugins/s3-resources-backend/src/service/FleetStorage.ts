import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import {
  FindingSeverity,
  FleetStorage,
  FleetStorageGroup,
  FleetStorageRow,
  StorageSample,
  s3AuditReadPermission,
} from '@s3-resources/plugin-s3-resources-common';
import { FindingStore } from '../database/FindingStore';
import { ResourceStore } from '../database/ResourceStore';
import { ResourcePermissions } from './ResourcePermissions';

/** What the fleet view reads of the storage scans' history. */
export type StorageHistory = {
  /** Each resource's latest complete scan, in one query. */
  latestForMany(resourceIds: string[]): Promise<Map<string, StorageSample>>;
  /** Each resource's first complete scan taken at or after `since`. */
  firstSince(
    resourceIds: string[],
    since: Date,
  ): Promise<Map<string, StorageSample>>;
};

const TOP = 10;
const DAY_MS = 86_400_000;
export const DEFAULT_PERIOD_DAYS = 7;

const severityColumn: Record<FindingSeverity, keyof FleetStorageRow> = {
  high: 'highFindings',
  medium: 'mediumFindings',
  low: 'lowFindings',
  info: 'infoFindings',
};

function emptyGroup(key: string): FleetStorageGroup {
  return {
    key,
    resources: 0,
    scanned: 0,
    objects: 0,
    bytes: 0,
    wasteBytes: 0,
    highFindings: 0,
    mediumFindings: 0,
    lowFindings: 0,
    infoFindings: 0,
  };
}

function addTo(group: FleetStorageGroup, row: FleetStorageRow) {
  group.resources++;
  if (row.scannedAt) group.scanned++;
  group.objects += row.objects ?? 0;
  group.bytes += row.bytes ?? 0;
  group.wasteBytes += row.wasteBytes ?? 0;
  group.highFindings += row.highFindings;
  group.mediumFindings += row.mediumFindings;
  group.lowFindings += row.lowFindings;
  group.infoFindings += row.infoFindings;
}

function grouped(
  rows: FleetStorageRow[],
  keyOf: (row: FleetStorageRow) => string,
): FleetStorageGroup[] {
  const groups = new Map<string, FleetStorageGroup>();
  for (const row of rows) {
    const key = keyOf(row);
    const group = groups.get(key) ?? emptyGroup(key);
    addTo(group, row);
    groups.set(key, group);
  }
  return [...groups.values()].sort(
    (a, b) => b.bytes - a.bytes || a.key.localeCompare(b.key),
  );
}

function topBy(
  rows: FleetStorageRow[],
  value: (row: FleetStorageRow) => number | undefined,
): FleetStorageRow[] {
  return rows
    .filter(row => (value(row) ?? 0) > 0)
    .sort(
      (a, b) =>
        (value(b) ?? 0) - (value(a) ?? 0) ||
        a.resourceName.localeCompare(b.resourceName),
    )
    .slice(0, TOP);
}

/**
 * A sample's figures as a fleet row holds them: a figure the scan could not
 * gather is left out (never zero) and named; growth only between two scans
 * that both counted the objects.
 */
function figuresOf(
  sample: StorageSample,
  first: StorageSample | undefined,
): Partial<FleetStorageRow> {
  const unknown = new Set(sample.unknown.map(u => u.figure));
  const out: Partial<FleetStorageRow> = { scannedAt: sample.takenAt };
  if (unknown.size) out.unknownFigures = [...unknown];
  if (!unknown.has('objects')) {
    out.objects = sample.objects;
    out.bytes = sample.bytes;
  }
  if (!unknown.has('incompleteUploads')) {
    out.incompleteUploads = sample.incompleteUploads.count;
    out.incompleteUploadBytes = sample.incompleteUploads.bytes;
  }
  const noncurrent = sample.noncurrentVersions;
  if (noncurrent && !unknown.has('noncurrentVersions')) {
    out.noncurrentVersions = noncurrent.count;
    out.noncurrentBytes = noncurrent.bytes;
  }
  if (!unknown.has('incompleteUploads') && !unknown.has('noncurrentVersions')) {
    out.wasteBytes = sample.incompleteUploads.bytes + (noncurrent?.bytes ?? 0);
  }
  const comparable =
    first &&
    first.takenAt !== sample.takenAt &&
    !unknown.has('objects') &&
    !first.unknown.some(u => u.figure === 'objects');
  if (comparable) {
    out.growthBytes = sample.bytes - first.bytes;
    out.growthSince = first.takenAt;
  }
  return out;
}

/**
 * The platform team's view of every resource's storage: the latest complete
 * scan of each, growth over a period, waste, and findings by severity,
 * grouped by owner and by provider. Needs `s3.audit.read`: it covers every
 * resource, whoever owns it.
 */
export class FleetStorageService {
  constructor(
    private readonly options: {
      resources: Pick<ResourceStore, 'locations'>;
      findings: Pick<FindingStore, 'countsByResource'>;
      storage: StorageHistory;
      permissions: Pick<ResourcePermissions, 'allows'>;
    },
  ) {}

  /** One row per resource, by name. */
  async rows(
    periodDays: number,
    credentials: BackstageCredentials,
    now = new Date(),
  ): Promise<FleetStorageRow[]> {
    const { permissions, resources, findings, storage } = this.options;
    if (!(await permissions.allows(s3AuditReadPermission, credentials))) {
      throw new NotAllowedError(
        'You may not read the fleet view (it needs the audit permission, s3.audit.read)',
      );
    }
    const locations = await resources.locations();
    const ids = locations.map(l => l.id);
    const [latest, since, counts] = await Promise.all([
      storage.latestForMany(ids),
      storage.firstSince(ids, new Date(now.getTime() - periodDays * DAY_MS)),
      findings.countsByResource(),
    ]);
    return locations.map(location => {
      const sample = latest.get(location.id);
      const first = since.get(location.id);
      const severities = counts.get(location.id) ?? {};
      const row: FleetStorageRow = {
        resourceId: location.id,
        resourceName: location.name,
        owner: location.owner,
        provider: location.provider,
        bucket: location.bucket,
        ...(location.prefix ? { prefix: location.prefix } : {}),
        highFindings: 0,
        mediumFindings: 0,
        lowFindings: 0,
        infoFindings: 0,
      };
      for (const [severity, column] of Object.entries(severityColumn)) {
        (row[column] as number) = severities[severity as FindingSeverity] ?? 0;
      }
      if (!sample) return row;
      return { ...row, ...figuresOf(sample, first) };
    });
  }

  async summary(
    periodDays: number,
    credentials: BackstageCredentials,
    now = new Date(),
  ): Promise<FleetStorage> {
    const rows = await this.rows(periodDays, credentials, now);
    const totals = emptyGroup('all');
    rows.forEach(row => addTo(totals, row));
    return {
      generatedAt: now.toISOString(),
      periodDays,
      totals,
      byOwner: grouped(rows, row => row.owner),
      byProvider: grouped(rows, row => row.provider),
      largest: topBy(rows, row => row.bytes),
      fastestGrowing: topBy(rows, row => row.growthBytes),
      waste: topBy(rows, row => row.wasteBytes),
    };
  }
}
