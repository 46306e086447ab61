import {
  LoggerService,
  RootLoggerService,
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { startReplica } from '@internal/s3-test-harness';

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
 * one database per plugin) and the real events service, served over real
 * HTTP on 127.0.0.1: one replica of a portal.
 */
export const startBenchBackend = startReplica;
