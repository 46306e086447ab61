import { Text } from '@backstage/ui';
import {
  ACCESS_CATEGORIES,
  ACCESS_CATEGORY_TITLES,
  AccessCell,
  AccessMap,
  AccessMapRow,
  beyondLevelOf,
} from '@s3-resources/plugin-s3-resources-common';
import table from '../common/plainTable.module.css';
import styles from './accessMap.module.css';
import { KIND_TEXT, STATE_TEXT, cellColor, sourceText } from './accessText';

function Cell(props: { row: AccessMapRow; cell: AccessCell; beyond: boolean }) {
  const { cell, beyond } = props;
  const lines = [
    ...cell.sources.map(sourceText),
    ...(cell.reason ? [cell.reason] : []),
  ];
  return (
    <td className={`${table.cell} ${styles.cell}`} title={lines.join('\n')}>
      <Text
        as="span"
        weight={cell.state === 'granted' ? 'bold' : 'regular'}
        color={cellColor(cell, beyond)}
      >
        {STATE_TEXT[cell.state]}
        {beyond ? ' (beyond the level)' : ''}
      </Text>
      {lines.length > 0 && (
        <details>
          <summary className={styles.summary}>
            {cell.sources.length
              ? `${cell.sources.length} source${
                  cell.sources.length === 1 ? '' : 's'
                }`
              : 'Why'}
          </summary>
          <ul className={styles.sources}>
            {lines.map(line => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        </details>
      )}
    </td>
  );
}

/** Principals × actions; each cell's state in words and colour, its sources on hover and expand. */
export function AccessTable(props: { map: AccessMap }) {
  const { map } = props;
  // the mark is the finding's judgement, not a second copy of it
  const beyond = beyondLevelOf(map);
  return (
    <div className={table.scroll}>
      <table className={table.table} aria-label="Access map">
        <thead>
          <tr>
            <th className={`${table.cell} ${table.head}`} scope="col">
              Principal
            </th>
            {ACCESS_CATEGORIES.map(c => (
              <th key={c} className={`${table.cell} ${table.head}`} scope="col">
                {ACCESS_CATEGORY_TITLES[c]}
                {map.levelCategories.includes(c) ? '' : ' *'}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {map.rows.map(row => (
            <tr key={`${row.principal.kind}:${row.principal.id}`}>
              <th
                scope="row"
                className={`${table.cell} ${table.rowHeader} ${styles.principal}`}
              >
                <Text as="span" weight="bold">
                  {row.principal.label}
                </Text>
                <br />
                <Text as="span" variant="body-small" color="secondary">
                  {KIND_TEXT[row.principal.kind]}
                  {row.principal.account
                    ? ` · account ${row.principal.account}`
                    : ''}
                </Text>
              </th>
              {row.cells.map(cell => (
                <Cell
                  key={cell.category}
                  row={row}
                  cell={cell}
                  beyond={beyond(row, cell.category)}
                />
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
