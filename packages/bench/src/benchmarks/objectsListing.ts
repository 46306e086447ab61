/*
 * Object benchmark 1: one page of 1,000 keys through the portal against the
 * same page straight from the bucket.
 *
 * Ceph RGW sits behind the latency proxy (ONE_WAY_MS each way). The portal
 * side is GET /api/s3-resources/resources/:id/objects?limit=1000 on the real
 * plugin (PostgreSQL, the resource registered through the API with the
 * proxy as its endpoint); the plugin signs with the resource's keys and
 * keeps its client's connections alive. The raw side is the same
 * ListObjectsV2 (prefix, delimiter, MaxKeys 1000) from an SDK client with a
 * keep-alive agent through the same proxy. Both are measured warm,
 * alternating, after a warm-up.
 */
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { s3ClientFor } from '@internal/s3-test-harness';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import http from 'node:http';
import { Figure, report } from '../lib/result';
import { log, median, timed } from '../lib/stats';
import {
  SEEDED_BUCKET,
  ensureSeededPrefix,
  startObjectsBackend,
} from './objectsFixtures';

const ONE_WAY_MS = Number(process.env.S3R_BENCH_ONE_WAY_MS ?? 20);
const RUNS = Number(process.env.S3R_BENCH_RUNS ?? 31);
const WARM_UP = 10;
const KEYS = 1000;
const PREFIX = 'page-1k/';

async function main() {
  const seeded = await ensureSeededPrefix(PREFIX, KEYS);
  if (seeded !== undefined) {
    log(`seeded ${KEYS} keys in ${(seeded / 1000).toFixed(1)} s`);
  }
  const portal = await startObjectsBackend({
    bucket: SEEDED_BUCKET,
    prefix: PREFIX,
    oneWayMs: ONE_WAY_MS,
  });
  const proxy = portal.proxy!;
  const handler = new NodeHttpHandler({
    httpAgent: new http.Agent({ keepAlive: true }),
    connectionTimeout: 3_000,
    requestTimeout: 20_000,
  });
  const raw = s3ClientFor('tester', {
    endpoint: proxy.url,
    requestHandler: handler,
  });
  try {
    const listPortal = async () => {
      const res = await portal.backend.call(
        `/api/s3-resources/resources/${portal.resourceId}/objects?limit=${KEYS}`,
      );
      if (res.status !== 200 || res.json.objects.length !== KEYS) {
        throw new Error(`portal list: ${res.status} ${res.text.slice(0, 300)}`);
      }
      return res.text.length;
    };
    const listRaw = async () => {
      const out = await raw.send(
        new ListObjectsV2Command({
          Bucket: SEEDED_BUCKET,
          Prefix: PREFIX,
          Delimiter: '/',
          MaxKeys: KEYS,
        }),
      );
      if (out.KeyCount !== KEYS) {
        throw new Error(`raw list: ${out.KeyCount} keys, not ${KEYS}`);
      }
    };
    const portalMs: number[] = [];
    const rawMs: number[] = [];
    let portalConnections = 0;
    let responseBytes = 0;
    for (let i = 0; i < WARM_UP + RUNS; i++) {
      // alternate so both see the same machine load
      const opened = proxy.connections();
      const p = await timed(listPortal);
      const newConnections = proxy.connections() - opened;
      const r = await timed(listRaw);
      if (i < WARM_UP) continue;
      portalMs.push(p.ms);
      rawMs.push(r.ms);
      portalConnections += newConnections;
      responseBytes = p.value;
    }
    log(`portal: ${portalMs.map(v => v.toFixed(0)).join(', ')} ms`);
    log(`raw:    ${rawMs.map(v => v.toFixed(0)).join(', ')} ms`);
    const p50 = median(portalMs);
    const r50 = median(rawMs);
    const figures: Figure[] = [
      {
        name: 'portal list API, 1,000 keys: median',
        value: p50,
        unit: 'ms',
      },
      {
        name: 'raw ListObjectsV2, 1,000 keys (SDK, keep-alive): median',
        value: r50,
        unit: 'ms',
      },
      {
        name: 'portal / raw',
        value: p50 / r50,
        unit: 'x',
        target: { op: '<=', value: 1.2 },
      },
      {
        name: 'portal - raw: median difference',
        value: p50 - r50,
        unit: 'ms',
      },
    ];
    report({
      id: 'objects-list',
      title: 'Object listing: portal vs raw ListObjectsV2',
      figures,
      notes: [
        `Ceph RGW behind a TCP proxy adding ${ONE_WAY_MS} ms each way per chunk (RTT ${
          2 * ONE_WAY_MS
        } ms); the resource's endpoint is the proxy`,
        `${KEYS} empty objects under "${PREFIX}" in the bucket ${SEEDED_BUCKET}, kept between runs; both sides list that prefix with delimiter "/" and MaxKeys ${KEYS}`,
        `median of ${RUNS} runs after ${WARM_UP} warm-up runs, portal and raw alternating; the portal answer is ${responseBytes.toLocaleString(
          'en-US',
        )} B of JSON`,
        'portal: GET /api/s3-resources/resources/:id/objects?limit=1000 over HTTP on 127.0.0.1 to the plugin on PostgreSQL (mock user token, allow-all permissions)',
        `connections the portal opened through the proxy during the measured runs: ${portalConnections} (its client's connections are kept alive)`,
      ],
    });
  } finally {
    raw.destroy();
    handler.destroy();
    await portal.stop();
  }
}

main().then(
  () => process.exit(0),
  error => {
    process.stderr.write(`${error?.stack ?? error}\n`);
    process.exit(1);
  },
);
