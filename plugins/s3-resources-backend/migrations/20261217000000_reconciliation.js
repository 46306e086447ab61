// @ts-check

/**
 * Reconciliation of buckets against registered resources: each source's
 * last listing, the entries found (replaced at every sweep, with when each
 * was first and last seen) and the bucket tags read, kept between sweeps so
 * a tag is read again only when it is old.
 */

/** @param {import('knex').Knex} knex */
exports.up = async function up(knex) {
  await knex.schema.createTable('s3_reconciliation_sources', table => {
    table.comment('Where reconciliation lists buckets, and its last listing');
    table.string('id', 64).primary().notNullable();
    table
      .text('source')
      .notNullable()
      .comment(
        'JSON: provider, endpoint, region, whose credentials (no secret)',
      );
    table.string('sweep_id', 36).notNullable();
    table.timestamp('checked_at', { useTz: true }).notNullable();
    table.integer('buckets_listed').notNullable();
    table.integer('calls').notNullable();
    table.text('incomplete').nullable();
    table.text('error').nullable();
  });
  await knex.schema.createTable('s3_reconciliation_entries', table => {
    table.comment('Shadow buckets, ghost resources, owner tags that differ');
    table.string('id', 64).primary().notNullable();
    table.string('kind', 32).notNullable();
    table.string('source_id', 64).notNullable();
    table.string('bucket', 255).notNullable();
    table
      .string('resource_id', 36)
      .nullable()
      .references('id')
      .inTable('s3_resources')
      .onDelete('CASCADE');
    table.text('details').notNullable().comment('JSON: what was seen');
    table.string('sweep_id', 36).notNullable();
    table.timestamp('first_seen_at', { useTz: true }).notNullable();
    table.timestamp('last_seen_at', { useTz: true }).notNullable();
    table.index(['kind', 'id'], 's3_reconciliation_entries_kind_idx');
    table.index(['source_id'], 's3_reconciliation_entries_source_idx');
  });
  await knex.schema.createTable('s3_reconciliation_tags', table => {
    table.comment('Bucket tags read by reconciliation, kept between sweeps');
    table.string('source_id', 64).notNullable();
    table.string('bucket', 255).notNullable();
    table.text('tags').nullable().comment('JSON; null when not readable');
    table.text('unknown').nullable().comment('Why the tags could not be read');
    table.timestamp('read_at', { useTz: true }).notNullable();
    table.primary(['source_id', 'bucket']);
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('s3_reconciliation_tags');
  await knex.schema.dropTable('s3_reconciliation_entries');
  await knex.schema.dropTable('s3_reconciliation_sources');
};
