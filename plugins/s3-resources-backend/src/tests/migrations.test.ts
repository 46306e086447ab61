import { createTestDatabases } from '@internal/s3-test-harness';
import fs from 'node:fs';
import { Knex } from 'knex';
import { migrationsDir } from '../database/migrations';
import { isoFromDbOrNull } from '../database/timestamps';

const migrationFiles = fs
  .readdirSync(migrationsDir)
  .filter(f => f.endsWith('.js'))
  .sort();

jest.setTimeout(60_000);

describe('migrations', () => {
  const databases = createTestDatabases();

  it.each(databases.eachSupportedId())(
    'steps every migration up and down on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      expect(migrationFiles.length).toBeGreaterThan(0);
      for (const file of migrationFiles) {
        await knex.migrate.up({ directory: migrationsDir, name: file });
      }
      expect(await knex.schema.hasTable('s3_resources')).toBe(true);
      expect(await knex.schema.hasTable('s3_resource_test_runs')).toBe(true);
      expect(await knex.schema.hasTable('s3_resource_audit')).toBe(true);
      expect(await knex.schema.hasTable('s3_resource_findings')).toBe(true);
      expect(await knex.schema.hasTable('s3_audit_sweeps')).toBe(true);
      expect(await knex.schema.hasTable('s3_audit_sweep_batches')).toBe(true);
      expect(await knex.schema.hasTable('s3_storage_scans')).toBe(true);
      expect(await knex.schema.hasTable('s3_storage_samples')).toBe(true);
      expect(
        await knex.schema.hasColumn('s3_audit_sweeps', 'planned_batches'),
      ).toBe(true);
      expect(
        await knex.schema.hasColumn('s3_resources', 'secret_changed_at'),
      ).toBe(true);

      for (const _ of [...migrationFiles].reverse()) {
        await knex.migrate.down({ directory: migrationsDir });
      }
      expect(await knex.schema.hasTable('s3_resources')).toBe(false);
      expect(await knex.schema.hasTable('s3_resource_audit')).toBe(false);
      expect(await knex.schema.hasTable('s3_resource_findings')).toBe(false);
      expect(await knex.schema.hasTable('s3_audit_sweep_batches')).toBe(false);
      expect(await knex.schema.hasTable('s3_storage_samples')).toBe(false);

      // and up again: down left nothing behind that blocks a fresh start
      await knex.migrate.latest({ directory: migrationsDir });
      expect(await knex.schema.hasTable('s3_resources')).toBe(true);
      await knex.destroy();
    },
  );

  it.each(databases.eachSupportedId())(
    'keeps existing rows valid and fills when their secret was set and the write probe last ran, on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const [init, audit] = migrationFiles;
      expect(audit).toBe('20261210000000_audit_findings.js');
      await knex.migrate.up({ directory: migrationsDir, name: init });
      const row = (id: string, name: string, secret: string | null) => ({
        id,
        name,
        provider: 'ceph-rgw',
        bucket: `${name}-bucket`,
        region: 'us-east-1',
        owner: 'group:default/team-a',
        settings: '{}',
        auth_method: secret ? 'access-key' : 'aws-account',
        auth: '{}',
        secret,
        created_at: '2026-01-01T00:00:00.000Z',
        created_by: 'user:default/alice',
        updated_at: '2026-03-01T00:00:00.000Z',
        updated_by: 'user:default/alice',
      });
      const ids = {
        rotated: '00000000-0000-4000-8000-000000000001',
        original: '00000000-0000-4000-8000-000000000002',
        keyless: '00000000-0000-4000-8000-000000000003',
      };
      await knex('s3_resources').insert([
        row(ids.rotated, 'rotated', '{"v":1}'),
        row(ids.original, 'original', '{"v":1}'),
        row(ids.keyless, 'keyless', null),
      ]);
      const auditRow = (n: number, at: string, outcome: string) => ({
        id: `00000000-0000-4000-9000-00000000000${n}`,
        at,
        actor: 'user:default/alice',
        action: 'resource-secret-change',
        resource_id: ids.rotated,
        outcome,
      });
      await knex('s3_resource_audit').insert([
        auditRow(1, '2026-02-01T00:00:00.000Z', 'success'),
        auditRow(2, '2026-02-15T00:00:00.000Z', 'success'),
        auditRow(3, '2026-02-20T00:00:00.000Z', 'failure'),
      ]);
      const run = (n: number, at: string, writeStatus: string) => ({
        id: `00000000-0000-4000-a000-00000000000${n}`,
        resource_id: ids.original,
        status: 'pass',
        started_at: at,
        duration_ms: 10,
        steps: JSON.stringify([
          { id: 'bucket', status: 'pass' },
          { id: 'write', status: writeStatus },
        ]),
        initiated_by: 'user:default/alice',
      });
      await knex('s3_resource_test_runs').insert([
        run(1, '2026-02-02T00:00:00.000Z', 'pass'),
        run(2, '2026-02-03T00:00:00.000Z', 'fail'),
        run(3, '2026-02-04T00:00:00.000Z', 'skipped'),
      ]);

      await knex.migrate.up({ directory: migrationsDir, name: audit });
      const after = await knex('s3_resources')
        .orderBy('name')
        .select('name', 'secret_changed_at', 'write_probe_at', 'version');
      expect(after).toEqual([
        {
          name: 'keyless',
          secret_changed_at: null,
          write_probe_at: null,
          version: 1,
        },
        {
          name: 'original',
          secret_changed_at: '2026-01-01T00:00:00.000Z',
          write_probe_at: '2026-02-03T00:00:00.000Z',
          version: 1,
        },
        {
          name: 'rotated',
          secret_changed_at: '2026-02-15T00:00:00.000Z',
          write_probe_at: null,
          version: 1,
        },
      ]);

      // down keeps the rows (and their test history) of the earlier schema
      await knex.migrate.down({ directory: migrationsDir });
      expect(
        await knex.schema.hasColumn('s3_resources', 'secret_changed_at'),
      ).toBe(false);
      const count = async (table: string) =>
        Number((await knex(table).count({ n: '*' }))[0].n);
      expect(await count('s3_resources')).toBe(3);
      expect(await count('s3_resource_test_runs')).toBe(3);
      await knex.destroy();
    },
  );

  it.each(databases.eachSupportedId())(
    'rewrites owners and systems in their canonical spelling, on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const canonical = '20261211000000_canonical_entity_refs.js';
      expect(migrationFiles).toContain(canonical);
      for (const file of migrationFiles.filter(f => f < canonical)) {
        await knex.migrate.up({ directory: migrationsDir, name: file });
      }
      const row = (n: number, owner: string, system: string | null) => ({
        id: `00000000-0000-4000-8000-00000000010${n}`,
        name: `refs-${n}`,
        provider: 'ceph-rgw',
        bucket: `refs-${n}`,
        region: 'us-east-1',
        owner,
        system,
        settings: '{}',
        auth_method: 'aws-account',
        auth: '{}',
        created_at: '2026-01-01T00:00:00.000Z',
        created_by: 'user:default/alice',
        updated_at: '2026-01-01T00:00:00.000Z',
        updated_by: 'user:default/alice',
      });
      await knex('s3_resources').insert([
        row(1, 'group:default/team-a', 'media-pipeline'),
        row(2, 'Group:Team-A', 'system:media-pipeline'),
        row(3, 'user:default/Jane.Doe', 'default/Media-Pipeline'),
        row(4, 'Group:Default/team-a', null),
        // written before the validators existed: left as it is
        row(5, 'component:default/web', 'not a ref'),
      ]);

      await knex.migrate.up({ directory: migrationsDir, name: canonical });
      const after = await knex('s3_resources')
        .orderBy('name')
        .select('name', 'owner', 'system', 'version');
      expect(after).toEqual([
        {
          name: 'refs-1',
          owner: 'group:default/team-a',
          system: 'system:default/media-pipeline',
          version: 1,
        },
        {
          name: 'refs-2',
          owner: 'group:default/team-a',
          system: 'system:default/media-pipeline',
          version: 1,
        },
        {
          name: 'refs-3',
          owner: 'user:default/jane.doe',
          system: 'system:default/media-pipeline',
          version: 1,
        },
        {
          name: 'refs-4',
          owner: 'group:default/team-a',
          system: null,
          version: 1,
        },
        {
          name: 'refs-5',
          owner: 'component:default/web',
          system: 'not a ref',
          version: 1,
        },
      ]);
      await knex.migrate.down({ directory: migrationsDir });
      await knex.migrate.latest({ directory: migrationsDir });
      await knex.destroy();
    },
  );
  it.each(databases.eachSupportedId())(
    'turns timestamp strings into timestamp columns with the same instants, and back, on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const timestamps = '20261212000000_timestamp_columns.js';
      expect(migrationFiles).toContain(timestamps);
      for (const file of migrationFiles.filter(f => f < timestamps)) {
        await knex.migrate.up({ directory: migrationsDir, name: file });
      }
      const resourceId = '00000000-0000-4000-8000-000000000201';
      const columns = {
        s3_resources: {
          key: 'id',
          row: {
            id: resourceId,
            name: 'timed',
            provider: 'ceph-rgw',
            bucket: 'timed',
            region: 'us-east-1',
            owner: 'group:default/team-a',
            settings: '{}',
            auth_method: 'access-key',
            auth: '{}',
            secret: '{"v":1}',
            created_by: 'user:default/alice',
            updated_by: 'user:default/alice',
          },
          at: {
            created_at: '2026-01-01T00:00:00.000Z',
            updated_at: '2026-11-28T10:00:00.123Z',
            last_tested_at: '2026-11-28T09:59:59.999Z',
            secret_changed_at: '1999-12-31T23:59:59.001Z',
            write_probe_at: null,
          },
        },
        s3_resource_test_runs: {
          key: 'id',
          row: {
            id: '00000000-0000-4000-a000-000000000201',
            resource_id: resourceId,
            status: 'pass',
            duration_ms: 10,
            steps: '[]',
            initiated_by: 'user:default/alice',
          },
          at: { started_at: '2026-11-28T09:59:59.999Z' },
        },
        s3_resource_audit: {
          key: 'id',
          row: {
            id: '00000000-0000-4000-9000-000000000201',
            actor: 'user:default/alice',
            action: 'resource-create',
            resource_id: resourceId,
            outcome: 'success',
          },
          at: { at: '2026-01-01T00:00:00.000Z' },
        },
        s3_resource_findings: {
          key: 'id',
          row: {
            id: '00000000-0000-4000-b000-000000000201',
            resource_id: resourceId,
            kind: 'stale-access-key',
            severity: 'medium',
            severity_rank: 3,
            message: 'old key',
            fix: 'rotate it',
            sweep_id: '00000000-0000-4000-c000-000000000201',
          },
          at: {
            first_seen_at: '2026-06-30T23:00:00.500Z',
            last_seen_at: '2026-11-28T10:00:00.123Z',
          },
        },
        s3_audit_sweeps: {
          key: 'id',
          row: {
            id: '00000000-0000-4000-c000-000000000201',
            instance_id: 'host:1',
            outcome: 'running',
          },
          at: { started_at: '2026-11-28T10:00:00.123Z', finished_at: null },
        },
      };
      for (const [table, { row, at }] of Object.entries(columns)) {
        await knex(table).insert({ ...row, ...at });
      }
      const read = async (db: Knex) => {
        const found: Record<string, Record<string, unknown>> = {};
        for (const [table, { key, row, at }] of Object.entries(columns)) {
          const stored = await db(table)
            .where(key, row[key as keyof typeof row])
            .first(Object.keys(at));
          found[table] = stored;
        }
        return found;
      };
      const expected = Object.fromEntries(
        Object.entries(columns).map(([table, { at }]) => [table, at]),
      );

      await knex.migrate.up({ directory: migrationsDir, name: timestamps });
      const after = await read(knex);
      // the same instants, now read as dates (PostgreSQL) or numbers (SQLite)
      for (const [table, values] of Object.entries(after)) {
        for (const [column, value] of Object.entries(values)) {
          expect(typeof value).not.toBe('string');
          expect(isoFromDbOrNull(value as any)).toBe(
            expected[table][column as keyof (typeof expected)[string]],
          );
        }
      }
      // the rebuilt parent table took none of its children with it
      const count = async (table: string) =>
        Number((await knex(table).count({ n: '*' }))[0].n);
      for (const table of Object.keys(columns)) {
        expect(await count(table)).toBe(1);
      }
      // compared as instants: a Date finds the row on either database
      expect(
        await knex('s3_resources')
          .where('updated_at', '>', new Date('2026-11-28T10:00:00.122Z'))
          .where('updated_at', '<', new Date('2026-11-28T10:00:00.124Z'))
          .pluck('name'),
      ).toEqual(['timed']);
      expect(
        await knex('s3_resources')
          .where('updated_at', '=', new Date('2026-11-28T10:00:00.123Z'))
          .pluck('name'),
      ).toEqual(['timed']);

      // down writes the same ISO strings back
      await knex.migrate.down({ directory: migrationsDir });
      expect(await read(knex)).toEqual(expected);
      for (const table of Object.keys(columns)) {
        expect(await count(table)).toBe(1);
      }
      await knex.migrate.latest({ directory: migrationsDir });
      await knex.destroy();
    },
  );
});
