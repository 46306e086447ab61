import { useRouteRef } from '@backstage/core-plugin-api';
import { Flex, Link, Text } from '@backstage/ui';
import { ReconciliationEntry } from '@s3-resources/plugin-s3-resources-common';
import { ReactNode } from 'react';
import { resourceRouteRef } from '../../routes';
import styles from '../common/plainTable.module.css';
import { formatDateTime, formatRelativeTime } from '../common/time';
import { sourceText } from './sourceText';

const head = `${styles.cell} ${styles.head}`;
const COLUMNS = ['Bucket', 'Source', 'Details', 'First seen', 'Last seen', ''];

function When(props: { at: string }) {
  return (
    <span title={formatDateTime(props.at)}>{formatRelativeTime(props.at)}</span>
  );
}

/** One kind's entries: bucket, source, what was seen, since when, and its action. */
export function ReconciliationTable(props: {
  label: string;
  entries: ReconciliationEntry[];
  empty: string;
  action: (entry: ReconciliationEntry) => ReactNode;
}) {
  const resourceLink = useRouteRef(resourceRouteRef);
  if (!props.entries.length) {
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
            {COLUMNS.map(c => (
              <th key={c} scope="col" className={head}>
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {props.entries.map(entry => {
            const { where, who } = sourceText(entry.source);
            return (
              <tr key={entry.id}>
                <th
                  scope="row"
                  className={`${styles.cell} ${styles.rowHeader}`}
                  style={{ overflowWrap: 'anywhere' }}
                >
                  {entry.bucket}
                </th>
                <td className={styles.cell}>
                  <Flex direction="column" gap="1">
                    <Text variant="body-small">{where}</Text>
                    <Text variant="body-small" color="secondary">
                      {who}
                    </Text>
                  </Flex>
                </td>
                <td className={styles.cell}>
                  <Flex direction="column" gap="1">
                    {entry.resourceId && entry.resourceName && (
                      <Link href={resourceLink({ id: entry.resourceId })}>
                        {entry.resourceName}
                      </Link>
                    )}
                    <Text variant="body-small">{entry.message}</Text>
                  </Flex>
                </td>
                <td className={styles.cell}>
                  <Text variant="body-small">
                    <When at={entry.firstSeenAt} />
                  </Text>
                </td>
                <td className={styles.cell}>
                  <Text variant="body-small">
                    <When at={entry.lastSeenAt} />
                  </Text>
                </td>
                <td className={styles.cell}>{props.action(entry)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
