import { createTestDatabases } from '@internal/s3-test-harness';
import fs from 'node:fs';
import { migrationsDir } from '../database/migrations';

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

      for (const _ of [...migrationFiles].reverse()) {
        await knex.migrate.down({ directory: migrationsDir });
      }
      expect(await knex.schema.hasTable('s3_resources')).toBe(false);
      expect(await knex.schema.hasTable('s3_resource_audit')).toBe(false);

      // and up again: down left nothing behind that blocks a fresh start
      await knex.migrate.latest({ directory: migrationsDir });
      expect(await knex.schema.hasTable('s3_resources')).toBe(true);
      await knex.destroy();
    },
  );
});
