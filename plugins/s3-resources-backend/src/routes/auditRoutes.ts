import { HttpAuthService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import Router from 'express-promise-router';
import { AuditService } from '../service/AuditService';
import { AuditTrail } from '../service/AuditTrail';
import {
  AUDIT_CSV_COLUMNS,
  csvHeader,
  csvRow,
  ndjsonRow,
} from './exportFormats';
import { instant, integer, one } from './queryParams';
import { streamExport } from './streamExport';

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
    const format = one(req.query.format, 'format');
    if (format === undefined || format === 'json') {
      res.json(
        await auditService.list(
          {
            ...filter,
            limit: integer(req.query.limit, 'limit'),
            cursor: one(req.query.cursor, 'cursor'),
          },
          credentials,
        ),
      );
      return;
    }
    if (format !== 'csv' && format !== 'ndjson') {
      throw new InputError('format: must be json, csv or ndjson');
    }
    await auditTrail.run(
      { credentials, request: req },
      {
        action: 'audit-export',
        severityLevel: 'medium',
        resourceId: filter.resourceId,
      },
      async () => {
        await auditService.authorize(filter, credentials);
        await streamExport(res, {
          filename: 's3-resources-audit',
          format,
          header: format === 'csv' ? csvHeader(AUDIT_CSV_COLUMNS) : undefined,
          rows: auditService.iterate(filter),
          render: record =>
            format === 'csv'
              ? csvRow(record, AUDIT_CSV_COLUMNS)
              : ndjsonRow(record),
        });
      },
    );
  });

  return router;
}
