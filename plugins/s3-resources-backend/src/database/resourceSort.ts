import { InputError } from '@backstage/errors';
import { ResourceSort } from '@s3-resources/plugin-s3-resources-common';
import { Knex } from 'knex';
import { ListCursor } from '../service/listCursor';
import { DbRow } from './resourceRow';

/** Last test in triage order: failing first, never tested last. */
const TEST_STATUS_ORDER = ['fail', 'warn', 'pass', 'skipped'];

const TEST_RANK_SQL = `case last_test_status ${TEST_STATUS_ORDER.map(
  (status, rank) => `when '${status}' then ${rank}`,
).join(' ')} else ${TEST_STATUS_ORDER.length} end`;

/** Each sort key as SQL, and as the value a row has for it (the cursor's key). */
const SORT_KEYS: Record<
  ResourceSort,
  { sql: string; of: (row: DbRow) => string | number; numeric?: boolean }
> = {
  name: { sql: 'name', of: row => row.name },
  owner: { sql: 'owner', of: row => row.owner },
  provider: { sql: 'provider', of: row => row.provider },
  lastTest: {
    sql: TEST_RANK_SQL,
    of: row => {
      const rank = TEST_STATUS_ORDER.indexOf(row.last_test_status ?? '');
      return rank < 0 ? TEST_STATUS_ORDER.length : rank;
    },
    numeric: true,
  },
};

/**
 * The resource list in one order: the sort key, ties by the (unique) name,
 * both in `order`; a page after a cursor continues past the cursor's row.
 */
export function sortedList(sort: ResourceSort, order: 'asc' | 'desc') {
  const key = SORT_KEYS[sort];
  const byName = key.sql === 'name';
  const beyond = order === 'asc' ? '>' : '<';
  return {
    apply(qb: Knex.QueryBuilder, after?: ListCursor) {
      if (byName) qb.orderBy('name', order);
      else qb.orderByRaw(`${key.sql} ${order}, name ${order}`);
      if (after === undefined) return;
      if (byName) {
        qb.where('name', beyond, after.name);
        return;
      }
      const at = key.numeric ? Number(after.key) : after.key;
      if (key.numeric && !Number.isInteger(at)) {
        throw new InputError('cursor: is not a cursor from this API');
      }
      qb.where(inner =>
        inner
          .whereRaw(`${key.sql} ${beyond} ?`, [at])
          .orWhere(tie =>
            tie
              .whereRaw(`${key.sql} = ?`, [at])
              .andWhere('name', beyond, after.name),
          ),
      );
    },
    cursorAfter(row: DbRow): ListCursor {
      return { key: String(key.of(row)), name: row.name };
    },
  };
}
