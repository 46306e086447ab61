import { s3ResourcesContract as api } from '@s3-resources/plugin-s3-resources-common';
import Router from 'express-promise-router';
import { ANSWERED, ServeOptions, serveRoute } from '../contract/serveRoute';
import { AccessMapService } from '../service/AccessMapService';
import { AuditTrail } from '../service/AuditTrail';
import { ACCESS_CSV_COLUMNS } from './exportFormats';
import { respondListOrExport } from './listOrExport';

/** Who may do what to each resource's bucket: one resource's map, and the fleet's. */
export function createAccessRoutes(options: {
  serve: ServeOptions;
  accessMaps: AccessMapService;
  auditTrail: AuditTrail;
}) {
  const { serve, accessMaps, auditTrail } = options;
  const router = Router();

  serveRoute(router, serve, api.getAccessMap, ({ params, credentials }) =>
    accessMaps.forResource(params.id, credentials),
  );

  serveRoute(router, serve, api.fleetAccess, async input => {
    const { query, credentials, request, response } = input;
    await respondListOrExport(request, response, {
      credentials,
      query: { format: query.format },
      auditTrail,
      exportAction: 'access-export',
      filename: 's3-resources-access',
      columns: ACCESS_CSV_COLUMNS,
      list: () => accessMaps.fleetSummary(credentials),
      rows: () => accessMaps.fleetRows(credentials),
    });
    return ANSWERED;
  });

  return router;
}
