import {
  DiscoveryService,
  ServiceFactory,
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { databaseServiceFactory } from '@backstage/backend-defaults/database';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { eventsServiceFactory } from '@backstage/plugin-events-node';
import { JsonObject } from '@backstage/types';
import knexFactory, { Knex } from 'knex';
import { AddressInfo } from 'node:net';
import { POSTGRES_ENV } from './databases';
import { randomSuffix } from './names';

/** The local PostgreSQL the suite uses (BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING). */
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
 * Databases of one run on the local PostgreSQL: the backend's database
 * manager creates `<prefix><pluginId>` per plugin, so replicas given the same
 * `config` share them, as replicas of a portal do; `drop()` removes them all.
 */
export function postgresDatabases(label: string) {
  const prefix = `s3r_${label}_${randomSuffix().slice(0, 6)}_`;
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

/**
 * Finds plugins on other replicas (`elsewhere`: pluginId → base URL of the
 * backend serving it) and every other plugin on this replica, whose port is
 * known only once it listens: calls made while it starts wait for it.
 */
function replicaDiscovery(
  elsewhere: Record<string, string | Promise<string>>,
  ownBase: Promise<string>,
): ServiceFactory {
  const discovery: DiscoveryService = {
    async getBaseUrl(pluginId) {
      return `${elsewhere[pluginId] ?? (await ownBase)}/api/${pluginId}`;
    },
    async getExternalBaseUrl(pluginId) {
      return this.getBaseUrl(pluginId);
    },
  };
  return createServiceFactory({
    service: coreServices.discovery,
    deps: {},
    factory: () => discovery,
  });
}

/**
 * One replica of a portal backend: `features` on the real database service
 * (`database`: shared by the replicas of one portal) and the real events
 * service, so with the events backend among the features, events travel
 * between replicas through the database. Served over HTTP on 127.0.0.1.
 */
export async function startReplica(options: {
  features: Array<ServiceFactory | any>;
  database: JsonObject;
  config?: JsonObject;
  /**
   * pluginId → base URL (`http://127.0.0.1:port`) of the replica serving it;
   * a promise for a replica started after this one.
   */
  elsewhere?: Record<string, string | Promise<string>>;
  /** Default: warnings and errors only. */
  logger?: ServiceFactory;
}) {
  let listening: (base: string) => void = () => undefined;
  const ownBase = new Promise<string>(resolve => {
    listening = resolve;
  });
  const backend = await startTestBackend({
    features: [
      ...options.features,
      databaseServiceFactory,
      eventsServiceFactory,
      replicaDiscovery(options.elsewhere ?? {}, ownBase),
      options.logger ?? mockServices.rootLogger.factory({ level: 'warn' }),
      mockServices.rootConfig.factory({
        data: {
          app: { baseUrl: 'http://localhost:3000' },
          ...options.config,
          backend: {
            ...(options.config?.backend as object | undefined),
            database: options.database,
          },
        },
      }),
    ],
  });
  const { port } = backend.server.address() as AddressInfo;
  const base = `http://127.0.0.1:${port}`;
  listening(base);
  return {
    base,
    /** The replica's HTTP server (e.g. to count the bytes it writes). */
    server: backend.server,
    stop: () => backend.stop(),
    /** fetch as a signed-in user (mock tokens; every replica accepts them), JSON in and out. */
    call: async (
      path: string,
      init: { method?: string; body?: unknown; user?: string } = {},
    ) => {
      const res = await fetch(`${base}${path}`, {
        method: init.method ?? 'GET',
        headers: {
          Authorization: mockCredentials.user.header(
            `user:default/${init.user ?? 'alice'}`,
          ),
          ...(init.body !== undefined
            ? { 'content-type': 'application/json' }
            : {}),
        },
        body: init.body !== undefined ? JSON.stringify(init.body) : undefined,
      });
      const text = await res.text();
      let json: any;
      try {
        json = text ? JSON.parse(text) : undefined;
      } catch {
        json = undefined;
      }
      return { status: res.status, text, json, headers: res.headers };
    },
  };
}

export type Replica = Awaited<ReturnType<typeof startReplica>>;
