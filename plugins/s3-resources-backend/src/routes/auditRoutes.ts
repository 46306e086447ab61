import { HttpAuthService } from '@backstage/backend-plugin-api';
import Router from 'express-promise-router';
import { AuditService } from '../service/AuditService';
import { AuditTrail } from '../service/AuditTrail';
import { AUDIT_CSV_COLUMNS } from './exportFormats';
import { respondListOrExport } from './listOrExport';
import { instant, one } from './queryParams';

export function createAuditRoutes(options: {
  httpAuth: HttpAuthService;
  auditService: AuditService;
  auditTrail: AuditTrail;
}) {
  const { httpAuth, auditService, auditTrail } = options;
  const router = Router();

  router.get('/audit', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const filter = {
      resourceId: one(req.query.resourceId, 'resourceId'),
      actor: one(req.query.actor, 'actor'),
      action: one(req.query.action, 'action'),
      since: instant(req.query.since, 'since'),
      until: instant(req.query.until, 'until'),
    };
    await respondListOrExport(req, res, {
      credentials,
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
  });

  return router;
}
