/*
 * Storage scan benchmark: the plugin's StorageScanner counting a prefix of
 * 100,000 objects, against a plain sequential ListObjectsV2 loop summing
 * sizes, both through the latency proxy (ONE_WAY_MS each way) in front of
 * Ceph RGW, alternating, in the same run; and the scanner's peak heap on
 * that prefix against a prefix ten times smaller.
 *
 * The objects are small (0-63 bytes), in FOLDERS folders under the prefix,
 * in the bucket the object benchmarks keep between runs: seeded once (64
 * PutObject at a time, minutes for 100,000), then reused when the last key
 * is there. A flat prefix as large (no folders: only one page after
 * another can list it) is measured the same way: the object paging
 * benchmark's empty objects, seeded as that benchmark does and shared.
 *
 * Not part of CI. S3R_BENCH_SCAN_KEYS=10000 runs it on smaller prefixes,
 * labelled as such.
 */
import {
  CreateBucketCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import {
  httpStatusOf,
  requireEnforcingServer,
  s3ClientFor,
  startLatencyProxy,
} from '@internal/s3-test-harness';
/* eslint-disable @backstage/no-forbidden-package-imports -- the benchmark drives the scanner, which the plugin does not export */
import {
  StorageScanner,
  figuresOf,
} from '@s3-resources/plugin-s3-resources-backend/src/storage/StorageScanner';
/* eslint-enable @backstage/no-forbidden-package-imports */
import { NodeHttpHandler } from '@smithy/node-http-handler';
import http from 'node:http';
import pLimit from 'p-limit';
import { Figure, report } from '../lib/result';
import { log, median, timed } from '../lib/stats';
import {
  SEEDED_BUCKET,
  ensureSeededPrefix,
  seedingClient,
  seedingRecord,
} from './objectsFixtures';

const KEYS = Number(process.env.S3R_BENCH_SCAN_KEYS ?? 100_000);
const SMALL = Math.round(KEYS / 10);
const ONE_WAY_MS = Number(process.env.S3R_BENCH_ONE_WAY_MS ?? 20);
const RUNS = Number(process.env.S3R_BENCH_RUNS ?? 5);
const FOLDERS = 16;
const CONCURRENCY = 64;
/** Untimed scans of each prefix that sample the heap. */
const HEAP_RUNS = 3;
const HEAP_SAMPLE_MS = 20;

const label = (n: number) => (n >= 1000 ? `${n / 1000}k` : String(n));

/** A prefix of `count` objects: ours in folders, or the object benchmarks' flat one of empty objects. */
type Layout = {
  prefix: string;
  count: number;
  folders: number;
  /** The object paging benchmark's keys (empty objects), seeded and reused as it does. */
  paging?: boolean;
};
const LARGE: Layout = {
  prefix: `scan-${label(KEYS)}/`,
  count: KEYS,
  folders: FOLDERS,
};
const SMALL_FOLDERS: Layout = {
  prefix: `scan-${label(SMALL)}/`,
  count: SMALL,
  folders: FOLDERS,
};
const FLAT: Layout = {
  prefix: `page-${label(KEYS)}/`,
  count: KEYS,
  folders: 0,
  paging: true,
};

/** The i-th key of a layout: in folder i mod folders, numbered so listing order is i's within it. */
const keyOf = (l: Layout, i: number) =>
  `${l.prefix}${
    l.folders ? `dir-${String(i % l.folders).padStart(2, '0')}/` : ''
  }key-${String(i).padStart(6, '0')}`;
const sizeOf = (i: number) => i % 64;
const totalBytes = (l: Layout) =>
  l.paging
    ? 0
    : Array.from({ length: l.count }, (_, i) => sizeOf(i)).reduce(
        (a, b) => a + b,
        0,
      );

const recordKey = (l: Layout) => `seeding/${l.prefix.replace(/\/$/, '')}.json`;

/** Seeds a layout unless its record is there (written after the last key); returns the seconds it took, or the record's. */
async function ensureSeeded(
  l: Layout,
): Promise<{ seconds: number; now: boolean }> {
  if (l.paging) {
    const ms = await ensureSeededPrefix(l.prefix, l.count);
    if (ms !== undefined)
      return { seconds: Math.round(ms / 100) / 10, now: true };
    return {
      seconds: (await seedingRecord(l.prefix))?.seconds ?? NaN,
      now: false,
    };
  }
  const s3 = seedingClient(CONCURRENCY);
  try {
    try {
      const out = await s3.send(
        new GetObjectCommand({ Bucket: SEEDED_BUCKET, Key: recordKey(l) }),
      );
      const record = JSON.parse(await out.Body!.transformToString());
      if (record.keys === l.count)
        return { seconds: record.seconds, now: false };
    } catch (error) {
      const status = httpStatusOf(error);
      // 404: no record, or no bucket yet
      if (status !== 404) throw error;
    }
    await s3
      .send(new CreateBucketCommand({ Bucket: SEEDED_BUCKET }))
      .catch(error => {
        if (httpStatusOf(error) !== 409) throw error;
      });
    log(`seeding ${l.count} objects under ${SEEDED_BUCKET}/${l.prefix} ...`);
    const limit = pLimit(CONCURRENCY);
    const t0 = performance.now();
    let done = 0;
    let lastLog = Date.now();
    await Promise.all(
      Array.from({ length: l.count }, (_, i) =>
        limit(async () => {
          await s3.send(
            new PutObjectCommand({
              Bucket: SEEDED_BUCKET,
              Key: keyOf(l, i),
              Body: new Uint8Array(sizeOf(i)).fill(120),
              ContentLength: sizeOf(i),
            }),
          );
          done++;
          if (Date.now() - lastLog > 15_000) {
            lastLog = Date.now();
            log(
              `  ${done} of ${l.count} in ${(
                (performance.now() - t0) /
                1000
              ).toFixed(0)} s`,
            );
          }
        }),
      ),
    );
    const seconds = Math.round((performance.now() - t0) / 100) / 10;
    await s3.send(
      new PutObjectCommand({
        Bucket: SEEDED_BUCKET,
        Key: recordKey(l),
        Body: JSON.stringify({
          keys: l.count,
          seconds,
          concurrency: CONCURRENCY,
          at: new Date().toISOString(),
        }),
        ContentType: 'application/json',
      }),
    );
    return { seconds, now: true };
  } finally {
    s3.destroy();
  }
}

/** A client through the proxy with a keep-alive pool, as the plugin's sessions have. */
function proxiedClient(url: string): S3Client {
  return s3ClientFor('tester', {
    endpoint: url,
    requestHandler: new NodeHttpHandler({
      httpAgent: new http.Agent({ keepAlive: true, maxSockets: 50 }),
      connectionTimeout: 3_000,
      requestTimeout: 60_000,
    }),
    maxAttempts: 3,
  });
}

/** The plain way: ListObjectsV2 pages one after another, summing sizes. */
async function plainLoop(s3: S3Client, l: Layout) {
  let objects = 0;
  let bytes = 0;
  let token: string | undefined;
  do {
    const out = await s3.send(
      new ListObjectsV2Command({
        Bucket: SEEDED_BUCKET,
        Prefix: l.prefix,
        ContinuationToken: token,
      }),
    );
    for (const o of out.Contents ?? []) {
      objects++;
      bytes += o.Size ?? 0;
    }
    token = out.IsTruncated ? out.NextContinuationToken : undefined;
  } while (token);
  return { objects, bytes };
}

const collect = (global as { gc?: () => void }).gc;

/**
 * The scanner on the whole prefix in one run. With `heap`, the heap in use
 * is sampled every HEAP_SAMPLE_MS ms after a full collection (--expose-gc), so the
 * peak is what the scan holds, not garbage waiting for a collection; the
 * collections slow the scan, so those runs are not timed.
 */
async function scanWhole(s3: S3Client, l: Layout, heap = false) {
  collect?.();
  const base = process.memoryUsage().heapUsed;
  let peak = base;
  const sampler = heap
    ? setInterval(() => {
        collect?.();
        peak = Math.max(peak, process.memoryUsage().heapUsed);
      }, HEAP_SAMPLE_MS)
    : undefined;
  try {
    const scanner = StorageScanner.create({
      s3,
      bucket: SEEDED_BUCKET,
      prefix: l.prefix,
    });
    const run = await scanner.run(scanner.start(), {
      maxKeys: 100_000_000,
      maxMs: 3_600_000,
      maxRequests: 1_000_000,
    });
    if (!run.complete) throw new Error('the scan did not complete in one run');
    const f = figuresOf(run.state);
    return {
      objects: f.objects,
      bytes: f.bytes,
      requests: run.requests,
      heldMb: (peak - base) / 2 ** 20,
    };
  } finally {
    clearInterval(sampler);
  }
}

/** The heap `n` keys of the large prefix take in a Set: the yardstick of a scanner that kept keys. */
function keptKeysMb(n: number): number {
  collect?.();
  const base = process.memoryUsage().heapUsed;
  const kept = new Set<string>();
  // built apart, as a listing's keys would be, not one shared rope
  for (let i = 0; i < n; i++) kept.add(keyOf(LARGE, i).split('').join(''));
  collect?.();
  const mb = (process.memoryUsage().heapUsed - base) / 2 ** 20;
  if (kept.size !== n) throw new Error('keys collided');
  return mb;
}

/** Alternates the loop and the scanner RUNS times; both must count the layout exactly. */
async function compare(url: string, l: Layout, direct: string) {
  const loopMs: number[] = [];
  const scanMs: number[] = [];
  let requests = 0;
  const expected = { objects: l.count, bytes: totalBytes(l) };
  for (let i = 0; i < RUNS; i++) {
    // a fresh client each time: both pay for their connections
    const a = proxiedClient(url);
    const loop = await timed(() => plainLoop(a, l));
    a.destroy();
    const b = proxiedClient(url);
    const scan = await timed(() => scanWhole(b, l));
    b.destroy();
    for (const [what, got] of [
      ['loop', loop.value],
      ['scanner', scan.value],
    ] as const) {
      if (got.objects !== expected.objects || got.bytes !== expected.bytes) {
        throw new Error(
          `${what} counted ${got.objects} objects / ${got.bytes} bytes under ${l.prefix}, not ${expected.objects} / ${expected.bytes}`,
        );
      }
    }
    loopMs.push(loop.ms);
    scanMs.push(scan.ms);
    requests = scan.value.requests;
    log(
      `  ${l.prefix}: loop ${loop.ms.toFixed(0)} ms, scanner ${scan.ms.toFixed(
        0,
      )} ms (${requests} requests)`,
    );
  }
  let heldMb = 0;
  for (let i = 0; i < HEAP_RUNS; i++) {
    // straight to RGW: the proxy in this process holds chunks in flight
    const c = proxiedClient(direct);
    const held = await scanWhole(c, l, true);
    c.destroy();
    if (held.objects !== expected.objects) {
      throw new Error('a heap run miscounted');
    }
    heldMb = Math.max(heldMb, held.heldMb);
  }
  log(`  ${l.prefix}: scanner heap held at most +${heldMb.toFixed(2)} MB`);
  const keysPerS = (ms: number) => l.count / (ms / 1000);
  return {
    loopKeysPerS: keysPerS(median(loopMs)),
    scanKeysPerS: keysPerS(median(scanMs)),
    ratio: median(loopMs) / median(scanMs),
    heldMb,
    requests,
  };
}

async function main() {
  const s3 = requireEnforcingServer('the storage scan benchmark');
  const seeding: string[] = [];
  for (const l of [LARGE, SMALL_FOLDERS, FLAT]) {
    const seeded = await ensureSeeded(l);
    seeding.push(
      `${l.prefix}: ${seeded.now ? 'seeded now' : 'seeded before, reused'} (${
        seeded.seconds
      } s)`,
    );
  }
  log(seeding.join('; '));
  const rgw = new URL(s3.endpoint);
  const proxy = await startLatencyProxy({
    target: { host: rgw.hostname, port: Number(rgw.port) },
    oneWayMs: ONE_WAY_MS,
  });
  try {
    const large = await compare(proxy.url, LARGE, s3.endpoint);
    const small = await compare(proxy.url, SMALL_FOLDERS, s3.endpoint);
    const flat = await compare(proxy.url, FLAT, s3.endpoint);
    const big = label(KEYS);
    const little = label(SMALL);
    const extra = (KEYS - SMALL).toLocaleString('en-US');
    const keptMb = keptKeysMb(KEYS - SMALL);
    const figures: Figure[] = [
      {
        name: `${big} objects in ${FOLDERS} folders: plain ListObjectsV2 loop`,
        value: large.loopKeysPerS,
        unit: 'keys/s',
      },
      {
        name: `${big} objects in ${FOLDERS} folders: StorageScanner`,
        value: large.scanKeysPerS,
        unit: 'keys/s',
      },
      {
        name: `${big} objects: scanner / loop speed`,
        value: large.ratio,
        unit: 'x',
        target: { op: '>=', value: 1 },
      },
      {
        name: `${big} objects, flat (no folders): scanner / loop speed`,
        value: flat.ratio,
        unit: 'x',
        target: { op: '>=', value: 1 },
      },
      {
        name: `${little} objects in ${FOLDERS} folders: scanner / loop speed`,
        value: small.ratio,
        unit: 'x',
      },
      {
        name: `heap the scanner held at most, ${big} objects`,
        value: large.heldMb,
        unit: 'MB',
      },
      {
        name: `heap the scanner held at most, ${little} objects`,
        value: small.heldMb,
        unit: 'MB',
      },
      {
        name: `heap the scanner held at most, ${big} objects, flat (one listing at a time)`,
        value: flat.heldMb,
        unit: 'MB',
      },
      {
        name: `the ${extra} more keys of the ${big} prefix, kept in a Set (a scanner that kept keys)`,
        value: keptMb,
        unit: 'MB',
      },
      {
        name: `heap held, ${big} minus ${little} objects, / what keeping the ${extra} more keys takes`,
        value: (large.heldMb - small.heldMb) / keptMb,
        unit: 'x',
        target: { op: '<=', value: 0.25 },
      },
    ];
    report({
      id: 'storage-scan',
      title: `Storage scan of ${big} objects`,
      figures,
      notes: [
        `Ceph RGW behind a latency proxy adding ${ONE_WAY_MS} ms each way; the bucket ${SEEDED_BUCKET} (never versioned, no incomplete uploads), objects of 0-63 bytes in ${FOLDERS} folders (\`${LARGE.prefix}\`, \`${SMALL_FOLDERS.prefix}\`), or empty and flat (\`${FLAT.prefix}\`, the object paging benchmark's keys)`,
        `the scanner (GetBucketVersioning, ListObjectsV2 and ListMultipartUploads, ${large.requests} requests for ${big} objects) and the loop (ListObjectsV2 pages of 1,000, one after another) each on a fresh SDK client with a keep-alive agent; both checked to count every object and byte; medians of ${RUNS} alternating runs`,
        `heap held: the highest heapUsed sampled every ${HEAP_SAMPLE_MS} ms right after a full collection, above the heap at its start, in ${HEAP_RUNS} more scans of each prefix (not timed, straight to RGW: the latency proxy runs in the benchmark's process and holds the chunks in flight)${
          collect ? '' : ' (no --expose-gc here: garbage included)'
        }`,
        ...seeding,
      ],
    });
  } finally {
    await proxy.close();
  }
}

main().then(
  () => process.exit(0),
  error => {
    process.stderr.write(`${error?.stack ?? error}\n`);
    process.exit(1);
  },
);
