import { makeValidator } from '@backstage/catalog-model';
import { useRouteRef } from '@backstage/core-plugin-api';
import { Checkbox, Flex, Link, Text, TextField } from '@backstage/ui';
import {
  OWNER_REF,
  validateEntityRef,
} from '@s3-resources/plugin-s3-resources-common';
import { CSSProperties } from 'react';
import { DiscoveredBucket, ImportResult } from '../../api/S3ResourcesApi';
import { resourceRouteRef } from '../../routes';

/** One discovered bucket in the import table. */
export type ImportRow = {
  bucket: DiscoveredBucket;
  selected: boolean;
  /** Entity name to register it under; starts as the suggested name. */
  name: string;
  /** Starts as the owner tag; undefined means the default owner. */
  owner?: string;
  /** What the import did with it. */
  result?: ImportResult;
};

export function newRow(bucket: DiscoveredBucket): ImportRow {
  return {
    bucket,
    selected: false,
    name: bucket.suggestedName,
    owner: bucket.suggestedOwner,
  };
}

const validator = makeValidator();

export function effectiveOwner(row: ImportRow, defaultOwner?: string) {
  return (row.owner ?? defaultOwner ?? '').trim();
}

/** What is wrong with a row's name and owner (checked before sending). */
export function rowProblems(
  row: ImportRow,
  defaultOwner?: string,
): { name?: string; owner?: string } {
  const problems: { name?: string; owner?: string } = {};
  if (!row.name.trim()) problems.name = 'Enter a name';
  else if (!validator.isValidEntityName(row.name.trim())) {
    problems.name =
      'Name may contain letters, digits and - _ . inside, at most 63 characters';
  }
  const owner = effectiveOwner(row, defaultOwner);
  if (!owner) {
    problems.owner = 'Choose a default owner above or enter one here';
  } else {
    const violation = validateEntityRef(owner, OWNER_REF);
    if (violation) problems.owner = `Owner ${violation.message}`;
  }
  return problems;
}

const cell: CSSProperties = {
  padding: 'var(--bui-space-2) var(--bui-space-3)',
  borderBottom: '1px solid var(--bui-border-1)',
  verticalAlign: 'top',
  textAlign: 'start',
};

const head: CSSProperties = {
  ...cell,
  fontWeight: 'var(--bui-font-weight-bold)' as CSSProperties['fontWeight'],
  fontSize: 'var(--bui-font-size-3)',
  verticalAlign: 'bottom',
  borderBottom: '1px solid var(--bui-border-2)',
};

function Outcome(props: { row: ImportRow; pending: boolean }) {
  const resourceLink = useRouteRef(resourceRouteRef);
  const { result } = props.row;
  if (!result) {
    return (
      <Text as="span" variant="body-small" color="secondary">
        {props.pending ? '… Waiting' : '—'}
      </Text>
    );
  }
  if (result.outcome === 'created') {
    return (
      <Flex direction="column" gap="1">
        <Text as="span" variant="body-small" weight="bold" color="success">
          ✓ Created
        </Text>
        {result.resourceId && (
          <Link href={resourceLink({ id: result.resourceId })}>
            Open {result.name}
          </Link>
        )}
      </Flex>
    );
  }
  return (
    <Flex direction="column" gap="1">
      <Text
        as="span"
        variant="body-small"
        weight="bold"
        color={result.outcome === 'exists' ? 'warning' : 'danger'}
      >
        {result.outcome === 'exists' ? '= Already registered' : '✕ Failed'}
      </Text>
      {result.message && (
        <Text
          as="span"
          variant="body-small"
          style={{ overflowWrap: 'anywhere' }}
        >
          {result.message}
        </Text>
      )}
    </Flex>
  );
}

function BucketCell(props: { bucket: DiscoveredBucket }) {
  const { bucket } = props;
  const tags = Object.entries(bucket.tags);
  return (
    <Flex direction="column" gap="1">
      <Text as="span" weight="bold" style={{ overflowWrap: 'anywhere' }}>
        {bucket.bucket}
      </Text>
      <Text as="span" variant="body-small" color="secondary">
        {bucket.region}
        {tags.length > 0 &&
          ` · ${tags.length} ${tags.length === 1 ? 'tag' : 'tags'}`}
      </Text>
      {bucket.warnings.map(warning => (
        <Text key={warning} as="span" variant="body-small" color="warning">
          ! {warning}
        </Text>
      ))}
    </Flex>
  );
}

/**
 * The discovered buckets: a checkbox, an editable name and owner per row,
 * and what the import did. A plain table so the text fields inside it keep
 * their own keyboard handling.
 */
export function ImportTable(props: {
  rows: ImportRow[];
  defaultOwner?: string;
  /** Show the problems of selected rows (after an import attempt). */
  showProblems: boolean;
  importing: boolean;
  isDisabled: boolean;
  onChange: (bucket: string, patch: Partial<ImportRow>) => void;
  onSelectAll: (selected: boolean) => void;
}) {
  const { rows } = props;
  const selectedCount = rows.filter(r => r.selected).length;
  return (
    <div style={{ overflowX: 'auto' }}>
      <table
        aria-label="Discovered buckets"
        style={{ width: '100%', borderCollapse: 'collapse' }}
      >
        <thead>
          <tr>
            <th scope="col" style={{ ...head, width: 40 }}>
              <Checkbox
                aria-label="Select all buckets"
                isSelected={rows.length > 0 && selectedCount === rows.length}
                isIndeterminate={
                  selectedCount > 0 && selectedCount < rows.length
                }
                onChange={props.onSelectAll}
                isDisabled={props.isDisabled}
              />
            </th>
            <th scope="col" style={{ ...head, width: '20%' }}>
              Bucket
            </th>
            <th scope="col" style={{ ...head, width: '35%' }}>
              Resource name
            </th>
            <th scope="col" style={{ ...head, width: '23%' }}>
              Owner
            </th>
            <th scope="col" style={head}>
              Import
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map(row => {
            const b = row.bucket.bucket;
            const rowId = `import-${b.replace(/[^a-z0-9-]/gi, '-')}`;
            const fromTag = Boolean(
              row.bucket.suggestedOwner &&
                row.owner === row.bucket.suggestedOwner,
            );
            const problems =
              props.showProblems && row.selected
                ? rowProblems(row, props.defaultOwner)
                : {};
            return (
              <tr
                key={b}
                style={{
                  background: row.selected
                    ? 'var(--bui-bg-neutral-1)'
                    : undefined,
                }}
              >
                <td style={cell}>
                  <Checkbox
                    aria-label={`Select ${b}`}
                    isSelected={row.selected}
                    onChange={selected => props.onChange(b, { selected })}
                    isDisabled={props.isDisabled}
                  />
                </td>
                <th scope="row" style={{ ...cell, fontWeight: 'inherit' }}>
                  <BucketCell bucket={row.bucket} />
                </th>
                <td style={cell}>
                  <TextField
                    aria-label={`Resource name for ${b}`}
                    size="small"
                    value={row.name}
                    onChange={name => props.onChange(b, { name })}
                    isDisabled={props.isDisabled}
                    validationBehavior="aria"
                    validate={() => problems.name ?? null}
                  />
                </td>
                <td style={cell}>
                  <TextField
                    aria-label={`Owner of ${b}`}
                    aria-describedby={
                      fromTag ? `${rowId}-owner-hint` : undefined
                    }
                    size="small"
                    placeholder={props.defaultOwner ?? 'group:default/name'}
                    value={row.owner ?? props.defaultOwner ?? ''}
                    onChange={owner =>
                      props.onChange(b, { owner: owner || undefined })
                    }
                    isDisabled={props.isDisabled}
                    validationBehavior="aria"
                    validate={() => problems.owner ?? null}
                  />
                  {fromTag && (
                    <Text
                      as="span"
                      id={`${rowId}-owner-hint`}
                      variant="body-small"
                      color="secondary"
                    >
                      From the bucket's owner tag
                    </Text>
                  )}
                </td>
                <td style={cell}>
                  <Outcome
                    row={row}
                    pending={props.importing && row.selected}
                  />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
