// @ts-check

/**
 * A connection test's verdict (pass, warn, fail) beside the audit row's
 * outcome: the request can succeed while the test it ran fails, and the trail
 * shows the test's result, not only that it ran.
 */

/** @param {import('knex').Knex} knex */
exports.up = async function up(knex) {
  await knex.schema.alterTable('s3_resource_audit', table => {
    table
      .string('verdict', 16)
      .nullable()
      .comment('Verdict of the connection test the row records, if any');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('s3_resource_audit', table => {
    table.dropColumn('verdict');
  });
};
