import { useApi, useRouteRef } from '@backstage/core-plugin-api';
import {
  Card,
  CardBody,
  CardHeader,
  Flex,
  Grid,
  Link,
  Select,
  Skeleton,
  Text,
} from '@backstage/ui';
import {
  FleetStorageGroup,
  FleetStorageRow,
  PROVIDER_PROFILES,
  ProviderId,
} from '@s3-resources/plugin-s3-resources-common';
import { ReactNode, useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { s3ResourcesApiRef } from '../../api/S3ResourcesApi';
import { resourceRouteRef } from '../../routes';
import { BarList } from '../Audit/FindingsChart';
import { formatBytes } from '../Objects/objectFormat';
import { ErrorAlert } from '../common/ErrorAlert';
import { ExportButtons } from '../common/ExportButtons';
import { Field } from '../common/Field';
import { formatDateTime } from '../common/time';
import styles from '../common/plainTable.module.css';
import { formatCount } from './storageText';

const PERIODS = [
  { id: '7', label: 'Last 7 days' },
  { id: '30', label: 'Last 30 days' },
  { id: '90', label: 'Last 90 days' },
];

const providerTitle = (id: string) =>
  PROVIDER_PROFILES[id as ProviderId]?.title ?? id;

const head = `${styles.cell} ${styles.head}`;

function Table(props: {
  label: string;
  columns: string[];
  rows: ReactNode[][];
  empty: string;
}) {
  if (!props.rows.length) {
    return (
      <Text as="p" color="secondary">
        {props.empty}
      </Text>
    );
  }
  return (
    <div className={styles.scroll}>
      <table className={styles.table} aria-label={props.label}>
        <thead>
          <tr>
            {props.columns.map(c => (
              <th key={c} scope="col" className={head}>
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {props.rows.map((cells, i) => (
            <tr key={i}>
              {cells.map((c, j) =>
                j === 0 ? (
                  <th
                    key={j}
                    scope="row"
                    className={`${styles.cell} ${styles.rowHeader}`}
                  >
                    {c}
                  </th>
                ) : (
                  <td key={j} className={styles.cell}>
                    {c}
                  </td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

const findingsText = (g: {
  highFindings: number;
  mediumFindings: number;
  lowFindings: number;
  infoFindings: number;
}) =>
  `${g.highFindings} high · ${g.mediumFindings} medium · ${g.lowFindings} low · ${g.infoFindings} info`;

function groupRows(
  groups: FleetStorageGroup[],
  title: (key: string) => string,
) {
  return groups.map(g => [
    title(g.key),
    `${g.resources} (${g.scanned} scanned)`,
    formatBytes(g.bytes),
    formatCount(g.objects),
    formatBytes(g.wasteBytes),
    findingsText(g),
  ]);
}

const GROUP_COLUMNS = ['Resources', 'Size', 'Objects', 'Waste', 'Findings'];

const unknownIn = (
  r: FleetStorageRow,
  figure: 'incompleteUploads' | 'noncurrentVersions',
) => r.unknownFigures?.includes(figure) ?? false;

function uploadsCell(r: FleetStorageRow): string {
  if (unknownIn(r, 'incompleteUploads')) return 'Unknown';
  return `${formatCount(r.incompleteUploads ?? 0)} (${formatBytes(
    r.incompleteUploadBytes ?? 0,
  )})`;
}

function versionsCell(r: FleetStorageRow): string {
  if (unknownIn(r, 'noncurrentVersions')) return 'Unknown';
  if (r.noncurrentVersions === undefined) return 'None kept (versioning off)';
  return `${formatCount(r.noncurrentVersions)} (${formatBytes(
    r.noncurrentBytes ?? 0,
  )})`;
}

/** A card with one bar per resource, its bytes written after it. */
function TopBars(props: {
  title: string;
  rows: FleetStorageRow[];
  value: (row: FleetStorageRow) => number | undefined;
  color: string;
  empty: string;
}) {
  return (
    <Card>
      <CardBody>
        {props.rows.length ? (
          <BarList
            title={props.title}
            labelWidth="minmax(8rem, 14rem)"
            valueWidth="6rem"
            formatValue={formatBytes}
            bars={props.rows.map(r => ({
              key: r.resourceId,
              name: r.resourceName,
              label: r.resourceName,
              value: props.value(r) ?? 0,
              color: props.color,
            }))}
          />
        ) : (
          <Text as="p">{props.empty}</Text>
        )}
      </CardBody>
    </Card>
  );
}

function ResourceName(props: { row: FleetStorageRow }) {
  const link = useRouteRef(resourceRouteRef);
  return (
    <Flex direction="column" gap="1">
      <Link href={`${link({ id: props.row.resourceId })}?tab=storage`}>
        {props.row.resourceName}
      </Link>
      <Text as="span" variant="body-small" color="secondary">
        {props.row.owner}
      </Text>
    </Flex>
  );
}

/**
 * The audit view's storage tab: every resource's latest scan, totals by
 * owner and provider, the largest, fastest-growing and most wasteful
 * buckets, exportable as CSV and NDJSON (platform group).
 */
export function FleetPanel() {
  const api = useApi(s3ResourcesApiRef);
  const [period, setPeriod] = useState('7');
  const fleet = useAsyncRetry(
    () => api.getFleetStorage(Number(period)),
    [api, period],
  );
  if (fleet.error) {
    return (
      <ErrorAlert
        error={fleet.error}
        action="load the storage figures"
        onRetry={fleet.retry}
      />
    );
  }
  const f = fleet.value;
  return (
    <Flex direction="column" gap="4">
      <Flex justify="between" align="end" gap="3" style={{ flexWrap: 'wrap' }}>
        <Text as="p" color="secondary" style={{ maxWidth: '60ch' }}>
          What every registered bucket holds within its prefix, from the
          background scans of the audit sweep. Waste is the bytes of incomplete
          multipart uploads and noncurrent versions.
        </Text>
        <Select
          label="Growth over"
          options={PERIODS}
          value={period}
          onChange={key => setPeriod(String(key))}
          style={{ minWidth: 180 }}
        />
      </Flex>
      <ExportButtons
        what="the storage figures"
        filename="s3-resources-storage"
        onExport={format => api.exportFleetStorage(format, Number(period))}
      />
      {!f ? (
        <Skeleton width="100%" height={240} />
      ) : (
        <>
          <Card>
            <CardBody>
              <Grid.Root columns={{ initial: '2', md: '4' }} gap="4">
                <Field label="Resources">
                  {f.totals.resources} ({f.totals.scanned} scanned)
                </Field>
                <Field label="Total size">{formatBytes(f.totals.bytes)}</Field>
                <Field label="Objects">{formatCount(f.totals.objects)}</Field>
                <Field label="Waste">{formatBytes(f.totals.wasteBytes)}</Field>
              </Grid.Root>
              <Text as="p" variant="body-small" color="secondary">
                As of {formatDateTime(f.generatedAt)}; findings:{' '}
                {findingsText(f.totals)}.
              </Text>
            </CardBody>
          </Card>
          <Grid.Root columns={{ initial: '1', md: '2' }} gap="4">
            <TopBars
              title="Waste by bucket"
              rows={f.waste}
              value={r => r.wasteBytes}
              color="var(--bui-fg-warning, #b58100)"
              empty="No waste: no incomplete uploads or noncurrent versions were found."
            />
            <TopBars
              title="Largest buckets"
              rows={f.largest}
              value={r => r.bytes}
              color="var(--bui-fg-primary)"
              empty="No scanned bucket holds anything yet."
            />
          </Grid.Root>
          <Card>
            <CardHeader>
              <Text as="h3" variant="title-x-small">
                Fastest-growing (
                {PERIODS.find(p => p.id === period)?.label.toLocaleLowerCase(
                  'en-US',
                )}
                )
              </Text>
            </CardHeader>
            <CardBody>
              <Table
                label="Fastest-growing buckets"
                columns={['Resource', 'Growth', 'Size now', 'Objects']}
                rows={f.fastestGrowing.map(r => [
                  <ResourceName row={r} />,
                  `+${formatBytes(r.growthBytes ?? 0)}${
                    r.growthSince
                      ? ` since ${formatDateTime(r.growthSince)}`
                      : ''
                  }`,
                  formatBytes(r.bytes ?? 0),
                  formatCount(r.objects ?? 0),
                ])}
                empty="No bucket grew over this period (growth needs two complete scans within it that counted the objects)."
              />
            </CardBody>
          </Card>
          <Card>
            <CardHeader>
              <Text as="h3" variant="title-x-small">
                Waste
              </Text>
            </CardHeader>
            <CardBody>
              <Table
                label="Buckets with waste"
                columns={[
                  'Resource',
                  'Incomplete uploads',
                  'Noncurrent versions',
                  'Waste',
                ]}
                rows={f.waste.map(r => [
                  <ResourceName row={r} />,
                  uploadsCell(r),
                  versionsCell(r),
                  formatBytes(r.wasteBytes ?? 0),
                ])}
                empty="No waste found."
              />
            </CardBody>
          </Card>
          <Card>
            <CardHeader>
              <Text as="h3" variant="title-x-small">
                By owner
              </Text>
            </CardHeader>
            <CardBody>
              <Table
                label="Storage by owner"
                columns={['Owner', ...GROUP_COLUMNS]}
                rows={groupRows(f.byOwner, key => key)}
                empty="No resources."
              />
            </CardBody>
          </Card>
          <Card>
            <CardHeader>
              <Text as="h3" variant="title-x-small">
                By provider
              </Text>
            </CardHeader>
            <CardBody>
              <Table
                label="Storage by provider"
                columns={['Provider', ...GROUP_COLUMNS]}
                rows={groupRows(f.byProvider, providerTitle)}
                empty="No resources."
              />
            </CardBody>
          </Card>
        </>
      )}
    </Flex>
  );
}
