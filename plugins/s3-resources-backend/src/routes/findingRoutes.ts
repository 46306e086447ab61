import { HttpAuthService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import Router from 'express-promise-router';
import { Request } from 'express';
import { AuditTrail } from '../service/AuditTrail';
import { AUDIT_SWEEP_TASK_ID } from '../service/AuditSweep';
import { FindingQuery, FindingService } from '../service/FindingService';
import {
  FINDING_CSV_COLUMNS,
  csvHeader,
  csvRow,
  ndjsonRow,
} from './exportFormats';
import { integer, many, one } from './queryParams';
import { streamExport } from './streamExport';

function findingQuery(req: Request): FindingQuery {
  return {
    severity: many(req.query.severity),
    kind: many(req.query.kind),
    owner: many(req.query.owner),
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
    const format = one(req.query.format, 'format');
    if (format === undefined || format === 'json') {
      res.json(
        await findingService.list(
          {
            ...query,
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
        action: 'findings-export',
        severityLevel: 'medium',
        resourceId: query.resourceId,
      },
      async () => {
        const filter = await findingService.filterFor(query, credentials);
        await streamExport(res, {
          filename: 's3-resources-findings',
          format,
          header: format === 'csv' ? csvHeader(FINDING_CSV_COLUMNS) : undefined,
          rows: findingService.iterate(filter),
          render: finding =>
            format === 'csv'
              ? csvRow(finding, FINDING_CSV_COLUMNS)
              : ndjsonRow(finding),
        });
      },
    );
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
