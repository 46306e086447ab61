/*
 * Benchmark 1: the layered connection test against its critical path, and
 * against the same calls made one after another.
 *
 * Ceph RGW sits behind a TCP proxy on 127.0.0.1 that delays every chunk by
 * ONE_WAY_MS in each direction (a new connection pays its handshake too).
 * "Ours" is the real ConnectionTester, built the way plugin.ts builds it
 * (ConnectionTester.fromConfig with EndpointPolicy.fromConfig) from a config
 * whose allow-list admits the proxy's port. "Naive" sends the calls ours
 * sends, in the order of the steps, one at a time, with one S3 and one STS
 * client of the same SDK sharing a keep-alive connection.
 */
import {
  GetBucketCorsCommand,
  GetBucketEncryptionCommand,
  GetBucketLocationCommand,
  GetBucketOwnershipControlsCommand,
  GetPublicAccessBlockCommand,
  HeadBucketCommand,
  ListObjectsV2Command,
  PutBucketCorsCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import {
  AssumeRoleCommand,
  GetCallerIdentityCommand,
  STSClient,
} from '@aws-sdk/client-sts';
import { ConfigReader } from '@backstage/config';
import {
  TestBucket,
  TestRole,
  createTestBucket,
  createTestRole,
  requireEnforcingServer,
  s3ClientFor,
  startLatencyProxy,
  trustPolicyFor,
} from '@internal/s3-test-harness';
/* eslint-disable @backstage/no-forbidden-package-imports -- the benchmark drives the real engine, which the plugin does not export */
import {
  ConnectionTestTarget,
  ConnectionTester,
  TestAuth,
} from '@s3-resources/plugin-s3-resources-backend/src/connectionTest/ConnectionTester';
import { EndpointPolicy } from '@s3-resources/plugin-s3-resources-backend/src/connectionTest/EndpointPolicy';
/* eslint-enable @backstage/no-forbidden-package-imports */
import {
  CreateResourceRequest,
  applyCreateDefaults,
  generateCorsConfiguration,
} from '@s3-resources/plugin-s3-resources-common';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import http from 'node:http';
import { Figure, report } from '../lib/result';
import { log, median, timed } from '../lib/stats';

const ONE_WAY_MS = Number(process.env.S3R_BENCH_ONE_WAY_MS ?? 50);
const RTT_MS = 2 * ONE_WAY_MS;
const RUNS = Number(process.env.S3R_BENCH_RUNS ?? 7);
const APP = 'http://localhost:3000';

/** The calls of the bucket steps, in the order of the steps. */
const bucketCalls = (bucket: string) => [
  new HeadBucketCommand({ Bucket: bucket }),
  new GetBucketLocationCommand({ Bucket: bucket }),
  new ListObjectsV2Command({ Bucket: bucket, MaxKeys: 1 }),
  new GetBucketCorsCommand({ Bucket: bucket }),
  new GetBucketOwnershipControlsCommand({ Bucket: bucket }),
  new GetPublicAccessBlockCommand({ Bucket: bucket }),
  new GetBucketEncryptionCommand({ Bucket: bucket }),
];

/** A test written the obvious way: each call waits for the one before. */
async function naiveTest(
  endpoint: string,
  bucket: string,
  auth: TestAuth,
): Promise<number> {
  const handler = new NodeHttpHandler({
    httpAgent: new http.Agent({ keepAlive: true }),
    connectionTimeout: 3_000,
    requestTimeout: 5_000,
  });
  const common = {
    endpoint,
    region: 'us-east-1',
    requestHandler: handler,
    maxAttempts: 1,
  };
  const keys = (auth.method === 'assume-role' ? auth.source : auth) as {
    accessKeyId: string;
    secretAccessKey: string;
  };
  const sts = new STSClient({ ...common, credentials: keys });
  let calls = 0;
  const attempt = async (fn: () => Promise<unknown>) => {
    calls++;
    await fn().catch(() => undefined);
  };
  try {
    await attempt(() => sts.send(new GetCallerIdentityCommand({})));
    let credentials: {
      accessKeyId: string;
      secretAccessKey: string;
      sessionToken?: string;
    } = keys;
    if (auth.method === 'assume-role') {
      calls++;
      const out = await sts.send(
        new AssumeRoleCommand({
          RoleArn: auth.roleArn,
          RoleSessionName: 'naive',
          ExternalId: auth.externalId,
          DurationSeconds: 900,
        }),
      );
      credentials = {
        accessKeyId: out.Credentials!.AccessKeyId!,
        secretAccessKey: out.Credentials!.SecretAccessKey!,
        sessionToken: out.Credentials!.SessionToken!,
      };
    }
    const s3 = new S3Client({
      ...common,
      credentials,
      forcePathStyle: true,
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
    for (const command of bucketCalls(bucket)) {
      await attempt(() => s3.send(command as any));
    }
    return calls;
  } finally {
    handler.destroy();
  }
}

async function main() {
  const s3 = requireEnforcingServer('the connection test benchmark');
  const rgw = new URL(s3.endpoint);
  const cleanups: Array<() => Promise<void>> = [];
  const proxy = await startLatencyProxy({
    target: { host: rgw.hostname, port: Number(rgw.port) },
    oneWayMs: ONE_WAY_MS,
  });
  cleanups.push(proxy.close);
  try {
    const bucket: TestBucket = await createTestBucket('bench-conn');
    cleanups.push(bucket.cleanup);
    const tester = s3ClientFor('tester');
    await tester.send(
      new PutBucketCorsCommand({
        Bucket: bucket.bucket,
        CORSConfiguration: generateCorsConfiguration({
          bucket: bucket.bucket,
          origins: [APP],
          uploadMode: 'download-only',
        }).configuration,
      }),
    );
    tester.destroy();
    const role: TestRole = await createTestRole({
      trustPolicy: trustPolicyFor('tester'),
      rolePolicy: {
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Action: ['s3:*'],
            Resource: [
              `arn:aws:s3:::${bucket.bucket}`,
              `arn:aws:s3:::${bucket.bucket}/*`,
            ],
          },
        ],
      },
    });
    cleanups.push(role.cleanup);

    // As plugin.ts builds it, from config; the allow-list admits the proxy.
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
      },
    });
    const connectionTester = ConnectionTester.fromConfig(config, {
      endpointPolicy: EndpointPolicy.fromConfig(config),
    });

    const keys: TestAuth = { method: 'access-key', ...s3.users.tester };
    const assumeRole: TestAuth = {
      method: 'assume-role',
      roleArn: role.roleArn,
      externalId: 's3r-ExternalIdOfThisResource0123456789',
      source: { method: 'access-key', ...s3.users.tester },
    };
    const targetFor = (auth: TestAuth): ConnectionTestTarget => {
      const { auth: _unused, ...settings } = applyCreateDefaults(
        {
          name: 'bench-conn',
          owner: 'group:default/team-a',
          provider: 'ceph-rgw',
          endpoint: proxy.url,
          bucket: bucket.bucket,
          auth: { method: 'access-key', accessKeyId: 'x' },
        } as CreateResourceRequest,
        APP,
      );
      return { settings, auth };
    };

    const figures: Figure[] = [];
    const cases = [
      // handshake + one wave of concurrent calls
      { label: 'access key', auth: keys, roundTrips: 2 },
      // handshake + AssumeRole + the bucket calls on connections opened meanwhile
      {
        label: 'assume role',
        auth: assumeRole,
        roundTrips: 3,
      },
    ];
    for (const c of cases) {
      const ours: number[] = [];
      const naive: number[] = [];
      let naiveCalls = 0;
      for (let i = 0; i <= RUNS; i++) {
        // alternate so both see the same machine load
        const run = await timed(() =>
          connectionTester.run(targetFor(c.auth), {
            initiatedBy: 'user:default/bench',
          }),
        );
        if (run.value.status !== 'pass') {
          throw new Error(
            `the connection test did not pass: ${JSON.stringify(
              run.value.steps.map(s => [s.id, s.status, s.message]),
            )}`,
          );
        }
        const plain = await timed(() =>
          naiveTest(proxy.url, bucket.bucket, c.auth),
        );
        naiveCalls = plain.value;
        if (i === 0) continue; // warm-up
        ours.push(run.ms);
        naive.push(plain.ms);
      }
      const oursMs = median(ours);
      const naiveMs = median(naive);
      log(
        `${c.label}: ours ${ours
          .map(v => v.toFixed(0))
          .join(', ')} ms; naive (${naiveCalls} calls) ${naive
          .map(v => v.toFixed(0))
          .join(', ')} ms`,
      );
      figures.push(
        {
          name: `${c.label}: layered test, median wall time`,
          value: oursMs,
          unit: 'ms',
        },
        {
          name: `${c.label}: wall / (${c.roundTrips} dependent round trips × ${RTT_MS} ms)`,
          value: oursMs / (c.roundTrips * RTT_MS),
          unit: 'x',
          target: { op: '<=', value: 1.3 },
        },
        {
          name: `${c.label}: naive sequential (${naiveCalls} calls + handshake), median wall time`,
          value: naiveMs,
          unit: 'ms',
        },
        {
          name: `${c.label}: naive / ours`,
          value: naiveMs / oursMs,
          unit: 'x',
        },
      );
    }
    report({
      id: 'connection-test',
      title: 'Connection test vs its critical path',
      figures,
      notes: [
        `Ceph RGW behind a TCP proxy adding ${ONE_WAY_MS} ms each way per chunk (RTT ${RTT_MS} ms; a new connection pays one RTT for its handshake)`,
        `median of ${RUNS} runs after a warm-up, ours and naive alternating`,
        'dependent round trips: access key = handshake + one wave of concurrent calls; assume role = handshake + AssumeRole + the bucket calls (their connections are opened during AssumeRole)',
        'naive: GetCallerIdentity, (AssumeRole,) HeadBucket, GetBucketLocation, ListObjectsV2, GetBucketCors, GetBucketOwnershipControls, GetPublicAccessBlock, GetBucketEncryption one after another, one shared keep-alive connection',
      ],
    });
  } finally {
    for (const c of cleanups.reverse()) await c().catch(() => undefined);
  }
}

main().then(
  () => process.exit(0),
  error => {
    process.stderr.write(`${error?.stack ?? error}\n`);
    process.exit(1);
  },
);
