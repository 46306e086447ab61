// @ts-check

/**
 * Share links issued for objects: who, which resource and key, when it
 * expires. The URL itself is never stored (it is a bearer credential).
 */

/** @param {import('knex').Knex} knex */
exports.up = async function up(knex) {
  await knex.schema.createTable('s3_resource_share_links', table => {
    table.string('id').primary().comment('Share link id (uuid)');
    table
      .string('resource_id')
      .notNullable()
      .comment('Resource the object belongs to');
    table
      .string('resource_name')
      .notNullable()
      .comment('Resource name when the link was issued');
    table.text('object_key').notNullable().comment('Object key shared');
    table
      .string('created_by')
      .notNullable()
      .comment('Entity ref of who issued the link');
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.timestamp('expires_at', { useTz: true }).notNullable();
    table.index(['expires_at'], 's3_resource_share_links_expires_idx');
    table.index(['resource_id'], 's3_resource_share_links_resource_idx');
    table.index(['created_by'], 's3_resource_share_links_creator_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('s3_resource_share_links');
};
