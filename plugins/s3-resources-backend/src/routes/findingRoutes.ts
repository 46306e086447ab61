import { s3ResourcesContract as api } from '@s3-resources/plugin-s3-resources-common';
import Router from 'express-promise-router';
import { ANSWERED, ServeOptions, serveRoute } from '../contract/serveRoute';
import { AuditTrail } from '../service/AuditTrail';
import { AUDIT_SWEEP_TASK_ID } from '../service/AuditSweep';
import { FindingService } from '../service/FindingService';
import { FINDING_CSV_COLUMNS } from './exportFormats';
import { respondListOrExport } from './listOrExport';

/** The audit sweep's findings (list, summary, export) and its runs. */
export function createFindingRoutes(options: {
  serve: ServeOptions;
  findingService: FindingService;
  auditTrail: AuditTrail;
}) {
  const { serve, findingService, auditTrail } = options;
  const router = Router();

  serveRoute(router, serve, api.listFindings, async input => {
    const { query: all, credentials, request, response } = input;
    const { limit, cursor, format, ...query } = all;
    await respondListOrExport(request, response, {
      credentials,
      query: { limit, cursor, format },
      auditTrail,
      exportAction: 'findings-export',
      resourceId: query.resourceId,
      filename: 's3-resources-findings',
      columns: FINDING_CSV_COLUMNS,
      list: page => findingService.list({ ...query, ...page }, credentials),
      rows: async () =>
        findingService.iterate(
          await findingService.filterFor(query, credentials),
        ),
    });
    return ANSWERED;
  });

  serveRoute(router, serve, api.findingSummary, ({ query, credentials }) =>
    findingService.summary(query, credentials),
  );

  serveRoute(router, serve, api.listSweeps, ({ query, credentials }) =>
    findingService.sweepRuns(query, credentials),
  );

  serveRoute(router, serve, api.triggerSweep, async input => {
    const { credentials, request } = input;
    await auditTrail.run(
      { credentials, request },
      { action: 'audit-sweep-trigger', severityLevel: 'medium' },
      () => findingService.triggerSweep(credentials),
    );
    return { taskId: AUDIT_SWEEP_TASK_ID, status: 'triggered' as const };
  });

  return router;
}
