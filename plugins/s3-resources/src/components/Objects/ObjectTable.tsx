import { Text } from '@backstage/ui';
import { ObjectListing } from '@s3-resources/plugin-s3-resources-common';
import table from '../common/plainTable.module.css';
import { formatDateTime } from '../common/time';
import { baseName, formatBytes } from './objectFormat';
import styles from './objects.module.css';

/**
 * The folders and objects of one page, as a plain table (a page holds at
 * most a few hundred rows, so nothing heavier is needed).
 */
export function ObjectTable(props: {
  page: ObjectListing;
  selectedKey?: string;
  onOpenFolder: (folder: string) => void;
  onSelect: (key: string) => void;
}) {
  const { page, selectedKey } = props;
  if (!page.folders.length && !page.objects.length) {
    return <Text as="p">No objects here.</Text>;
  }
  return (
    <div className={table.scroll} role="region" aria-label="Objects">
      <table className={table.table}>
        <thead>
          <tr>
            <th className={`${table.cell} ${table.head}`}>Name</th>
            <th className={`${table.cell} ${table.head} ${styles.number}`}>
              Size
            </th>
            <th className={`${table.cell} ${table.head}`}>Last modified</th>
            <th className={`${table.cell} ${table.head}`}>Storage class</th>
          </tr>
        </thead>
        <tbody>
          {page.folders.map(folder => (
            <tr key={folder}>
              <th scope="row" className={`${table.cell} ${table.rowHeader}`}>
                <button
                  type="button"
                  className={styles.nameButton}
                  aria-label={`Open folder ${baseName(folder)}`}
                  onClick={() => props.onOpenFolder(folder)}
                >
                  {baseName(folder)}/
                </button>
              </th>
              <td className={`${table.cell} ${styles.number}`}>—</td>
              <td className={table.cell}>Folder</td>
              <td className={table.cell} />
            </tr>
          ))}
          {page.objects.map(object => {
            const selected = object.key === selectedKey;
            return (
              <tr
                key={object.key}
                className={selected ? table.selected : undefined}
              >
                <th scope="row" className={`${table.cell} ${table.rowHeader}`}>
                  <button
                    type="button"
                    className={styles.nameButton}
                    aria-pressed={selected}
                    onClick={() => props.onSelect(object.key)}
                  >
                    {baseName(object.key)}
                  </button>
                </th>
                <td className={`${table.cell} ${styles.number}`}>
                  {formatBytes(object.size)}
                </td>
                <td className={table.cell}>
                  {object.lastModified
                    ? formatDateTime(object.lastModified)
                    : '—'}
                </td>
                <td className={table.cell}>{object.storageClass ?? '—'}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
