import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { Request, Response } from 'express';
import { AuditTrail } from '../service/AuditTrail';
import { csvHeader, csvRow, ndjsonRow } from './exportFormats';
import { streamExport } from './streamExport';

/**
 * A list route that also exports: `format` absent or `json` answers one page
 * (`limit`, `cursor`); `csv` or `ndjson` streams every matching row as a
 * download, as an audited export.
 */
export async function respondListOrExport<TRow>(
  req: Request,
  res: Response,
  options: {
    credentials: BackstageCredentials;
    /** The list's paging and format, as the contract read them. */
    query: {
      format?: 'json' | 'csv' | 'ndjson';
      limit?: number;
      cursor?: string;
    };
    auditTrail: AuditTrail;
    /** Audit action of an export, e.g. `audit-export`. */
    exportAction: string;
    resourceId?: string;
    filename: string;
    columns: Array<keyof TRow>;
    list: (page: { limit?: number; cursor?: string }) => Promise<unknown>;
    /** Checks permissions, then returns the rows to stream. */
    rows: () => Promise<AsyncIterable<TRow>>;
  },
): Promise<void> {
  const { format, limit, cursor } = options.query;
  if (format === undefined || format === 'json') {
    res.json(await options.list({ limit, cursor }));
    return;
  }
  await options.auditTrail.run(
    { credentials: options.credentials, request: req },
    {
      action: options.exportAction,
      severityLevel: 'medium',
      resourceId: options.resourceId,
    },
    async () => {
      const rows = await options.rows();
      await streamExport(res, {
        filename: options.filename,
        format,
        header:
          format === 'csv' ? csvHeader(options.columns as string[]) : undefined,
        rows,
        render: row =>
          format === 'csv' ? csvRow(row, options.columns) : ndjsonRow(row),
      });
    },
  );
}
