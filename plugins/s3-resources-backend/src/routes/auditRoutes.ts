import { s3ResourcesContract as api } from '@s3-resources/plugin-s3-resources-common';
import Router from 'express-promise-router';
import { ANSWERED, ServeOptions, serveRoute } from '../contract/serveRoute';
import { AuditService } from '../service/AuditService';
import { AuditTrail } from '../service/AuditTrail';
import { AUDIT_CSV_COLUMNS } from './exportFormats';
import { respondListOrExport } from './listOrExport';

export function createAuditRoutes(options: {
  serve: ServeOptions;
  auditService: AuditService;
  auditTrail: AuditTrail;
}) {
  const { serve, auditService, auditTrail } = options;
  const router = Router();

  serveRoute(router, serve, api.listAudit, async input => {
    const { query, credentials, request, response } = input;
    const { limit, cursor, format, ...filter } = query;
    await respondListOrExport(request, response, {
      credentials,
      query: { limit, cursor, format },
      auditTrail,
      exportAction: 'audit-export',
      resourceId: filter.resourceId,
      filename: 's3-resources-audit',
      columns: AUDIT_CSV_COLUMNS,
      list: page => auditService.list({ ...filter, ...page }, credentials),
      rows: async () => {
        await auditService.authorize(filter, credentials);
        return auditService.iterate(filter);
      },
    });
    return ANSWERED;
  });

  return router;
}
