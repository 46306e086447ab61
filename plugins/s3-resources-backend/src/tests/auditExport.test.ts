import { createTestDatabases } from '@internal/s3-test-harness';
import http from 'node:http';
import { randomUUID } from 'node:crypto';
import v8 from 'node:v8';
import vm from 'node:vm';
import { asUser, startPluginBackend } from '../__testUtils__/testBackend';

jest.setTimeout(300_000);

const ROWS = 100_000;
const MB = 1024 * 1024;

// A full garbage collection on demand, so that samples show what is still
// held rather than garbage not yet collected.
v8.setFlagsFromString('--expose-gc');
const gc: () => void = vm.runInNewContext('gc');

/** First and last line of each export. */
const EDGES = {
  csv: {
    first:
      'at,actor,action,outcome,verdict,resourceId,resourceName,objectKey,changedFields,message,id',
    last: expect.stringMatching(/^"2026-01-01T00:00:00\.000Z",/),
  },
  ndjson: {
    first: expect.stringContaining('"action":"audit-export"'),
    last: expect.stringContaining('"at":"2026-01-01T00:00:00.000Z"'),
  },
};

/** Inserts `ROWS` audit rows in batches, as a long-lived portal would have them. */
async function fillAuditTable(knex: import('knex').Knex) {
  const start = Date.parse('2026-01-01T00:00:00.000Z');
  const batch = 500;
  for (let i = 0; i < ROWS; i += batch) {
    const rows = [];
    for (let j = i; j < Math.min(i + batch, ROWS); j++) {
      rows.push({
        id: randomUUID(),
        at: new Date(start + j * 1000),
        actor: `user:default/user-${j % 97}`,
        action: j % 3 === 0 ? 'resource-update' : 'resource-test',
        resource_id: randomUUID(),
        resource_name: `bucket-resource-${j % 1013}`,
        outcome: j % 11 === 0 ? 'failure' : 'success',
        changed_fields: JSON.stringify(['description', 'tags']),
        message:
          j % 11 === 0
            ? 'ConflictError: Resource was changed by someone else (version 4, you sent 3); reload it and apply your change again'
            : null,
      });
    }
    await knex('s3_resource_audit').insert(rows);
  }
}

/**
 * Downloads the export, counting lines and bytes without keeping the body,
 * while sampling this process's memory every 50 ms (the backend runs in the
 * same process, so its buffers count too).
 */
function exportWhileSampling(port: number, format: 'csv' | 'ndjson') {
  gc();
  const base = process.memoryUsage();
  let peakRss = base.rss;
  let peakHeap = base.heapUsed;
  let peakRetained = base.heapUsed;
  let ticks = 0;
  const sample = () => {
    // every 50 ms the usage as is; every 250 ms after a full collection
    if (++ticks % 5 === 0) {
      gc();
      peakRetained = Math.max(peakRetained, process.memoryUsage().heapUsed);
    }
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
  };
  const timer = setInterval(sample, 50);
  const t0 = Date.now();
  return new Promise<{
    status: number;
    lines: number;
    bytes: number;
    first: string;
    last: string;
    ms: number;
    rssGrowthMb: number;
    heapGrowthMb: number;
    retainedGrowthMb: number;
    samples: number;
  }>((resolve, reject) => {
    const req = http.get(
      {
        host: '127.0.0.1',
        port,
        path: `/api/s3-resources/audit?format=${format}`,
        headers: asUser('carol'),
      },
      res => {
        let lines = 0;
        let bytes = 0;
        let first = '';
        let tail = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          bytes += Buffer.byteLength(chunk);
          for (
            let i = chunk.indexOf('\n');
            i >= 0;
            i = chunk.indexOf('\n', i + 1)
          ) {
            lines++;
          }
          if (!first) first = chunk.slice(0, chunk.indexOf('\n'));
          tail = (tail + chunk).slice(-2000);
        });
        res.on('end', () => {
          clearInterval(timer);
          const samples = ticks;
          sample();
          const rows = tail.trimEnd().split('\n');
          resolve({
            status: res.statusCode ?? 0,
            lines,
            bytes,
            first,
            last: rows[rows.length - 1],
            ms: Date.now() - t0,
            rssGrowthMb: (peakRss - base.rss) / MB,
            heapGrowthMb: (peakHeap - base.heapUsed) / MB,
            retainedGrowthMb: (peakRetained - base.heapUsed) / MB,
            samples,
          });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
  });
}

describe('audit export of 100,000 rows', () => {
  const databases = createTestDatabases();

  it.each(databases.eachSupportedId())(
    'streams every row as CSV and NDJSON with bounded memory on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const { server, stop } = await startPluginBackend({ knex });
      const t0 = Date.now();
      await fillAuditTable(knex);
      const fillMs = Date.now() - t0;
      const port = (server.address() as { port: number }).port;

      const results = [];
      for (const format of ['csv', 'ndjson'] as const) {
        results.push({ format, ...(await exportWhileSampling(port, format)) });
      }

      // What holding every row would cost: the rows as the database returns
      // them (measured after the exports; the array is never handed to expect).
      gc();
      const before = process.memoryUsage().heapUsed;
      let all: unknown[] | undefined = await knex('s3_resource_audit').select(
        '*',
      );
      gc();
      const allRowsMb = (process.memoryUsage().heapUsed - before) / MB;
      const selected = all.length;
      all = undefined;
      expect(selected).toBeGreaterThanOrEqual(ROWS);

      for (const result of results) {
        const { format } = result;
        // eslint-disable-next-line no-console
        console.log(
          `${databaseId} ${format}: ${result.lines} lines, ${(
            result.bytes / MB
          ).toFixed(1)} MB in ${result.ms} ms, ${
            result.samples
          } samples; peak growth over the start: retained heap ${result.retainedGrowthMb.toFixed(
            1,
          )} MB, heap incl. garbage ${result.heapGrowthMb.toFixed(
            1,
          )} MB, RSS ${result.rssGrowthMb.toFixed(
            1,
          )} MB; all rows in memory: ${allRowsMb.toFixed(
            1,
          )} MB (table filled in ${fillMs} ms)`,
        );
        expect(result.status).toBe(200);
        // Every row (the NDJSON export also has the CSV export's own audit
        // row, newest first); the oldest row comes last.
        expect(result.lines).toBe(ROWS + 1);
        expect({ first: result.first, last: result.last }).toEqual(
          EDGES[format],
        );
        expect(result.samples).toBeGreaterThan(5);
        // The stream holds a page of 1,000 rows and the socket's buffers:
        // a few MB, against tens of MB for every row at once.
        expect(allRowsMb).toBeGreaterThan(40);
        expect(result.retainedGrowthMb).toBeLessThan(allRowsMb / 5);
        // RSS also holds garbage V8 has not collected yet: only a sanity bound.
        expect(result.rssGrowthMb).toBeLessThan(allRowsMb * 1.5);
      }
      await stop();
    },
  );
});
