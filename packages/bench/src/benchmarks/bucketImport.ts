/*
 * Benchmark 2: discovery of 1,000 buckets for import, through a TCP proxy
 * adding ONE_WAY_MS each way in front of Ceph RGW.
 *
 * "Ours" is the real BucketDiscovery, built as plugin.ts builds it (bounded
 * concurrency from config, default 16, through the guarded handler).
 * "One at a time" is what the existing catalog providers do: ListBuckets,
 * then for each bucket GetBucketLocation and GetBucketTagging, sequentially.
 * The buckets belong to a user made for this run, so ListBuckets shows them
 * and nothing else; user and buckets are deleted at the end.
 */
import {
  CreateBucketCommand,
  DeleteBucketCommand,
  GetBucketLocationCommand,
  GetBucketTaggingCommand,
  ListBucketsCommand,
  PutBucketTaggingCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { ConfigReader } from '@backstage/config';
import {
  createTemporaryUser,
  randomSuffix,
  requireEnforcingServer,
  s3ClientWithCredentials,
  startLatencyProxy,
} from '@internal/s3-test-harness';
import pLimit from 'p-limit';
/* eslint-disable @backstage/no-forbidden-package-imports -- the benchmark drives the real discovery, which the plugin does not export */
import { ConnectionTester } from '@s3-resources/plugin-s3-resources-backend/src/connectionTest/ConnectionTester';
import { EndpointPolicy } from '@s3-resources/plugin-s3-resources-backend/src/connectionTest/EndpointPolicy';
import {
  BucketDiscovery,
  importConcurrency,
} from '@s3-resources/plugin-s3-resources-backend/src/import/BucketDiscovery';
/* eslint-enable @backstage/no-forbidden-package-imports */
import { Figure, report } from '../lib/result';
import { log, median, timed } from '../lib/stats';

const ONE_WAY_MS = Number(process.env.S3R_BENCH_IMPORT_ONE_WAY_MS ?? 20);
const COUNT = Number(process.env.S3R_BENCH_IMPORT_BUCKETS ?? 1000);
const OURS_RUNS = 3;

/** The existing providers' loop: one bucket, one call at a time. */
async function oneAtATime(client: S3Client) {
  const listed = await client.send(new ListBucketsCommand({}));
  const found: Array<{ bucket: string; region?: string; tags: number }> = [];
  for (const b of listed.Buckets ?? []) {
    const location = await client.send(
      new GetBucketLocationCommand({ Bucket: b.Name! }),
    );
    const tagging = await client
      .send(new GetBucketTaggingCommand({ Bucket: b.Name! }))
      .catch(() => undefined);
    found.push({
      bucket: b.Name!,
      region: location.LocationConstraint,
      tags: tagging?.TagSet?.length ?? 0,
    });
  }
  return found;
}

async function main() {
  const s3 = requireEnforcingServer('the import benchmark');
  const rgw = new URL(s3.endpoint);
  const user = await createTemporaryUser('s3r-bench-import', {
    maxBuckets: COUNT + 10,
  });
  const prefix = `s3r-bench-${randomSuffix().slice(0, 6)}`;
  const buckets = Array.from(
    { length: COUNT },
    (_, i) => `${prefix}-${String(i).padStart(4, '0')}`,
  );
  const direct = s3ClientWithCredentials(user.credentials);
  // bucket setup and teardown, 16 calls at a time
  const limit = pLimit(16);
  const proxy = await startLatencyProxy({
    target: { host: rgw.hostname, port: Number(rgw.port) },
    oneWayMs: ONE_WAY_MS,
  });
  try {
    const created = await timed(() =>
      Promise.all(
        buckets.map((bucket, i) =>
          limit(async () => {
            await direct.send(new CreateBucketCommand({ Bucket: bucket }));
            if (i % 10 === 0) {
              await direct.send(
                new PutBucketTaggingCommand({
                  Bucket: bucket,
                  Tagging: { TagSet: [{ Key: 'owner', Value: 'team-bench' }] },
                }),
              );
            }
          }),
        ),
      ),
    );
    log(
      `created ${COUNT} buckets (${prefix}-*) for user ${
        user.uid
      } in ${created.ms.toFixed(0)} ms`,
    );

    // As plugin.ts builds it; the allow-list admits the proxy.
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
        // every bucket of the run, however many it creates
        import: { maxBuckets: Math.max(COUNT, 1000) },
      },
    });
    const discovery = BucketDiscovery.fromConfig(
      config,
      ConnectionTester.fromConfig(config, {
        endpointPolicy: EndpointPolicy.fromConfig(config),
      }),
    );
    const concurrency = importConcurrency(config);
    const source = {
      provider: 'ceph-rgw' as const,
      endpoint: proxy.url,
      auth: { method: 'access-key' as const, ...user.credentials },
    };

    const ours: number[] = [];
    for (let i = 0; i <= OURS_RUNS; i++) {
      const run = await timed(() => discovery.discover(source));
      const found = run.value.buckets;
      const tagged = found.filter(b => b.suggestedOwner).length;
      if (found.length !== COUNT || tagged !== Math.ceil(COUNT / 10)) {
        throw new Error(
          `discovery found ${found.length} buckets, ${tagged} with an owner`,
        );
      }
      log(`ours: ${run.ms.toFixed(0)} ms${i === 0 ? ' (warm-up)' : ''}`);
      if (i > 0) ours.push(run.ms);
    }

    const plain = new S3Client({
      endpoint: proxy.url,
      region: 'us-east-1',
      credentials: user.credentials,
      forcePathStyle: true,
      maxAttempts: 1,
    });
    const naive = await timed(() => oneAtATime(plain));
    plain.destroy();
    if (naive.value.length !== COUNT) {
      throw new Error(`the loop found ${naive.value.length} buckets`);
    }
    log(`one at a time: ${naive.ms.toFixed(0)} ms`);

    const oursMs = median(ours);
    const figures: Figure[] = [
      { name: `ours (concurrency ${concurrency})`, value: oursMs, unit: 'ms' },
      {
        name: 'one bucket at a time (ListBuckets, then GetBucketLocation and GetBucketTagging per bucket)',
        value: naive.ms,
        unit: 'ms',
      },
      {
        name: 'one at a time / ours',
        value: naive.ms / oursMs,
        unit: 'x',
        target: { op: '>=', value: 10 },
      },
      {
        name: 'ours per bucket',
        value: oursMs / COUNT,
        unit: 'ms',
      },
    ];
    report({
      id: 'import',
      title: `Import discovery of ${COUNT.toLocaleString('en-US')} buckets`,
      figures,
      notes: [
        `Ceph RGW behind a TCP proxy adding ${ONE_WAY_MS} ms each way per chunk (RTT ${
          2 * ONE_WAY_MS
        } ms)`,
        `${COUNT} buckets of a user created for the run (every 10th tagged with an owner), deleted afterwards`,
        `ours: median of ${OURS_RUNS} runs after a warm-up (BucketDiscovery.discover: ListBuckets, then region and tags of ${concurrency} buckets at a time, both calls of a bucket together); one at a time: a single run, same SDK, keep-alive`,
      ],
    });
  } finally {
    await proxy.close();
    await Promise.all(
      buckets.map(bucket =>
        limit(() =>
          direct
            .send(new DeleteBucketCommand({ Bucket: bucket }))
            .catch(() => undefined),
        ),
      ),
    );
    direct.destroy();
    await user.remove();
  }
}

main().then(
  () => process.exit(0),
  error => {
    process.stderr.write(`${error?.stack ?? error}\n`);
    process.exit(1);
  },
);
