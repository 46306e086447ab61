import { TestDatabases } from '@backstage/backend-test-utils';

export const POSTGRES_ENV =
  'BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING';

/**
 * The databases every store test runs on: SQLite and the local PostgreSQL.
 * PostgreSQL is never silently skipped: without its connection string this
 * throws and says how to get one.
 */
export function createTestDatabases(): TestDatabases {
  if (!process.env[POSTGRES_ENV]) {
    throw new Error(
      `${POSTGRES_ENV} is not set: store tests run on SQLite AND PostgreSQL. Run the suite with \`yarn test\` (it starts PostgreSQL and sets it), or export ${POSTGRES_ENV}=postgresql://postgres@127.0.0.1:5432`,
    );
  }
  return TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });
}
