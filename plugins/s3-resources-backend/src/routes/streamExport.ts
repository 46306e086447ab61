import { Response } from 'express';
import { once } from 'node:events';

/**
 * Writes rows to the response as they come, waiting for the socket to drain
 * so that memory stays bounded however many rows there are. Stops when the
 * client goes away.
 */
export async function streamExport<T>(
  res: Response,
  options: {
    filename: string;
    format: 'csv' | 'ndjson';
    header?: string;
    rows: AsyncIterable<T>;
    render: (row: T) => string;
  },
): Promise<number> {
  res.status(200);
  res.setHeader(
    'Content-Type',
    options.format === 'csv'
      ? 'text/csv; charset=utf-8'
      : 'application/x-ndjson; charset=utf-8',
  );
  res.setHeader(
    'Content-Disposition',
    `attachment; filename="${options.filename}.${options.format}"`,
  );
  let closed = false;
  res.on('close', () => {
    closed = true;
  });
  if (options.header) res.write(options.header);
  let count = 0;
  for await (const row of options.rows) {
    if (closed) break;
    count++;
    if (!res.write(options.render(row))) {
      await Promise.race([once(res, 'drain'), once(res, 'close')]);
    }
  }
  res.end();
  return count;
}
