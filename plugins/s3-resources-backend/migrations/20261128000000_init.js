// @ts-check

/**
 * Resources, their test history and the audit trail.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('s3_resources', table => {
    table.comment('Registered S3 and S3-compatible buckets');
    table.string('id', 36).primary().notNullable();
    table.string('name', 63).notNullable().unique();
    table.string('provider', 32).notNullable();
    table.string('bucket', 63).notNullable();
    table.string('region', 64).notNullable();
    // '' when absent, so the uniqueness constraint holds on every database
    table.string('endpoint_key', 512).notNullable().defaultTo('');
    table.string('prefix_key', 1024).notNullable().defaultTo('');
    table.string('owner', 255).notNullable();
    table.string('system', 255).nullable();
    table.string('title', 256).nullable();
    table.text('settings').notNullable().comment('JSON: non-secret settings');
    table.string('auth_method', 32).notNullable();
    table.text('auth').notNullable().comment('JSON: non-secret auth fields');
    table.text('secret').nullable().comment('JSON envelope, AES-256-GCM');
    table.string('secret_key_id', 64).nullable();
    table.string('last_test_status', 16).nullable();
    table.string('last_tested_at', 32).nullable();
    table.string('last_test_run_id', 36).nullable();
    table.integer('version').notNullable().defaultTo(1);
    table.string('created_at', 32).notNullable();
    table.string('created_by', 255).notNullable();
    table.string('updated_at', 32).notNullable();
    table.string('updated_by', 255).notNullable();
    table.unique(['provider', 'endpoint_key', 'bucket', 'prefix_key'], {
      indexName: 's3_resources_location_unique',
    });
    table.index(['owner'], 's3_resources_owner_idx');
    table.index(['last_test_status'], 's3_resources_status_idx');
  });

  await knex.schema.createTable('s3_resource_test_runs', table => {
    table.comment('Connection test history');
    table.string('id', 36).primary().notNullable();
    table
      .string('resource_id', 36)
      .notNullable()
      .references('id')
      .inTable('s3_resources')
      .onDelete('CASCADE');
    table.string('status', 16).notNullable();
    table.string('started_at', 32).notNullable();
    table.integer('duration_ms').notNullable();
    table.text('steps').notNullable().comment('JSON: step results');
    table.string('initiated_by', 255).notNullable();
    table.index(['resource_id', 'started_at'], 's3_resource_test_runs_idx');
  });

  await knex.schema.createTable('s3_resource_audit', table => {
    table.comment('Who did what to which resource, and the outcome');
    table.bigIncrements('seq').primary();
    table.string('id', 36).notNullable().unique();
    table.string('at', 32).notNullable();
    table.string('actor', 255).notNullable();
    table.string('action', 64).notNullable();
    table.string('resource_id', 36).nullable();
    table.string('resource_name', 63).nullable();
    table.string('outcome', 16).notNullable();
    table.text('changed_fields').nullable().comment('JSON: field names only');
    table.text('message').nullable();
    table.index(['at'], 's3_resource_audit_at_idx');
    table.index(['resource_id'], 's3_resource_audit_resource_idx');
    table.index(['actor'], 's3_resource_audit_actor_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('s3_resource_audit');
  await knex.schema.dropTable('s3_resource_test_runs');
  await knex.schema.dropTable('s3_resources');
};
