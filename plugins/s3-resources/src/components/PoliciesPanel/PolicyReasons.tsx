import { Flex, Text, VisuallyHidden } from '@backstage/ui';
import table from '../common/plainTable.module.css';
import { SubHeading } from './PolicyCard';

export type ReasonRow = {
  id: string;
  action: string;
  resource: string;
  reason: string;
};

function HeaderCell(props: { children: string }) {
  return (
    <th scope="col" className={table.cell}>
      <Text as="span" weight="bold">
        {props.children}
      </Text>
    </th>
  );
}

/** Why each action is granted: a plain table so long reasons and ARNs wrap. */
export function PolicyReasons(props: {
  rows: ReasonRow[];
  withResource: boolean;
  caption: string;
}) {
  return (
    <Flex direction="column" gap="2">
      <SubHeading>Why each action is granted</SubHeading>
      <table className={table.table}>
        <caption>
          <VisuallyHidden>{props.caption}</VisuallyHidden>
        </caption>
        <thead>
          <tr>
            <HeaderCell>Action</HeaderCell>
            {props.withResource && <HeaderCell>Resource</HeaderCell>}
            <HeaderCell>Why</HeaderCell>
          </tr>
        </thead>
        <tbody>
          {props.rows.map(row => (
            <tr key={row.id}>
              <th scope="row" className={`${table.cell} ${table.rowHeader}`}>
                <Text as="span" className={table.mono}>
                  {row.action}
                </Text>
              </th>
              {props.withResource && (
                <td className={`${table.cell} ${table.wrapAnywhere}`}>
                  <Text as="span" className={table.mono}>
                    {row.resource}
                  </Text>
                </td>
              )}
              <td className={table.cell}>
                <Text as="span">{row.reason}</Text>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </Flex>
  );
}
