import { HttpAuthService } from '@backstage/backend-plugin-api';
import Router from 'express-promise-router';
import { Request } from 'express';
import { AuditTrail } from '../service/AuditTrail';
import { AUDIT_SWEEP_TASK_ID } from '../service/AuditSweep';
import { FindingQuery, FindingService } from '../service/FindingService';
import { FINDING_CSV_COLUMNS } from './exportFormats';
import { respondListOrExport } from './listOrExport';
import { integer, many, one, owners } from './queryParams';

function findingQuery(req: Request): FindingQuery {
  return {
    severity: many(req.query.severity),
    kind: many(req.query.kind),
    owner: owners(req.query.owner),
    resourceId: one(req.query.resourceId, 'resourceId'),
  };
}

/** The audit sweep's findings (list, summary, export) and its runs. */
export function createFindingRoutes(options: {
  httpAuth: HttpAuthService;
  findingService: FindingService;
  auditTrail: AuditTrail;
}) {
  const { httpAuth, findingService, auditTrail } = options;
  const router = Router();

  router.get('/findings', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const query = findingQuery(req);
    await respondListOrExport(req, res, {
      credentials,
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
  });

  router.get('/findings/summary', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    res.json(await findingService.summary(findingQuery(req), credentials));
  });

  router.get('/audit/sweeps', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    res.json(
      await findingService.sweepRuns(
        { limit: integer(req.query.limit, 'limit') },
        credentials,
      ),
    );
  });

  router.post('/audit/sweep', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    await auditTrail.run(
      { credentials, request: req },
      { action: 'audit-sweep-trigger', severityLevel: 'medium' },
      () => findingService.triggerSweep(credentials),
    );
    res.status(202).json({ taskId: AUDIT_SWEEP_TASK_ID, status: 'triggered' });
  });

  return router;
}
