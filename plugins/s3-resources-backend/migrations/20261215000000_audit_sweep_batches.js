// @ts-check

/**
 * The audit sweep's work as batches any backend instance can claim: the run
 * that starts a sweep writes the batches, every instance claims one at a
 * time under a lease, and a batch whose lease ran out (its instance died) is
 * claimed again by another.
 */

/** @param {import('knex').Knex} knex */
exports.up = async function up(knex) {
  await knex.schema.alterTable('s3_audit_sweeps', table => {
    table
      .integer('planned_batches')
      .nullable()
      .comment('Batches the sweep was cut into; null while they are written');
  });
  await knex.schema.createTable('s3_audit_sweep_batches', table => {
    table.comment(
      'Batches of resources of an audit sweep, claimed under a lease',
    );
    table.string('sweep_id', 36).notNullable();
    table
      .integer('seq')
      .notNullable()
      .comment('Order of the batch in the sweep');
    table
      .text('resource_ids')
      .notNullable()
      .comment('JSON array of the ids of the resources in the batch');
    table.integer('size').notNullable();
    table.string('claimed_by', 255).nullable().comment('Instance id');
    table
      .string('claim_id', 36)
      .nullable()
      .comment('This claim; renewals and completion name it');
    table.integer('claims').notNullable().defaultTo(0);
    table.timestamp('lease_expires_at', { useTz: true }).nullable();
    table.timestamp('done_at', { useTz: true }).nullable();
    table.integer('resources_checked').notNullable().defaultTo(0);
    table.integer('findings').notNullable().defaultTo(0);
    table.integer('test_errors').notNullable().defaultTo(0);
    table
      .text('error_sample')
      .nullable()
      .comment('JSON array of the first test errors (resource name: message)');
    table.primary(['sweep_id', 'seq']);
    table.index(
      ['done_at', 'lease_expires_at'],
      's3_audit_sweep_batches_open_idx',
    );
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('s3_audit_sweep_batches');
  // plain DROP COLUMN: knex would rebuild the table on SQLite
  await knex.raw('alter table s3_audit_sweeps drop column planned_batches');
};
