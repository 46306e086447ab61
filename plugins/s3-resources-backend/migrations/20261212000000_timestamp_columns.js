// @ts-check

/**
 * Timestamps become timestamp columns (timestamptz on PostgreSQL) instead of
 * 32-character ISO strings, so the database compares instants, not text.
 * Every stored value keeps its instant; down writes them back as ISO strings.
 *
 * On SQLite knex alters a column by rebuilding its table, dropping the old
 * copy: with foreign keys on, that drop would cascade into the test history
 * and the findings. The pragma that turns them off is ignored inside a
 * transaction, so this migration runs outside one (knex wraps each rebuild in
 * its own, with foreign keys off); on PostgreSQL it opens its own.
 */
exports.config = { transaction: false };

/** Table → [column, nullable]. */
const COLUMNS = {
  s3_resources: [
    ['last_tested_at', true],
    ['created_at', false],
    ['updated_at', false],
    ['secret_changed_at', true],
    ['write_probe_at', true],
  ],
  s3_resource_test_runs: [['started_at', false]],
  s3_resource_audit: [['at', false]],
  s3_resource_findings: [
    ['first_seen_at', false],
    ['last_seen_at', false],
  ],
  s3_audit_sweeps: [
    ['started_at', false],
    ['finished_at', true],
  ],
};

/** @param {import('knex').Knex} knex */
const isSqlite = knex => String(knex.client.config.client).includes('sqlite');

/**
 * Alters every listed column with `define`, table by table.
 *
 * @param {import('knex').Knex} knex
 * @param {(table: import('knex').Knex.CreateTableBuilder, column: string) => import('knex').Knex.ColumnBuilder} define
 */
async function alterAll(knex, define) {
  for (const [table, columns] of Object.entries(COLUMNS)) {
    await knex.schema.alterTable(table, t => {
      for (const [column, nullable] of columns) {
        const c = define(t, String(column));
        (nullable ? c.nullable() : c.notNullable()).alter();
      }
    });
  }
}

/**
 * Rewrites every listed column's values of one SQLite storage class.
 *
 * @param {import('knex').Knex} knex
 * @param {string} from SQLite's typeof() of the values to rewrite
 * @param {string} expression SQL of the new value, `??` for the column
 */
async function rewriteSqlite(knex, from, expression) {
  const uses = expression.split('??').length - 1;
  await knex.transaction(async trx => {
    for (const [table, columns] of Object.entries(COLUMNS)) {
      for (const [column] of columns) {
        await trx(table)
          .whereRaw('typeof(??) = ?', [column, from])
          .update({
            [String(column)]: trx.raw(expression, Array(uses).fill(column)),
          });
      }
    }
  });
}

/** @param {import('knex').Knex} knex */
exports.up = async function up(knex) {
  const timestamp = (
    /** @type {import('knex').Knex.CreateTableBuilder} */ t,
    /** @type {string} */ column,
  ) => t.timestamp(column, { useTz: true });
  if (!isSqlite(knex)) {
    // `using (column::timestamptz)`: ISO strings with a Z parse as UTC
    await knex.transaction(trx => alterAll(trx, timestamp));
    return;
  }
  await alterAll(knex, timestamp);
  // The copies keep the text; knex writes a Date as epoch milliseconds, so
  // stored values become those (julianday is exact to well under 1 ms).
  await rewriteSqlite(
    knex,
    'text',
    'cast(round((julianday(??) - 2440587.5) * 86400000) as integer)',
  );
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  if (!isSqlite(knex)) {
    await knex.transaction(async trx => {
      for (const [table, columns] of Object.entries(COLUMNS)) {
        for (const [column] of columns) {
          await trx.raw(
            `alter table ?? alter column ?? type varchar(32) using to_char(?? at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`,
            [table, column, column],
          );
        }
      }
    });
    return;
  }
  // Text first: a text column would turn the milliseconds into digits.
  await rewriteSqlite(
    knex,
    'integer',
    `strftime('%Y-%m-%dT%H:%M:%S', ?? / 1000, 'unixepoch') || printf('.%03dZ', ?? % 1000)`,
  );
  await alterAll(knex, (t, column) => t.string(column, 32));
};
