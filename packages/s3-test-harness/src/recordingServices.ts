import {
  AuditorService,
  AuditorServiceCreateEventOptions,
  LoggerService,
  RootLoggerService,
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';

export type LoggedLine = {
  level: 'error' | 'warn' | 'info' | 'debug';
  message: string;
  meta?: unknown;
};

/** A root logger that keeps every line (of every plugin) for assertions. */
export function createRecordingLogger() {
  const lines: LoggedLine[] = [];
  const make = (fields: Record<string, unknown>): RootLoggerService => {
    const log =
      (level: LoggedLine['level']) => (message: string, meta?: unknown) => {
        lines.push({
          level,
          message,
          meta: { ...fields, ...(meta as object) },
        });
      };
    const logger: LoggerService = {
      error: log('error'),
      warn: log('warn'),
      info: log('info'),
      debug: log('debug'),
      child: meta => make({ ...fields, ...meta }),
    };
    return logger as RootLoggerService;
  };
  return {
    lines,
    /** Everything logged, as one string, to scan for values that must not appear. */
    text: () => JSON.stringify(lines),
    factory: createServiceFactory({
      service: coreServices.rootLogger,
      deps: {},
      factory: () => make({}),
    }),
  };
}

export type RecordedAuditEvent = {
  pluginId: string;
  eventId: string;
  severityLevel?: string;
  meta?: unknown;
  outcome?: 'success' | 'fail';
  error?: string;
  finalMeta?: unknown;
};

/** An auditor that records every event and how it ended. */
export function createRecordingAuditor() {
  const events: RecordedAuditEvent[] = [];
  return {
    events,
    factory: createServiceFactory({
      service: coreServices.auditor,
      deps: { plugin: coreServices.pluginMetadata },
      factory({ plugin }): AuditorService {
        return {
          async createEvent(options: AuditorServiceCreateEventOptions) {
            const event: RecordedAuditEvent = {
              pluginId: plugin.getId(),
              eventId: options.eventId,
              severityLevel: options.severityLevel,
              meta: options.meta,
            };
            events.push(event);
            return {
              async success(o) {
                if (event.outcome)
                  throw new Error(`event ${event.eventId} ended twice`);
                event.outcome = 'success';
                event.finalMeta = o?.meta;
              },
              async fail(o) {
                if (event.outcome)
                  throw new Error(`event ${event.eventId} ended twice`);
                event.outcome = 'fail';
                event.error = `${o.error.name}: ${o.error.message}`;
                event.finalMeta = o.meta;
              },
            };
          },
        };
      },
    }),
  };
}
