/*
 * What the object benchmarks share: a bucket of seeded keys kept between
 * runs, and the plugin started on PostgreSQL with one resource whose
 * endpoint is Ceph RGW, or a latency proxy in front of it.
 */
import {
  CreateBucketCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import {
  LatencyProxy,
  getTestS3,
  httpStatusOf,
  requireEnforcingServer,
  s3ClientFor,
  startLatencyProxy,
} from '@internal/s3-test-harness';
import s3ResourcesBackend from '@s3-resources/plugin-s3-resources-backend';
import http from 'node:http';
import pLimit from 'p-limit';
import { startBenchBackend } from '../lib/backends';
import { benchDatabases } from '../lib/postgres';
import { log } from '../lib/stats';

/**
 * Owned by the `tester` user and kept between runs: seeding 100,000 keys
 * takes minutes, checking that they are there takes one request.
 */
export const SEEDED_BUCKET = 's3r-bench-objects';

/** A body of known length 0 (an empty string reads as a stream of unknown length). */
const EMPTY = { Body: new Uint8Array(0), ContentLength: 0 };

/** The i-th key of a seeded prefix; zero-padded, so listing order is i's. */
export const keyOf = (prefix: string, i: number) =>
  `${prefix}key-${String(i).padStart(6, '0')}`;

/** An S3 client as `tester`, straight to RGW, with a keep-alive pool of `sockets`. */
export function seedingClient(sockets = 64): S3Client {
  return s3ClientFor('tester', {
    requestHandler: {
      httpAgent: new http.Agent({ keepAlive: true, maxSockets: sockets }),
      connectionTimeout: 3_000,
      requestTimeout: 60_000,
      throwOnRequestTimeout: true,
    },
    maxAttempts: 3,
  });
}

/** How a prefix was seeded, kept beside it at `seeding/<prefix>.json`. */
export type SeedingRecord = {
  keys: number;
  seconds: number;
  concurrency: number;
  at: string;
};

const recordKey = (prefix: string) =>
  `seeding/${prefix.replace(/\/$/, '')}.json`;

/** The record of a prefix's seeding, if one was kept. */
export async function seedingRecord(
  prefix: string,
): Promise<SeedingRecord | undefined> {
  const s3 = seedingClient(1);
  try {
    const out = await s3.send(
      new GetObjectCommand({ Bucket: SEEDED_BUCKET, Key: recordKey(prefix) }),
    );
    return JSON.parse(await out.Body!.transformToString());
  } catch (error) {
    if (httpStatusOf(error) === 404) return undefined;
    throw error;
  } finally {
    s3.destroy();
  }
}

/**
 * Makes `count` empty objects under `prefix` in {@link SEEDED_BUCKET},
 * `concurrency` PutObject at a time, unless its last key is already there,
 * and keeps a {@link SeedingRecord} beside them. Returns the seeding time,
 * or undefined when the keys were already there.
 */
export async function ensureSeededPrefix(
  prefix: string,
  count: number,
  concurrency = Number(process.env.S3R_BENCH_SEED_CONCURRENCY ?? 64),
): Promise<number | undefined> {
  requireEnforcingServer('the object benchmarks');
  const s3 = seedingClient(concurrency);
  try {
    await s3
      .send(new CreateBucketCommand({ Bucket: SEEDED_BUCKET }))
      .catch(error => {
        // RGW answers 200 to its owner; 409 means someone else has the name
        if (httpStatusOf(error) !== 409) throw error;
      });
    const last = keyOf(prefix, count - 1);
    const probe = await s3.send(
      new ListObjectsV2Command({
        Bucket: SEEDED_BUCKET,
        Prefix: last,
        MaxKeys: 1,
      }),
    );
    if (probe.Contents?.some(o => o.Key === last)) return undefined;
    log(`seeding ${count} keys under ${SEEDED_BUCKET}/${prefix} ...`);
    const limit = pLimit(concurrency);
    const t0 = performance.now();
    let done = 0;
    let lastLog = Date.now();
    await Promise.all(
      Array.from({ length: count }, (_, i) =>
        limit(async () => {
          await s3.send(
            new PutObjectCommand({
              Bucket: SEEDED_BUCKET,
              Key: keyOf(prefix, i),
              ...EMPTY,
            }),
          );
          done++;
          if (Date.now() - lastLog > 15_000) {
            lastLog = Date.now();
            const s = (performance.now() - t0) / 1000;
            log(`  ${done} of ${count} in ${s.toFixed(0)} s`);
          }
        }),
      ),
    );
    // the last key is written last only by chance: put it again, at the end
    await s3.send(
      new PutObjectCommand({ Bucket: SEEDED_BUCKET, Key: last, ...EMPTY }),
    );
    const ms = performance.now() - t0;
    const record: SeedingRecord = {
      keys: count,
      seconds: Math.round(ms / 100) / 10,
      concurrency,
      at: new Date().toISOString(),
    };
    await s3.send(
      new PutObjectCommand({
        Bucket: SEEDED_BUCKET,
        Key: recordKey(prefix),
        Body: JSON.stringify(record),
        ContentType: 'application/json',
      }),
    );
    return ms;
  } finally {
    s3.destroy();
  }
}

export type ObjectsBackend = Awaited<ReturnType<typeof startBenchBackend>>;

/**
 * The plugin on PostgreSQL with one resource, registered through the API,
 * on `bucket` and `prefix` with the `tester` keys. With `oneWayMs` its
 * endpoint is a latency proxy in front of RGW (`oneWayMs` each way),
 * otherwise RGW itself; the allow-list admits that endpoint.
 */
export async function startObjectsBackend(options: {
  bucket: string;
  prefix?: string;
  oneWayMs?: number;
}) {
  const s3 = requireEnforcingServer('the object benchmarks');
  const rgw = new URL(s3.endpoint);
  const proxy: LatencyProxy | undefined =
    options.oneWayMs === undefined
      ? undefined
      : await startLatencyProxy({
          target: { host: rgw.hostname, port: Number(rgw.port) },
          oneWayMs: options.oneWayMs,
        });
  const endpoint = proxy?.url ?? s3.endpoint;
  const dbs = benchDatabases('objects');
  let backend: ObjectsBackend | undefined;
  const stop = async () => {
    await backend?.stop().catch(() => undefined);
    await proxy?.close();
    await dbs.drop().catch(() => undefined);
  };
  try {
    backend = await startBenchBackend({
      features: [s3ResourcesBackend],
      database: dbs.config,
      config: {
        s3Resources: {
          encryption: {
            keys: [
              { id: 'bench', secret: Buffer.alloc(32, 7).toString('base64') },
            ],
          },
          audit: { enabled: false },
          endpoints: {
            allow: [
              {
                host: new URL(endpoint).hostname,
                ports: [Number(new URL(endpoint).port)],
                allowHttp: true,
                allowPrivateAddresses: true,
              },
            ],
          },
        },
      },
    });
    const tester = getTestS3().users.tester;
    const created = await backend.call('/api/s3-resources/resources', {
      method: 'POST',
      body: {
        name: 'bench-objects',
        owner: 'group:default/team-a',
        provider: 'ceph-rgw',
        endpoint,
        bucket: options.bucket,
        ...(options.prefix ? { prefix: options.prefix } : {}),
        auth: {
          method: 'access-key',
          accessKeyId: tester.accessKeyId,
          secretAccessKey: tester.secretAccessKey,
        },
      },
    });
    if (created.status !== 201) {
      throw new Error(
        `registering the resource: ${created.status} ${created.text}`,
      );
    }
    return {
      backend,
      proxy,
      resourceId: created.json.id as string,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
