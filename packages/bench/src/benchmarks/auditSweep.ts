/*
 * Benchmark: the audit sweep on one and on two backend replicas.
 *
 * N resources (S3R_BENCH_SWEEP_RESOURCES, 10,000 by default) registered on
 * PostgreSQL, each a prefix of one Ceph RGW bucket reached through a TCP
 * proxy adding ONE_WAY_MS each way, so every connection test pays real
 * round trips. The same seeded database (copied from a template) is swept
 * once by one replica and once by two: real backend processes
 * (sweepInstance.ts, the real scheduler of @backstage/backend-defaults),
 * the sweep started by the global task, the batches shared through the
 * database. Figures: the run's wall time (its row's started_at to
 * finished_at), resources per second, each replica's peak RSS and batches,
 * and whether the sweep on two replicas fits in the interval.
 */
import {
  POSTGRES_ENV,
  TestBucket,
  createTestBucket,
  postgresConnection,
  requireEnforcingServer,
  startLatencyProxy,
} from '@internal/s3-test-harness';
/* eslint-disable @backstage/no-forbidden-package-imports, no-restricted-imports -- the benchmark runs the backend processes and seeding of the plugin's multi-instance test */
import { migrationsDir } from '@s3-resources/plugin-s3-resources-backend/src/database/migrations';
import {
  SweepProcess,
  startSweepProcess,
  stopSweepProcesses,
  waitFor,
} from '@s3-resources/plugin-s3-resources-backend/src/__testUtils__/sweepProcesses';
import { insertSweepResources } from '@s3-resources/plugin-s3-resources-backend/src/__testUtils__/sweepResources';
/* eslint-enable @backstage/no-forbidden-package-imports, no-restricted-imports */
import knexFactory from 'knex';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Figure, report } from '../lib/result';
import { log } from '../lib/stats';

const RESOURCES = Number(process.env.S3R_BENCH_SWEEP_RESOURCES ?? 10_000);
const ONE_WAY_MS = Number(process.env.S3R_BENCH_SWEEP_ONE_WAY_MS ?? 20);
const CONCURRENCY = Number(process.env.S3R_BENCH_SWEEP_CONCURRENCY ?? 8);
const BATCH = 50;
/** The sweep's interval: the target is one sweep of N on two replicas within it. */
const INTERVAL_MIN = Number(process.env.S3R_BENCH_SWEEP_INTERVAL_MIN ?? 10);
const KEY = { id: 'bench', secret: Buffer.alloc(32, 7).toString('base64') };

type Scenario = {
  replicas: number;
  wallMs: number;
  checked: number;
  outcome: string;
  perReplica: Array<{
    name: string;
    peakRssMiB: number;
    peakHeapMiB: number;
    batches: number;
  }>;
  retaken: number;
  /** The machine's 1-minute load average at the end (others' work included). */
  load: number;
};

/** Peak resident set of a process (Linux), in MiB. */
function peakRssMiB(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? NaN);
  return kb / 1024;
}

const admin = () =>
  knexFactory({
    client: 'pg',
    connection: postgresConnection(),
    pool: { min: 0, max: 1 },
  });
const connect = (database: string) => {
  const url = new URL(postgresConnection());
  url.pathname = `/${database}`;
  return knexFactory({
    client: 'pg',
    connection: url.toString(),
    pool: { min: 0, max: 2 },
  });
};

async function seedTemplate(
  database: string,
  bucket: string,
  endpoint: string,
): Promise<void> {
  const db = connect(database);
  try {
    await db.migrate.latest({ directory: migrationsDir });
    const t0 = Date.now();
    const chunk = 500;
    for (let from = 0; from < RESOURCES; from += chunk) {
      const names = Array.from(
        { length: Math.min(chunk, RESOURCES - from) },
        (_, i) => `sweep-${String(from + i).padStart(5, '0')}`,
      );
      await insertSweepResources(db, {
        names,
        bucket,
        endpoint,
        prefix: i => `r${from + i}/`,
        key: KEY,
      });
    }
    log(`seeded ${RESOURCES} resources in ${Date.now() - t0} ms`);
  } finally {
    await db.destroy();
  }
}

async function sweepOn(
  replicas: number,
  template: string,
  proxyPort: number,
): Promise<Scenario> {
  const database = `${template}_r${replicas}`;
  const root = admin();
  await root.raw('create database ?? template ??', [database, template]);
  const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 's3r-bench-sweep-'));
  const processes: SweepProcess[] = [];
  const db = connect(database);
  try {
    const config = (port: number) => ({
      app: { baseUrl: 'http://localhost:3000' },
      backend: {
        baseUrl: `http://127.0.0.1:${port}`,
        listen: { port, host: '127.0.0.1' },
        database: {
          client: 'pg',
          connection: postgresConnection(),
          plugin: { 's3-resources': { connection: { database } } },
        },
      },
      events: { useEventBus: 'never' },
      s3Resources: {
        encryption: { keys: [KEY] },
        endpoints: {
          allow: [
            {
              host: '127.0.0.1',
              ports: [proxyPort],
              allowHttp: true,
              allowPrivateAddresses: true,
            },
          ],
        },
        audit: {
          concurrency: CONCURRENCY,
          batchSize: BATCH,
          // Started below, once every replica is up: a cadence that is
          // never due by itself (an initial delay would also hold the
          // scheduler's worker in process, deaf to the trigger).
          schedule: {
            frequency: { cron: '0 0 1 1 *' },
            timeout: { minutes: 60 },
          },
        },
      },
    });
    // The first starts alone (it creates the scheduler's tables).
    const names = ['A', 'B'].slice(0, replicas);
    for (const name of names) {
      await startSweepProcess({
        name,
        tempDir,
        config,
        liveHeap: true,
        onSpawn: p => processes.push(p),
      });
    }
    // What scheduler.triggerTask does: the task is due now.
    await db('backstage_backend_tasks__tasks')
      .where({ id: 's3-resources:audit-sweep' })
      .update({ next_run_start_at: db.fn.now() });
    let lastLog = 0;
    const run = await waitFor(
      `the sweep on ${replicas} replica(s)`,
      async () => {
        const row = await db('s3_audit_sweeps').first();
        if (row && Date.now() - lastLog > 15_000) {
          lastLog = Date.now();
          log(
            `  ${replicas} replica(s): ${row.resources_checked} of ${RESOURCES} checked`,
          );
        }
        return row && row.outcome !== 'running' ? row : undefined;
      },
      3 * 60 * 60_000,
      500,
    );
    const batches: Array<{ claimed_by: string; claims: number }> = await db(
      's3_audit_sweep_batches',
    ).select('claimed_by', 'claims');
    const perReplica = processes.map(p => ({
      name: p.name,
      peakRssMiB: peakRssMiB(p.child.pid!),
      peakHeapMiB: Number(fs.readFileSync(p.heapFile, 'utf8')) / 2 ** 20,
      batches: batches.filter(
        b => Number(b.claimed_by.split(':')[1]) === p.child.pid,
      ).length,
    }));
    return {
      replicas,
      wallMs:
        new Date(run.finished_at).getTime() -
        new Date(run.started_at).getTime(),
      checked: Number(run.resources_checked),
      outcome: run.outcome,
      perReplica,
      retaken: batches.filter(b => Number(b.claims) > 1).length,
      load: os.loadavg()[0],
    };
  } finally {
    await stopSweepProcesses(processes, 'SIGTERM');
    await db.destroy();
    await root.raw('drop database if exists ?? with (force)', [database]);
    await root.destroy();
    fs.rmSync(tempDir, { recursive: true, force: true });
  }
}

async function main() {
  const s3 = requireEnforcingServer('the audit sweep benchmark');
  if (!process.env[POSTGRES_ENV]) postgresConnection(); // throws with the fix
  const rgw = new URL(s3.endpoint);
  const proxy = await startLatencyProxy({
    target: { host: rgw.hostname, port: Number(rgw.port) },
    oneWayMs: ONE_WAY_MS,
  });
  const template = `s3r_bench_sweep_${Date.now().toString(36)}`;
  const root = admin();
  let bucket: TestBucket | undefined;
  try {
    bucket = await createTestBucket('bench-sweep');
    await root.raw('create database ??', [template]);
    await seedTemplate(template, bucket.bucket, proxy.url);
    const results: Scenario[] = [];
    for (const replicas of [1, 2]) {
      const result = await sweepOn(replicas, template, proxy.port);
      log(
        `${replicas} replica(s): ${result.outcome}, ${result.checked} in ${
          result.wallMs
        } ms; ${result.perReplica
          .map(
            r =>
              `${r.name}: ${
                r.batches
              } batches, peak heap ${r.peakHeapMiB.toFixed(
                0,
              )} MiB, peak RSS ${r.peakRssMiB.toFixed(0)} MiB`,
          )
          .join('; ')}`,
      );
      if (result.outcome !== 'success' || result.checked !== RESOURCES) {
        throw new Error(
          `the sweep on ${replicas} replica(s) ended ${result.outcome} after ${result.checked} of ${RESOURCES}`,
        );
      }
      results.push(result);
    }
    const [one, two] = results;
    const figures: Figure[] = [];
    for (const r of results) {
      const label = `${r.replicas} replica${r.replicas > 1 ? 's' : ''}`;
      figures.push(
        { name: `${label}: sweep wall time`, value: r.wallMs, unit: 'ms' },
        {
          name: `${label}: resources per second`,
          value: (r.checked / r.wallMs) * 1000,
          unit: '/s',
        },
        ...r.perReplica.flatMap(p => [
          {
            name: `${label}: replica ${p.name}, batches done`,
            value: p.batches,
            unit: 'batches',
          },
          {
            name: `${label}: replica ${p.name}, peak live heap (after GC)`,
            value: p.peakHeapMiB,
            unit: 'MiB',
          },
          {
            name: `${label}: replica ${p.name}, peak RSS`,
            value: p.peakRssMiB,
            unit: 'MiB',
          },
        ]),
        {
          name: `${label}: batches claimed more than once`,
          value: r.retaken,
          unit: 'batches',
        },
      );
    }
    figures.push(
      {
        name: '1 replica / 2 replicas wall time',
        value: one.wallMs / two.wallMs,
        unit: 'x',
      },
      {
        name: `2 replicas: sweep wall time in minutes, against the ${INTERVAL_MIN} min interval`,
        value: two.wallMs / 60_000,
        unit: 'min',
        target: { op: '<=', value: INTERVAL_MIN },
      },
    );
    report({
      id: 'audit-sweep',
      title: 'Audit sweep on one and two replicas',
      figures,
      notes: [
        `${RESOURCES.toLocaleString(
          'en-US',
        )} resources on PostgreSQL, each a prefix of one Ceph RGW bucket behind a TCP proxy adding ${ONE_WAY_MS} ms each way; every resource gets the real layered connection test, its findings and test run written`,
        `real backend processes (sweepInstance.ts: the plugin with the services of @backstage/backend-defaults) on one PostgreSQL database copied from one seeded template; the global task started by making it due, the other replica joining through its local task`,
        `audit config: concurrency ${CONCURRENCY} per replica, batchSize ${BATCH}, leaseSeconds 60 (default), pollSeconds 5 (default); the interval the target is judged against: ${INTERVAL_MIN} minutes (the run itself is started by the benchmark once every replica is up)`,
        'wall time: the sweep row from started_at (planning included) to finished_at; peak live heap: the highest `process.memoryUsage().heapUsed` of each replica right after a full garbage collection, every 2 s; peak RSS: VmHWM of each replica process at the end (startup and the on-the-fly TypeScript transform included); all on the same 2-core machine as Ceph RGW and PostgreSQL',
        `the machine's 1-minute load average when each sweep ended (other work on the shared machine included): ${results
          .map(r => `${r.replicas} replica(s) ${r.load.toFixed(1)}`)
          .join(', ')}; on ${
          os.cpus().length
        } cores the replicas, Ceph RGW, PostgreSQL and the latency proxy compete for CPU, so a second replica adds throughput only while the first is the bottleneck`,
      ],
    });
  } finally {
    await bucket?.cleanup().catch(() => undefined);
    await root
      .raw('drop database if exists ?? with (force)', [template])
      .catch(() => undefined);
    await root.destroy();
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
