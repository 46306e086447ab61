import { s3ResourcesContract as api } from '@s3-resources/plugin-s3-resources-common';
import Router from 'express-promise-router';
import { ANSWERED, ServeOptions, serveRoute } from '../contract/serveRoute';
import { ReconciliationService } from '../reconciliation/ReconciliationService';
import { AuditTrail } from '../service/AuditTrail';
import { RECONCILIATION_CSV_COLUMNS } from './exportFormats';
import { respondListOrExport } from './listOrExport';

/** Reconciliation's entries (list and export), for the platform. */
export function createReconciliationRoutes(options: {
  serve: ServeOptions;
  reconciliation: ReconciliationService;
  auditTrail: AuditTrail;
}) {
  const { serve, reconciliation, auditTrail } = options;
  const router = Router();

  serveRoute(router, serve, api.listReconciliation, async input => {
    const { query: all, credentials, request, response } = input;
    const { limit, cursor, format, ...query } = all;
    await respondListOrExport(request, response, {
      credentials,
      query: { limit, cursor, format },
      auditTrail,
      exportAction: 'reconciliation-export',
      filename: 's3-resources-reconciliation',
      columns: RECONCILIATION_CSV_COLUMNS,
      list: page => reconciliation.list({ ...query, ...page }, credentials),
      rows: async () =>
        reconciliation.iterate(
          await reconciliation.filterFor(query, credentials),
        ),
    });
    return ANSWERED;
  });

  return router;
}
