import { Checkbox, Flex, Text, TextField } from '@backstage/ui';
import { DiscoveredBucket } from '../../api/S3ResourcesApi';
import { ImportRow, rowProblems } from './importRow';
import { Outcome } from './ImportOutcome';
import table from '../common/plainTable.module.css';
import styles from './import.module.css';

function BucketCell(props: { bucket: DiscoveredBucket }) {
  const { bucket } = props;
  const tags = Object.entries(bucket.tags);
  return (
    <Flex direction="column" gap="1">
      <Text as="span" weight="bold" className={table.wrapAnywhere}>
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
 * The discovered buckets: a checkbox, an editable name, title and owner per
 * row, and what the import did (or that the bucket is registered already). A plain table so the text fields inside it keep
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
  const head = `${table.cell} ${table.head}`;
  const selectedCount = rows.filter(r => r.selected).length;
  const selectable = rows.filter(r => !r.bucket.registered).length;
  return (
    <div className={table.scroll}>
      <table aria-label="Discovered buckets" className={table.table}>
        <thead>
          <tr>
            <th scope="col" className={`${head} ${styles.colSelect}`}>
              <Checkbox
                aria-label="Select all buckets"
                isSelected={selectable > 0 && selectedCount === selectable}
                isIndeterminate={
                  selectedCount > 0 && selectedCount < selectable
                }
                onChange={props.onSelectAll}
                isDisabled={props.isDisabled}
              />
            </th>
            <th scope="col" className={`${head} ${styles.colBucket}`}>
              Bucket
            </th>
            <th scope="col" className={`${head} ${styles.colName}`}>
              Resource name
            </th>
            <th scope="col" className={`${head} ${styles.colTitle}`}>
              Title
            </th>
            <th scope="col" className={`${head} ${styles.colOwner}`}>
              Owner
            </th>
            <th scope="col" className={head}>
              Import
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map(row => {
            const b = row.bucket.bucket;
            const registered = Boolean(row.bucket.registered);
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
              <tr key={b} className={row.selected ? table.selected : undefined}>
                <td className={table.cell}>
                  <Checkbox
                    aria-label={`Select ${b}`}
                    isSelected={row.selected}
                    onChange={selected => props.onChange(b, { selected })}
                    isDisabled={props.isDisabled || registered}
                  />
                </td>
                <th scope="row" className={`${table.cell} ${table.rowHeader}`}>
                  <BucketCell bucket={row.bucket} />
                </th>
                <td className={table.cell}>
                  <TextField
                    aria-label={`Resource name for ${b}`}
                    size="small"
                    value={row.name}
                    onChange={name => props.onChange(b, { name })}
                    isDisabled={props.isDisabled || registered}
                    validationBehavior="aria"
                    validate={() => problems.name ?? null}
                  />
                </td>
                <td className={table.cell}>
                  <TextField
                    aria-label={`Title for ${b}`}
                    size="small"
                    value={row.title}
                    onChange={title => props.onChange(b, { title })}
                    isDisabled={props.isDisabled || registered}
                  />
                </td>
                <td className={table.cell}>
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
                    isDisabled={props.isDisabled || registered}
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
                <td className={table.cell}>
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
