import { POSTGRES_ENV, randomSuffix } from '@internal/s3-test-harness';
import knexFactory, { Knex } from 'knex';

/** The local PostgreSQL the test suite uses (BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING). */
export function postgresConnection(): string {
  const connection = process.env[POSTGRES_ENV];
  if (!connection) {
    throw new Error(
      `${POSTGRES_ENV} is not set; export ${POSTGRES_ENV}=postgresql://postgres@127.0.0.1:5432 (scripts/postgres.sh ensure starts the local server)`,
    );
  }
  return connection;
}

/**
 * A database prefix for one benchmark run: the backend's database manager
 * creates `<prefix><pluginId>` per plugin; `drop()` removes them all.
 */
export function benchDatabases(label: string) {
  const prefix = `s3r_bench_${label}_${randomSuffix().slice(0, 6)}_`;
  const admin = (): Knex =>
    knexFactory({
      client: 'pg',
      connection: postgresConnection(),
      pool: { min: 0, max: 1 },
    });
  return {
    prefix,
    /** `backend.database` config for the real database service. */
    config: { client: 'pg', connection: postgresConnection(), prefix },
    /** A connection to one plugin's database. */
    connect: (pluginId: string): Knex =>
      knexFactory({
        client: 'pg',
        connection: `${postgresConnection().replace(
          /\/$/,
          '',
        )}/${prefix}${pluginId}`,
        pool: { min: 0, max: 2 },
      }),
    drop: async () => {
      const db = admin();
      try {
        const rows: Array<{ datname: string }> = await db('pg_database')
          .where('datname', 'like', `${prefix}%`)
          .select('datname');
        for (const { datname } of rows) {
          await db.raw('DROP DATABASE IF EXISTS ?? WITH (FORCE)', [datname]);
        }
      } finally {
        await db.destroy();
      }
    },
  };
}
