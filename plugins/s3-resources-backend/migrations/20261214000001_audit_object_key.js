// @ts-check

/**
 * The object key of a request on a bucket's objects (upload, delete, links):
 * the trail says which object, not only which resource.
 */

/** @param {import('knex').Knex} knex */
exports.up = async function up(knex) {
  await knex.schema.alterTable('s3_resource_audit', table => {
    table
      .text('object_key')
      .nullable()
      .comment('Object key of an upload, delete or link, if any');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('s3_resource_audit', table => {
    table.dropColumn('object_key');
  });
};
