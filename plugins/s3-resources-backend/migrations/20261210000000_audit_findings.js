// @ts-check

/**
 * The audit sweep: its runs and its findings, plus the two facts about a
 * resource it needs that were not stored yet (when the secret was last set,
 * when a connection test last ran the write probe).
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('s3_resources', table => {
    table
      .string('secret_changed_at', 32)
      .nullable()
      .comment('When the stored secret was last set; null without a secret');
    table
      .string('write_probe_at', 32)
      .nullable()
      .comment('When a connection test last ran the write probe');
  });

  // Existing rows: the secret was set by the latest successful secret change
  // in the audit trail, or else when the resource was registered.
  await knex('s3_resources')
    .whereNotNull('secret')
    .update({
      secret_changed_at: knex.raw(
        `coalesce((select max(a.at) from s3_resource_audit a where a.resource_id = s3_resources.id and a.action = 'resource-secret-change' and a.outcome = 'success'), s3_resources.created_at)`,
      ),
    });

  // ... and the write probe ran when a stored test has a write step that was not skipped.
  const lastProbe = new Map();
  let after = '';
  for (;;) {
    const runs = await knex('s3_resource_test_runs')
      .where('id', '>', after)
      .orderBy('id')
      .limit(500)
      .select('id', 'resource_id', 'started_at', 'steps');
    if (runs.length === 0) break;
    for (const run of runs) {
      /** @type {Array<{ id?: string, status?: string } | null>} */
      let steps = [];
      try {
        steps = JSON.parse(run.steps);
      } catch {
        continue;
      }
      const write = steps.find(s => s && s.id === 'write');
      if (!write || write.status === 'skipped') continue;
      const seen = lastProbe.get(run.resource_id);
      if (!seen || seen < run.started_at) {
        lastProbe.set(run.resource_id, run.started_at);
      }
    }
    after = runs[runs.length - 1].id;
  }
  for (const [id, at] of lastProbe) {
    await knex('s3_resources').where({ id }).update({ write_probe_at: at });
  }

  await knex.schema.createTable('s3_resource_findings', table => {
    table.comment(
      'What the latest audit sweeps found, one row per resource and kind',
    );
    table.string('id', 36).primary().notNullable();
    table
      .string('resource_id', 36)
      .notNullable()
      .references('id')
      .inTable('s3_resources')
      .onDelete('CASCADE');
    table.string('kind', 64).notNullable();
    table.string('severity', 16).notNullable();
    table
      .integer('severity_rank')
      .notNullable()
      .comment('4 high, 3 medium, 2 low, 1 info: for ordering');
    table.text('message').notNullable();
    table.text('fix').notNullable();
    table.string('first_seen_at', 32).notNullable();
    table.string('last_seen_at', 32).notNullable();
    table.string('sweep_id', 36).notNullable();
    table.unique(['resource_id', 'kind'], {
      indexName: 's3_resource_findings_resource_kind_unique',
    });
    table.index(['severity_rank'], 's3_resource_findings_rank_idx');
    table.index(['kind'], 's3_resource_findings_kind_idx');
  });

  await knex.schema.createTable('s3_audit_sweeps', table => {
    table.comment('Runs of the audit sweep: proves one run per interval');
    table.string('id', 36).primary().notNullable();
    table.string('started_at', 32).notNullable();
    table.string('finished_at', 32).nullable();
    table.string('instance_id', 255).notNullable();
    table.integer('resources_checked').notNullable().defaultTo(0);
    table.integer('findings').notNullable().defaultTo(0);
    table.string('outcome', 16).notNullable();
    table.text('message').nullable();
    table.index(['started_at'], 's3_audit_sweeps_started_idx');
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('s3_audit_sweeps');
  await knex.schema.dropTable('s3_resource_findings');
  // Plain DROP COLUMN (SQLite >= 3.35 has it): knex would rebuild the table
  // on SQLite, and dropping the old copy cascades into the test history.
  await knex.raw('alter table s3_resources drop column write_probe_at');
  await knex.raw('alter table s3_resources drop column secret_changed_at');
};
