import { s3ResourcesContract as api } from '@s3-resources/plugin-s3-resources-common';
import Router from 'express-promise-router';
import { ANSWERED, ServeOptions, serveRoute } from '../contract/serveRoute';
import { AuditTrail } from '../service/AuditTrail';
import { BucketInsight } from '../service/BucketInsight';
import {
  DEFAULT_PERIOD_DAYS,
  FleetStorageService,
} from '../service/FleetStorage';
import { FLEET_CSV_COLUMNS } from './exportFormats';
import { respondListOrExport } from './listOrExport';

/** What buckets hold and how they are configured: per resource and for the fleet. */
export function createInsightRoutes(options: {
  serve: ServeOptions;
  insight: BucketInsight;
  fleet: FleetStorageService;
  auditTrail: AuditTrail;
}) {
  const { serve, insight, fleet, auditTrail } = options;
  const router = Router();

  serveRoute(router, serve, api.getStorage, ({ params, ...ctx }) =>
    insight.storage(params.id, ctx),
  );

  serveRoute(router, serve, api.compareConfiguration, ({ params, ...ctx }) =>
    insight.configuration(params.id, ctx),
  );

  serveRoute(router, serve, api.fleetStorage, async input => {
    const { query, credentials, request, response } = input;
    const periodDays = query.periodDays ?? DEFAULT_PERIOD_DAYS;
    await respondListOrExport(request, response, {
      credentials,
      query: { format: query.format },
      auditTrail,
      exportAction: 'fleet-storage-export',
      filename: 's3-resources-storage',
      columns: FLEET_CSV_COLUMNS,
      list: () => fleet.summary(periodDays, credentials),
      rows: async () => {
        const rows = await fleet.rows(periodDays, credentials);
        return (async function* each() {
          yield* rows;
        })();
      },
    });
    return ANSWERED;
  });

  return router;
}
