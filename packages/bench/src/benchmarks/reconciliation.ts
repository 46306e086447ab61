/*
 * Benchmark: reconciliation of 1,000 buckets across 2 sources (two RGW
 * users made for the run, 500 buckets each), through a TCP proxy adding
 * ONE_WAY_MS each way in front of Ceph RGW. Per user, 460 buckets are
 * registered (every 10th tagged with an owner the catalog does not name),
 * 40 are not (shadows), and 10 more resources name buckets that do not
 * exist (ghosts, judged from their last connection test).
 *
 * "Ours" is the real Reconciliation service on a real database (SQLite in
 * memory, the plugin's migrations): each distinct key lists once, tags are
 * read within the call budget and kept between sweeps. It runs twice: the
 * first sweep reads every tag; the second finds them fresh and only lists.
 * "Naive" is what a per-resource check does: for every resource, with its
 * own credentials, ListBuckets (to see the buckets around it), HeadBucket
 * and GetBucketTagging, one resource at a time. Users and buckets are
 * deleted at the end.
 */
import {
  CreateBucketCommand,
  DeleteBucketCommand,
  GetBucketTaggingCommand,
  HeadBucketCommand,
  ListBucketsCommand,
  PutBucketTaggingCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { ConfigReader } from '@backstage/config';
import {
  TemporaryUser,
  createTemporaryUser,
  randomSuffix,
  requireEnforcingServer,
  s3ClientWithCredentials,
  startLatencyProxy,
} from '@internal/s3-test-harness';
import { endpointKeyOf } from '@s3-resources/plugin-s3-resources-common';
import knexFactory from 'knex';
import { randomUUID } from 'node:crypto';
import pLimit from 'p-limit';
/* eslint-disable @backstage/no-forbidden-package-imports -- the benchmark drives the real reconciliation, which the plugin does not export */
import { ConnectionTester } from '@s3-resources/plugin-s3-resources-backend/src/connectionTest/ConnectionTester';
import { EndpointPolicy } from '@s3-resources/plugin-s3-resources-backend/src/connectionTest/EndpointPolicy';
import { ReconciliationStore } from '@s3-resources/plugin-s3-resources-backend/src/database/ReconciliationStore';
import {
  ResourceRow,
  ResourceStore,
} from '@s3-resources/plugin-s3-resources-backend/src/database/ResourceStore';
import { TestRunStore } from '@s3-resources/plugin-s3-resources-backend/src/database/TestRunStore';
import { migrationsDir } from '@s3-resources/plugin-s3-resources-backend/src/database/migrations';
import { BucketDiscovery } from '@s3-resources/plugin-s3-resources-backend/src/import/BucketDiscovery';
import { Reconciliation } from '@s3-resources/plugin-s3-resources-backend/src/reconciliation/Reconciliation';
import { readReconciliationConfig } from '@s3-resources/plugin-s3-resources-backend/src/reconciliation/reconciliationConfig';
/* eslint-enable @backstage/no-forbidden-package-imports */
import { Figure, report } from '../lib/result';
import { log, timed } from '../lib/stats';

const ONE_WAY_MS = Number(process.env.S3R_BENCH_RECONCILE_ONE_WAY_MS ?? 20);
const PER_SOURCE = Number(process.env.S3R_BENCH_RECONCILE_BUCKETS ?? 500);
const SHADOWS = Math.round(PER_SOURCE * 0.08);
const GHOSTS = Math.round(PER_SOURCE * 0.02);
const SOURCES = 2;

type Seeded = {
  user: TemporaryUser;
  buckets: string[];
  registered: string[];
  ghosts: string[];
};

/** The per-resource check: each resource with its own key, one at a time. */
async function naive(rows: ResourceRow[], clients: Map<string, S3Client>) {
  let calls = 0;
  const shadows = new Set<string>();
  const ghosts: string[] = [];
  let mismatches = 0;
  const registered = new Set(rows.map(r => r.bucket));
  for (const row of rows) {
    const client = clients.get(
      (row.auth as { accessKeyId: string }).accessKeyId,
    )!;
    calls++;
    const listed = await client.send(new ListBucketsCommand({}));
    for (const b of listed.Buckets ?? []) {
      if (!registered.has(b.Name!)) shadows.add(b.Name!);
    }
    calls++;
    const exists = await client
      .send(new HeadBucketCommand({ Bucket: row.bucket }))
      .then(
        () => true,
        () => false,
      );
    if (!exists) {
      ghosts.push(row.id);
      continue;
    }
    calls++;
    const tags = await client
      .send(new GetBucketTaggingCommand({ Bucket: row.bucket }))
      .catch(() => undefined);
    const owner = tags?.TagSet?.find(t => t.Key === 'owner')?.Value;
    if (owner && owner !== row.owner) mismatches++;
  }
  return { calls, shadows: shadows.size, ghosts: ghosts.length, mismatches };
}

function rowOf(
  bucket: string,
  user: TemporaryUser,
  endpoint: string,
): ResourceRow {
  const now = new Date().toISOString();
  return {
    id: randomUUID(),
    name: `${bucket}--r`,
    provider: 'ceph-rgw',
    bucket,
    region: 'us-east-1',
    endpointKey: endpointKeyOf(endpoint),
    prefixKey: '',
    owner: 'group:default/team-a',
    system: null,
    title: null,
    settings: { endpoint, forcePathStyle: true },
    authMethod: 'access-key',
    auth: { method: 'access-key', accessKeyId: user.credentials.accessKeyId },
    // never decrypted here: the benchmark hands the secret over in memory
    secret: { v: 1, kid: 'bench', wk: 'x', ct: 'x' },
    secretChangedAt: now,
    lastTestStatus: null,
    lastTestedAt: null,
    lastTestRunId: null,
    version: 1,
    createdAt: now,
    createdBy: 'user:default/bench',
    updatedAt: now,
    updatedBy: 'user:default/bench',
  };
}

async function main() {
  const s3 = requireEnforcingServer('the reconciliation benchmark');
  const rgw = new URL(s3.endpoint);
  const limit = pLimit(16);
  const seeded: Seeded[] = [];
  const proxy = await startLatencyProxy({
    target: { host: rgw.hostname, port: Number(rgw.port) },
    oneWayMs: ONE_WAY_MS,
  });
  const db = knexFactory({
    client: 'better-sqlite3',
    connection: { filename: ':memory:' },
    useNullAsDefault: true,
  });
  try {
    for (let s = 0; s < SOURCES; s++) {
      const user = await createTemporaryUser(`s3r-bench-rec${s}`, {
        maxBuckets: PER_SOURCE + 10,
      });
      const prefix = `s3r-brec${s}-${randomSuffix().slice(0, 6)}`;
      const buckets = Array.from(
        { length: PER_SOURCE },
        (_, i) => `${prefix}-${String(i).padStart(4, '0')}`,
      );
      seeded.push({
        user,
        buckets,
        registered: buckets.slice(SHADOWS),
        ghosts: Array.from({ length: GHOSTS }, (_, i) => `${prefix}-gone-${i}`),
      });
      const direct = s3ClientWithCredentials(user.credentials);
      const created = await timed(() =>
        Promise.all(
          buckets.map((bucket, i) =>
            limit(async () => {
              await direct.send(new CreateBucketCommand({ Bucket: bucket }));
              if (i >= SHADOWS && i % 10 === 0) {
                await direct.send(
                  new PutBucketTaggingCommand({
                    Bucket: bucket,
                    Tagging: {
                      TagSet: [
                        { Key: 'owner', Value: 'group:default/team-other' },
                      ],
                    },
                  }),
                );
              }
            }),
          ),
        ),
      );
      direct.destroy();
      log(
        `created ${PER_SOURCE} buckets (${prefix}-*) for ${
          user.uid
        } in ${created.ms.toFixed(0)} ms`,
      );
    }

    await db.migrate.latest({ directory: migrationsDir });
    const store = ResourceStore.create(db);
    const runs = TestRunStore.create(db);
    const rows: ResourceRow[] = [];
    for (const source of seeded) {
      for (const bucket of [...source.registered, ...source.ghosts]) {
        const row = rowOf(bucket, source.user, proxy.url);
        await store.insert(row);
        rows.push(row);
      }
      // the sweep's connection test of each ghost found its bucket gone
      for (const bucket of source.ghosts) {
        const row = rows.find(r => r.bucket === bucket)!;
        const runId = randomUUID();
        await runs.record({
          id: runId,
          resourceId: row.id,
          status: 'fail',
          startedAt: new Date().toISOString(),
          durationMs: 40,
          initiatedBy: 'plugin:s3-resources',
          steps: [
            {
              id: 'bucket',
              title: 'Bucket reachable',
              status: 'fail',
              durationMs: 40,
              message: 'The bucket does not exist',
              errorCode: 'NoSuchBucket',
              httpStatus: 404,
            },
          ],
        });
        row.lastTestRunId = runId;
      }
    }
    log(`registered ${rows.length} resources`);

    const config = new ConfigReader({
      s3Resources: {
        endpoints: {
          allow: [
            {
              host: '127.0.0.1',
              ports: [proxy.port],
              allowHttp: true,
              allowPrivateAddresses: true,
            },
          ],
        },
        // enough calls for every tag of a source in one sweep
        reconciliation: { maxCallsPerSource: PER_SOURCE + 50 },
      },
    });
    const settings = readReconciliationConfig(config);
    const tester = ConnectionTester.fromConfig(config, {
      endpointPolicy: EndpointPolicy.fromConfig(config),
    });
    const secrets = new Map(
      seeded.map(s => [
        s.user.credentials.accessKeyId,
        s.user.credentials.secretAccessKey,
      ]),
    );
    const results = ReconciliationStore.create(db);
    const reconciliation = Reconciliation.create({
      store,
      runs,
      results,
      discovery: new BucketDiscovery(
        tester.endpointPolicy,
        tester.awsAccounts,
        {
          concurrency: settings.concurrency,
          deadlineMs: settings.maxMsPerSource,
          maxBuckets: settings.maxBucketsPerSource,
          connectTimeoutMs: tester.timeouts.connectTimeoutMs,
          requestTimeoutMs: tester.timeouts.requestTimeoutMs,
        },
      ),
      secretOf: async row => ({
        secretAccessKey: secrets.get(
          (row.auth as { accessKeyId: string }).accessKeyId,
        )!,
      }),
      config: settings,
      logger: {
        info() {},
        warn() {},
        error() {},
        debug() {},
        child() {
          return this;
        },
      } as never,
    });

    const counts = async () => {
      const [shadow, ghost, mismatch] = await Promise.all(
        (['shadow', 'ghost', 'owner-mismatch'] as const).map(kind =>
          results.count({ kinds: [kind] }),
        ),
      );
      return { shadow, ghost, mismatch };
    };
    const expected = {
      shadow: SOURCES * SHADOWS,
      ghost: SOURCES * GHOSTS,
      mismatch: seeded.reduce(
        (n, s) =>
          n + s.buckets.filter((_, i) => i >= SHADOWS && i % 10 === 0).length,
        0,
      ),
    };
    const first = await timed(() => reconciliation.run('bench-sweep-1'));
    const firstCounts = await counts();
    log(
      `ours, first sweep: ${first.ms.toFixed(0)} ms, ${
        first.value.calls
      } calls, ${JSON.stringify(firstCounts)}`,
    );
    const second = await timed(() => reconciliation.run('bench-sweep-2'));
    const secondCounts = await counts();
    log(
      `ours, next sweep (tags cached): ${second.ms.toFixed(0)} ms, ${
        second.value.calls
      } calls, ${JSON.stringify(secondCounts)}`,
    );
    for (const seen of [firstCounts, secondCounts]) {
      if (JSON.stringify(seen) !== JSON.stringify(expected)) {
        throw new Error(
          `reconciliation found ${JSON.stringify(
            seen,
          )}, expected ${JSON.stringify(expected)}`,
        );
      }
    }

    const clients = new Map(
      seeded.map(s => [
        s.user.credentials.accessKeyId,
        new S3Client({
          endpoint: proxy.url,
          region: 'us-east-1',
          credentials: s.user.credentials,
          forcePathStyle: true,
          maxAttempts: 1,
        }),
      ]),
    );
    const plain = await timed(() => naive(rows, clients));
    clients.forEach(c => c.destroy());
    log(
      `naive: ${plain.ms.toFixed(0)} ms, ${
        plain.value.calls
      } calls, ${JSON.stringify(plain.value)}`,
    );
    if (
      plain.value.shadows !== expected.shadow ||
      plain.value.ghosts !== expected.ghost ||
      plain.value.mismatches !== expected.mismatch
    ) {
      throw new Error(`the naive check found ${JSON.stringify(plain.value)}`);
    }

    const figures: Figure[] = [
      {
        name: `ours, first sweep (every tag read, concurrency ${settings.concurrency})`,
        value: first.ms,
        unit: 'ms',
      },
      {
        name: 'ours, first sweep: calls',
        value: first.value.calls,
        unit: 'calls',
      },
      {
        name: 'ours, next sweep (tags cached, listing only)',
        value: second.ms,
        unit: 'ms',
        target: { op: '<=', value: 2000 },
      },
      {
        name: 'ours, next sweep: calls',
        value: second.value.calls,
        unit: 'calls',
        target: { op: '<=', value: SOURCES * 2 },
      },
      {
        name: 'naive (per resource: ListBuckets, HeadBucket, GetBucketTagging, one at a time)',
        value: plain.ms,
        unit: 'ms',
      },
      { name: 'naive: calls', value: plain.value.calls, unit: 'calls' },
      {
        name: 'naive / ours, first sweep',
        value: plain.ms / first.ms,
        unit: 'x',
        target: { op: '>=', value: 10 },
      },
      {
        name: 'naive / ours, next sweep',
        value: plain.ms / second.ms,
        unit: 'x',
        target: { op: '>=', value: 100 },
      },
    ];
    report({
      id: 'reconciliation',
      title: `Reconciliation of ${(SOURCES * PER_SOURCE).toLocaleString(
        'en-US',
      )} buckets across ${SOURCES} sources`,
      figures,
      notes: [
        `Ceph RGW behind a TCP proxy adding ${ONE_WAY_MS} ms each way per chunk (RTT ${
          2 * ONE_WAY_MS
        } ms)`,
        `${SOURCES} RGW users made for the run, ${PER_SOURCE} buckets each: ${
          PER_SOURCE - SHADOWS
        } registered (every 10th tagged with another owner), ${SHADOWS} shadows, and ${GHOSTS} ghost resources per user; ${
          rows.length
        } resources on SQLite in memory`,
        `ours: Reconciliation.run as the sweep runs it (one listing per distinct key, tags read ${
          settings.concurrency
        } at a time within maxCallsPerSource ${
          settings.maxCallsPerSource
        } and kept ${
          settings.tagMaxAgeMs / 3_600_000
        } h; ghosts from the stored connection tests); both runs found ${
          expected.shadow
        } shadows, ${expected.ghost} ghosts, ${
          expected.mismatch
        } owner tags that differ, as did the naive check`,
      ],
    });
  } finally {
    await proxy.close();
    await db.destroy();
    for (const source of seeded) {
      const direct = s3ClientWithCredentials(source.user.credentials);
      await Promise.all(
        source.buckets.map(bucket =>
          limit(() =>
            direct
              .send(new DeleteBucketCommand({ Bucket: bucket }))
              .catch(() => undefined),
          ),
        ),
      );
      direct.destroy();
      await source.user.remove();
    }
  }
}

main().then(
  () => process.exit(0),
  error => {
    process.stderr.write(`${error?.stack ?? error}\n`);
    process.exit(1);
  },
);
