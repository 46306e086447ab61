import {
  DiscoveredBucket,
  ImportResult,
  s3ResourcesContract as api,
} from '@s3-resources/plugin-s3-resources-common';
import Router from 'express-promise-router';
import { ANSWERED, ServeOptions, serveRoute } from '../contract/serveRoute';
import { Discovery } from '../import/BucketDiscovery';
import { ImportService } from '../import/ImportService';
import { respondWithProgress } from './ndjsonProgress';

/** Set on a JSON discovery answer that does not hold every bucket: the reason. */
export const DISCOVERY_INCOMPLETE_HEADER = 'S3R-Discovery-Incomplete';

/**
 * Import of existing buckets. Both routes answer JSON, or stream progress as
 * NDJSON when asked (`Accept: application/x-ndjson`): discovery one line per
 * bucket as its region and tags arrive, import one line per registration.
 * A discovery cut short says why: in its `done` line, or in a header of the
 * JSON answer.
 */
export function createImportRoutes(options: {
  serve: ServeOptions;
  imports: ImportService;
}) {
  const { serve, imports } = options;
  const router = Router();

  serveRoute(router, serve, api.discoverBuckets, async input => {
    const { body, request: req, response: res, credentials } = input;
    // A client that goes away before the answer stops the discovery's calls.
    const gone = new AbortController();
    res.on('close', () => {
      if (!res.writableFinished) gone.abort();
    });
    await respondWithProgress<DiscoveredBucket, Discovery>(
      req,
      res,
      ({ emit }) =>
        imports.discover(
          body,
          { credentials, request: req },
          emit,
          gone.signal,
        ),
      {
        event: bucket => ({ type: 'bucket', bucket }),
        result: ({ buckets, incomplete }) => ({
          type: 'done',
          count: buckets.length,
          ...(incomplete ? { incomplete } : {}),
        }),
        json: ({ buckets, incomplete }, response) => {
          if (incomplete) {
            response.setHeader(DISCOVERY_INCOMPLETE_HEADER, incomplete.reason);
          }
          return buckets;
        },
      },
    );
    return ANSWERED;
  });

  serveRoute(router, serve, api.importBuckets, async input => {
    const { body, request: req, response: res, credentials } = input;
    await respondWithProgress<
      { result: ImportResult; done: number; total: number },
      ImportResult[]
    >(
      req,
      res,
      ({ emit }) =>
        imports.import(
          body,
          { credentials, request: req },
          (result, done, total) => emit({ result, done, total }),
        ),
      {
        event: progress => ({ type: 'progress', ...progress }),
        result: results => ({
          type: 'done',
          created: results.filter(r => r.outcome === 'created').length,
          exists: results.filter(r => r.outcome === 'exists').length,
          failed: results.filter(r => r.outcome === 'failed').length,
          results,
        }),
      },
    );
    return ANSWERED;
  });

  return router;
}
