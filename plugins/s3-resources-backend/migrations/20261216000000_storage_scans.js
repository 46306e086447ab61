// @ts-check

/**
 * What each resource's prefix holds: the storage scan under way (large
 * buckets are scanned across sweeps, its state saved between them) and the
 * samples of complete scans, for the latest figures and their history.
 */

/** @param {import('knex').Knex} knex */
exports.up = async function up(knex) {
  await knex.schema.createTable('s3_storage_scans', table => {
    table.comment('The storage scan under way of each resource');
    table
      .string('resource_id', 36)
      .primary()
      .notNullable()
      .references('id')
      .inTable('s3_resources')
      .onDelete('CASCADE');
    table
      .text('state')
      .notNullable()
      .comment('JSON: cursors and the counters so far; never a list of keys');
    table.timestamp('started_at', { useTz: true }).notNullable();
    table.timestamp('updated_at', { useTz: true }).notNullable();
  });
  await knex.schema.createTable('s3_storage_samples', table => {
    table.comment('Complete storage scans of resources, the newest kept');
    table.string('id', 36).primary().notNullable();
    table
      .string('resource_id', 36)
      .notNullable()
      .references('id')
      .inTable('s3_resources')
      .onDelete('CASCADE');
    table.timestamp('started_at', { useTz: true }).notNullable();
    table.timestamp('taken_at', { useTz: true }).notNullable();
    table.bigInteger('keys_scanned').notNullable();
    table.bigInteger('objects').notNullable();
    table.bigInteger('bytes').notNullable();
    table
      .text('figures')
      .notNullable()
      .comment(
        'JSON: storage classes, incomplete uploads, noncurrent versions, unknown figures',
      );
    table.index(['resource_id', 'taken_at'], 's3_storage_samples_taken_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('s3_storage_samples');
  await knex.schema.dropTable('s3_storage_scans');
};
