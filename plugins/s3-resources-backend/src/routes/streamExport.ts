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
    if (!res.write(options.render(row))) await drainedOrClosed(res);
  }
  res.end();
  return count;
}

/**
 * Waits for the response to drain or close, and takes its listeners away
 * again: a long export waits thousands of times on one response.
 */
async function drainedOrClosed(res: Response): Promise<void> {
  const done = new AbortController();
  const wait = (event: string) =>
    once(res, event, { signal: done.signal }).catch(() => undefined);
  try {
    await Promise.race([wait('drain'), wait('close')]);
  } finally {
    done.abort();
  }
}
