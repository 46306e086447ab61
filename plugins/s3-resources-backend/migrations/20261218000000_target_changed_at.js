// @ts-check

/**
 * When a resource's target (provider, endpoint, bucket or prefix) last
 * changed: a connection test that started before it read another bucket,
 * so the access map does not read its observations.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('s3_resources', table => {
    table
      .timestamp('target_changed_at', { useTz: true })
      .nullable()
      .comment(
        'When the provider, endpoint, bucket or prefix last changed; null when never since it was registered',
      );
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('s3_resources', table => {
    table.dropColumn('target_changed_at');
  });
};
