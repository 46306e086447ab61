import { serializeError } from '@backstage/errors';
import express from 'express';

export const NDJSON = 'application/x-ndjson';

/**
 * Answers with the result of `work` as JSON, or — when the client accepts
 * NDJSON — streams one line per progress event as it happens and a final
 * line with the result. Errors before `onStart` are ordinary HTTP errors;
 * after the stream has started they end it as an `error` line.
 */
export async function respondWithProgress<TEvent, TResult>(
  req: express.Request,
  res: express.Response,
  work: (hooks: {
    onStart: () => void;
    emit: (event: TEvent) => void;
  }) => Promise<TResult>,
  lines: {
    event: (event: TEvent) => object;
    result: (result: TResult) => object;
    /** The JSON answer, which may set headers (default: the result as is). */
    json?: (result: TResult, res: express.Response) => unknown;
  },
): Promise<void> {
  const streaming = (req.get('accept') ?? '').includes(NDJSON);
  if (!streaming) {
    const result = await work({ onStart: () => {}, emit: () => {} });
    res.json(lines.json ? lines.json(result, res) : result);
    return;
  }
  const write = (line: object) => {
    res.write(`${JSON.stringify(line)}\n`);
    (res as unknown as { flush?: () => void }).flush?.();
  };
  let started = false;
  const start = () => {
    if (started) return;
    started = true;
    res.status(200);
    res.setHeader('Content-Type', `${NDJSON}; charset=utf-8`);
    res.setHeader('Cache-Control', 'no-cache');
    res.setHeader('X-Accel-Buffering', 'no');
    res.flushHeaders();
  };
  try {
    const result = await work({
      onStart: start,
      emit: event => {
        start();
        write(lines.event(event));
      },
    });
    start();
    write(lines.result(result));
    res.end();
  } catch (error) {
    if (!started) throw error;
    write({ type: 'error', error: serializeError(error as Error) });
    res.end();
  }
}
