import { useApi, useRouteRef } from '@backstage/core-plugin-api';
import {
  Alert,
  Button,
  ButtonLink,
  Card,
  CardBody,
  CardHeader,
  Flex,
  Select,
  Text,
} from '@backstage/ui';
import { RiSearchLine } from '@remixicon/react';
import { s3ResourceCreatePermission } from '@s3-resources/plugin-s3-resources-common';
import { useEffect, useRef, useState } from 'react';
import {
  ImportOutcome,
  ImportRequest,
  s3ResourcesApiRef,
} from '../../api/S3ResourcesApi';
import { rootRouteRef } from '../../routes';
import { OwnerFilter } from '../ResourcesPage/OwnerFilter';
import { ErrorAlert } from '../common/ErrorAlert';
import { BackLink, PageGate } from '../common/PageGate';
import {
  INITIAL_SOURCE,
  ImportSourceForm,
  SourceState,
  sourceProblems,
  toImportSource,
} from './ImportSourceForm';
import {
  ImportRow,
  ImportTable,
  effectiveOwner,
  newRow,
  rowProblems,
} from './ImportTable';

type AccessLevel = NonNullable<ImportRequest['accessLevel']>;

const ACCESS_LEVELS: Array<{ id: AccessLevel; label: string }> = [
  { id: 'read', label: 'Read' },
  { id: 'read-write', label: 'Read and write' },
  { id: 'full', label: 'Full' },
];

type Discovery =
  | { phase: 'idle' | 'running' | 'done' | 'cancelled' }
  | { phase: 'error'; error: unknown };

type Importing =
  | { phase: 'idle' }
  | { phase: 'running'; done: number; total: number }
  | { phase: 'done'; outcome: ImportOutcome }
  | { phase: 'error'; error: unknown };

const plural = (n: number, one: string, many: string) =>
  `${n} ${n === 1 ? one : many}`;

function DiscoveryStatus(props: { discovery: Discovery; found: number }) {
  const { discovery, found } = props;
  let text = '';
  if (discovery.phase === 'running') {
    text = `Discovering buckets… ${plural(
      found,
      'bucket',
      'buckets',
    )} found so far`;
  } else if (discovery.phase === 'done') {
    text = found
      ? `Found ${plural(found, 'bucket', 'buckets')}.`
      : 'These credentials see no buckets.';
  } else if (discovery.phase === 'cancelled') {
    text = `Discovery cancelled after ${plural(found, 'bucket', 'buckets')}.`;
  }
  return (
    <Text as="p" role="status" weight="bold">
      {text}
    </Text>
  );
}

function ImportStatus(props: { importing: Importing }) {
  const { importing } = props;
  const listLink = useRouteRef(rootRouteRef);
  if (importing.phase === 'running') {
    return (
      <Flex direction="column" gap="1">
        <Text as="p" role="status" weight="bold">
          Importing… {importing.done} of {importing.total} done
        </Text>
        <progress
          aria-label="Import progress"
          value={importing.done}
          max={importing.total}
          style={{ width: '100%', maxWidth: 480 }}
        />
      </Flex>
    );
  }
  if (importing.phase === 'done') {
    const { created, exists, failed } = importing.outcome;
    return (
      <Alert
        role="status"
        status={failed ? 'warning' : 'success'}
        icon
        title={`Import finished: ${created} created, ${exists} already registered, ${failed} failed`}
        description="Each row says what happened to its bucket. Created resources appear in the catalog at its next sync."
        customActions={
          <ButtonLink size="small" variant="secondary" href={listLink()}>
            See all resources
          </ButtonLink>
        }
      />
    );
  }
  if (importing.phase === 'error') {
    return <ErrorAlert error={importing.error} action="import the buckets" />;
  }
  return <Text as="p" role="status" />;
}

function ImportView() {
  const api = useApi(s3ResourcesApiRef);
  const [source, setSource] = useState<SourceState>(INITIAL_SOURCE);
  const [showSourceProblems, setShowSourceProblems] = useState(false);
  const [rows, setRows] = useState<ImportRow[]>([]);
  const [discovery, setDiscovery] = useState<Discovery>({ phase: 'idle' });
  const [defaultOwner, setDefaultOwner] = useState<string>();
  const [accessLevel, setAccessLevel] = useState<AccessLevel>('read');
  const [showRowProblems, setShowRowProblems] = useState(false);
  const [importing, setImporting] = useState<Importing>({ phase: 'idle' });
  const abort = useRef<AbortController>();
  useEffect(() => () => abort.current?.abort(), []);

  const discovering = discovery.phase === 'running';
  const importRunning = importing.phase === 'running';
  const problems = sourceProblems(source);
  const selected = rows.filter(r => r.selected);
  const sourceLocked = discovering || importRunning || rows.length > 0;

  const discover = async () => {
    if (problems.length) {
      setShowSourceProblems(true);
      return;
    }
    setShowSourceProblems(false);
    abort.current?.abort();
    const controller = new AbortController();
    abort.current = controller;
    setRows([]);
    setImporting({ phase: 'idle' });
    setShowRowProblems(false);
    setDiscovery({ phase: 'running' });
    try {
      await api.discoverBuckets(toImportSource(source), {
        signal: controller.signal,
        // Shown as they arrive, kept in name order.
        onBucket: bucket =>
          setRows(current =>
            [...current, newRow(bucket)].sort((a, b) =>
              a.bucket.bucket.localeCompare(b.bucket.bucket),
            ),
          ),
      });
      setDiscovery({ phase: 'done' });
    } catch (error) {
      setDiscovery(
        controller.signal.aborted
          ? { phase: 'cancelled' }
          : { phase: 'error', error },
      );
    }
  };

  const startOver = () => {
    setRows([]);
    setDiscovery({ phase: 'idle' });
    setImporting({ phase: 'idle' });
    setShowRowProblems(false);
  };

  const update = (bucket: string, patch: Partial<ImportRow>) =>
    setRows(current =>
      current.map(r => (r.bucket.bucket === bucket ? { ...r, ...patch } : r)),
    );
  const selectAll = (value: boolean) =>
    setRows(current => current.map(r => ({ ...r, selected: value })));

  const runImport = async () => {
    const invalid = selected.some(
      r => Object.keys(rowProblems(r, defaultOwner)).length > 0,
    );
    if (invalid) {
      setShowRowProblems(true);
      return;
    }
    setShowRowProblems(false);
    const chosen = new Set(selected.map(r => r.bucket.bucket));
    setRows(current =>
      current.map(r =>
        chosen.has(r.bucket.bucket) ? { ...r, result: undefined } : r,
      ),
    );
    setImporting({ phase: 'running', done: 0, total: selected.length });
    try {
      const outcome = await api.importBuckets(
        {
          source: toImportSource(source),
          accessLevel,
          buckets: selected.map(r => ({
            bucket: r.bucket.bucket,
            name: r.name.trim(),
            owner: effectiveOwner(r, defaultOwner),
            region: r.bucket.region,
          })),
        },
        {
          onProgress: ({ result, done, total }) => {
            update(result.bucket, { result });
            setImporting({ phase: 'running', done, total });
          },
        },
      );
      // Keep every outcome on its row; created buckets are no longer selected.
      setRows(current =>
        current.map(r => {
          const result =
            outcome.results.find(x => x.bucket === r.bucket.bucket) ?? r.result;
          return {
            ...r,
            result,
            selected: r.selected && result?.outcome !== 'created',
          };
        }),
      );
      setImporting({ phase: 'done', outcome });
    } catch (error) {
      setImporting({ phase: 'error', error });
    }
  };

  const rowErrors = showRowProblems
    ? selected.filter(r => Object.keys(rowProblems(r, defaultOwner)).length)
        .length
    : 0;

  return (
    <Flex direction="column" gap="4">
      <BackLink />
      <Flex direction="column" gap="1">
        <Text as="h2" variant="title-medium">
          Import buckets
        </Text>
        <Text as="p" color="secondary">
          Register existing buckets in bulk: list what a credential can see,
          pick the buckets, give each a name and an owner, and import them. Each
          becomes a resource with the same checks as a single registration.
        </Text>
      </Flex>

      <Card>
        <CardHeader>
          <Text as="h3" variant="title-small">
            1. Source
          </Text>
        </CardHeader>
        <CardBody>
          {/* A form, so Enter in any field starts the discovery. */}
          <form
            aria-label="Source"
            // The problems are listed in one alert below instead of the browser's bubbles.
            noValidate
            onSubmit={event => {
              event.preventDefault();
              if (!sourceLocked) discover();
            }}
          >
            <Flex direction="column" gap="4">
              <ImportSourceForm
                value={source}
                onChange={setSource}
                isDisabled={sourceLocked}
              />
              {showSourceProblems && problems.length > 0 && (
                <Alert
                  role="alert"
                  status="danger"
                  icon
                  title="Complete the source first"
                  description={problems.join('; ')}
                />
              )}
              <Flex gap="2" align="center" style={{ flexWrap: 'wrap' }}>
                {rows.length > 0 && !discovering ? (
                  <Button
                    variant="secondary"
                    onPress={startOver}
                    isDisabled={importRunning}
                  >
                    Change source
                  </Button>
                ) : (
                  <Button
                    type="submit"
                    variant="primary"
                    iconStart={<RiSearchLine />}
                    isPending={discovering}
                  >
                    Discover buckets
                  </Button>
                )}
                {discovering && (
                  <Button
                    variant="secondary"
                    onPress={() => abort.current?.abort()}
                  >
                    Cancel
                  </Button>
                )}
              </Flex>
              <DiscoveryStatus discovery={discovery} found={rows.length} />
              {discovery.phase === 'error' && (
                <ErrorAlert
                  error={discovery.error}
                  action="discover the buckets"
                  onRetry={discover}
                />
              )}
            </Flex>
          </form>
        </CardBody>
      </Card>

      {rows.length > 0 && (
        <Card>
          <CardHeader>
            <Text as="h3" variant="title-small">
              2. Buckets to import
            </Text>
          </CardHeader>
          <CardBody>
            <Flex direction="column" gap="4">
              <Flex gap="3" align="end" style={{ flexWrap: 'wrap' }}>
                <OwnerFilter
                  label="Default owner"
                  placeholder="Choose a group or user"
                  description="For buckets without an owner tag; each row can override it."
                  value={defaultOwner}
                  onChange={setDefaultOwner}
                />
                <Select
                  label="Access level"
                  description="What the portal's policies will grant."
                  options={ACCESS_LEVELS}
                  value={accessLevel}
                  onChange={key => key && setAccessLevel(key as AccessLevel)}
                  style={{ minWidth: 180 }}
                />
              </Flex>
              <Flex gap="2" align="center" style={{ flexWrap: 'wrap' }}>
                <Button
                  size="small"
                  variant="secondary"
                  onPress={() => selectAll(true)}
                  isDisabled={importRunning}
                >
                  Select all
                </Button>
                <Button
                  size="small"
                  variant="secondary"
                  onPress={() => selectAll(false)}
                  isDisabled={importRunning}
                >
                  Select none
                </Button>
                <Text as="span" color="secondary">
                  {selected.length} of{' '}
                  {plural(rows.length, 'bucket', 'buckets')} selected
                </Text>
              </Flex>
              <ImportTable
                rows={rows}
                defaultOwner={defaultOwner}
                showProblems={showRowProblems}
                importing={importRunning}
                isDisabled={importRunning}
                onChange={update}
                onSelectAll={selectAll}
              />
              {rowErrors > 0 && (
                <Alert
                  role="alert"
                  status="danger"
                  icon
                  title={`${plural(
                    rowErrors,
                    'selected row needs',
                    'selected rows need',
                  )} a valid name and owner`}
                  description="The marked fields say what is wrong; nothing was imported."
                />
              )}
              <Flex gap="3" align="center" style={{ flexWrap: 'wrap' }}>
                <Button
                  variant="primary"
                  onPress={runImport}
                  isPending={importRunning}
                  isDisabled={selected.length === 0 || discovering}
                >
                  Import selected ({selected.length})
                </Button>
              </Flex>
              <ImportStatus importing={importing} />
            </Flex>
          </CardBody>
        </Card>
      )}
    </Flex>
  );
}

/**
 * `/s3-resources/import` (`s3.resource.create`): discover the buckets of a
 * source as they stream in, choose names and owners, and import them with
 * live progress and an outcome per bucket.
 */
export function ImportPage() {
  return (
    <PageGate
      permission={s3ResourceCreatePermission}
      loadingLabel="Loading the import"
      denied={{
        title: 'You may not register S3 resources',
        description:
          'Importing buckets needs the permission s3.resource.create. Ask the platform team if you need it.',
      }}
    >
      <ImportView />
    </PageGate>
  );
}
