import {
  LoggerService,
  RootLoggerService,
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
import { JsonObject } from '@backstage/types';
import { AddressInfo } from 'node:net';

export const asUser = (name = 'alice') => ({
  Authorization: mockCredentials.user.header(`user:default/${name}`),
});

export type TimedLine = { at: number; level: string; message: string };

/** A root logger that keeps every line with its time and prints warnings and errors. */
export function timedLogger() {
  const lines: TimedLine[] = [];
  const make = (fields: Record<string, unknown>): RootLoggerService => {
    const log = (level: string) => (message: string, meta?: unknown) => {
      lines.push({ at: performance.now(), level, message });
      if (level === 'error' || level === 'warn') {
        process.stderr.write(
          `  ${level}: ${Object.values(fields).join('/')} ${message}${
            meta ? ` ${JSON.stringify(meta).slice(0, 300)}` : ''
          }\n`,
        );
      }
    };
    const logger: LoggerService = {
      error: log('error'),
      warn: log('warn'),
      info: log('info'),
      debug: () => undefined,
      child: meta => make({ ...fields, ...meta }),
    };
    return logger as RootLoggerService;
  };
  return {
    lines,
    factory: createServiceFactory({
      service: coreServices.rootLogger,
      deps: {},
      factory: () => make({}),
    }),
  };
}

/**
 * A backend of the given features on the real database service (PostgreSQL,
 * one database per plugin), served over real HTTP on 127.0.0.1.
 */
export async function startBenchBackend(options: {
  features: Array<ServiceFactory | any>;
  database: JsonObject;
  config: JsonObject;
  logger?: ServiceFactory;
}) {
  const backend = await startTestBackend({
    features: [
      ...options.features,
      databaseServiceFactory,
      options.logger ?? mockServices.rootLogger.factory({ level: 'warn' }),
      mockServices.rootConfig.factory({
        data: {
          backend: { database: options.database },
          app: { baseUrl: 'http://localhost:3000' },
          ...options.config,
        },
      }),
    ],
  });
  const { port } = backend.server.address() as AddressInfo;
  const base = `http://127.0.0.1:${port}`;
  return {
    base,
    /** The backend's HTTP server (e.g. to count the bytes it writes). */
    server: backend.server,
    stop: () => backend.stop(),
    /** fetch as a signed-in user (mock tokens), JSON in and out. */
    call: async (
      path: string,
      init: { method?: string; body?: unknown; user?: string } = {},
    ) => {
      const res = await fetch(`${base}${path}`, {
        method: init.method ?? 'GET',
        headers: {
          ...asUser(init.user),
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
