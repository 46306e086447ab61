/*
 * Registration reaches the catalog: the time from `POST /resources` to the
 * entity being readable from the catalog API, on PostgreSQL with the events
 * backend's database-backed bus.
 *
 * - one replica: the S3 resources plugin, the catalog with the module and
 *   the events backend in one backend;
 * - two replicas: A serves the S3 resources plugin, B the catalog with the
 *   module, both with the events backend on the same databases; registered
 *   on A, read from B's catalog API.
 *
 * The module's full sync is an hour away, so only the change event can
 * bring an entity in. Registrations are sequential; each is timed until
 * GET /api/catalog/entities/by-name/resource/default/<name> answers 200
 * (polled every 20 ms).
 */
import catalogBackend from '@backstage/plugin-catalog-backend';
import eventsBackend from '@backstage/plugin-events-backend';
import {
  Replica,
  postgresDatabases,
  startReplica,
} from '@internal/s3-test-harness';
import catalogModuleS3Resources from '@s3-resources/plugin-catalog-backend-module-s3-resources';
import s3ResourcesBackend from '@s3-resources/plugin-s3-resources-backend';
import { Figure, report } from '../lib/result';
import { log, percentile } from '../lib/stats';

const COUNT = Number(process.env.S3R_BENCH_REGISTRATIONS ?? 40);
const TARGET_P95_MS = 3000;
const FAR_AWAY = { hours: 1 };

const s3ResourcesConfig = {
  encryption: {
    keys: [{ id: 'bench', secret: Buffer.alloc(32, 7).toString('base64') }],
  },
  audit: { enabled: false },
};
const catalogConfig = {
  providers: {
    s3Resources: {
      schedule: {
        frequency: FAR_AWAY,
        initialDelay: FAR_AWAY,
        timeout: { minutes: 5 },
      },
    },
  },
};
// stopping a replica waits for the bus's open long polls
const events = { notifyTimeoutMs: 3000 };

async function oneReplica(database: object) {
  const portal = await startReplica({
    features: [
      s3ResourcesBackend,
      catalogBackend,
      catalogModuleS3Resources,
      eventsBackend,
    ],
    database,
    config: { s3Resources: s3ResourcesConfig, catalog: catalogConfig, events },
  });
  return { register: portal, catalog: portal, stop: () => portal.stop() };
}

async function twoReplicas(database: object) {
  let bStarted: (base: string) => void = () => undefined;
  const bBase = new Promise<string>(resolve => {
    bStarted = resolve;
  });
  const a = await startReplica({
    features: [s3ResourcesBackend, eventsBackend],
    database,
    elsewhere: { catalog: bBase },
    config: { s3Resources: s3ResourcesConfig, events },
  });
  const b = await startReplica({
    features: [catalogBackend, catalogModuleS3Resources, eventsBackend],
    database,
    elsewhere: { 's3-resources': a.base },
    config: { catalog: catalogConfig, events },
  });
  bStarted(b.base);
  return {
    register: a,
    catalog: b,
    stop: async () => {
      await b.stop();
      await a.stop();
    },
  };
}

async function timeRegistrations(
  label: string,
  portal: { register: Replica; catalog: Replica },
): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < COUNT; i++) {
    const name = `${label}-${String(i).padStart(3, '0')}`;
    const t0 = performance.now();
    const created = await portal.register.call('/api/s3-resources/resources', {
      method: 'POST',
      body: {
        name,
        owner: 'group:default/team-a',
        provider: 'aws',
        region: 'eu-west-1',
        bucket: `s3r-bench-${name}`,
        auth: {
          method: 'access-key',
          accessKeyId: `AKIABENCH${String(i).padStart(11, '0')}`,
          secretAccessKey: `bench-secret-${i}`,
        },
      },
    });
    if (created.status !== 201) {
      throw new Error(`register ${name}: ${created.status} ${created.text}`);
    }
    const deadline = Date.now() + 60_000;
    for (;;) {
      const { status } = await portal.catalog.call(
        `/api/catalog/entities/by-name/resource/default/${name}`,
      );
      if (status === 200) break;
      if (Date.now() > deadline) {
        throw new Error(`${name} not in the catalog after 60 s`);
      }
      await new Promise(r => setTimeout(r, 20));
    }
    times.push(performance.now() - t0);
  }
  return times;
}

async function main() {
  const figures: Figure[] = [];
  // dropped at the end: a stopped catalog's timers may still ask its database
  const databases: Array<ReturnType<typeof postgresDatabases>> = [];
  for (const [label, start] of [
    ['one replica', oneReplica],
    ['two replicas', twoReplicas],
  ] as const) {
    const dbs = postgresDatabases('bench_reg');
    databases.push(dbs);
    const portal = await start(dbs.config);
    try {
      const times = await timeRegistrations(label.replace(' ', '-'), portal);
      log(
        `${label}: p50 ${percentile(times, 50).toFixed(0)} ms, p95 ${percentile(
          times,
          95,
        ).toFixed(0)} ms, max ${Math.max(...times).toFixed(0)} ms`,
      );
      figures.push(
        {
          name: `${label}: POST /resources → readable from the catalog API, p50`,
          value: percentile(times, 50),
          unit: 'ms',
        },
        {
          name: `${label}: POST /resources → readable from the catalog API, p95`,
          value: percentile(times, 95),
          unit: 'ms',
          ...(label === 'two replicas'
            ? { target: { op: '<=' as const, value: TARGET_P95_MS } }
            : {}),
        },
      );
    } finally {
      await portal.stop();
    }
  }
  for (const dbs of databases) await dbs.drop();
  report({
    id: 'registration-to-catalog',
    title: 'Registration to catalog, one replica and across two',
    figures,
    notes: [
      `${COUNT} registrations per setup, one after another, each timed from the POST until GET /api/catalog/entities/by-name/resource/default/<name> answers 200 (polled every 20 ms)`,
      'PostgreSQL, one database per plugin shared by the replicas; the events backend on each replica (its bus in PostgreSQL); the full sync an hour away, so only the change event brings an entity in',
      "two replicas: A serves the S3 resources plugin, B the catalog with the module; registered on A, read from B's catalog API",
      'the catalog defaults: processing loop and deferred stitching each poll every 1 s, which is most of the time measured',
    ],
  });
}

main().then(
  () => process.exit(0),
  error => {
    process.stderr.write(`${error?.stack ?? error}\n`);
    process.exit(1);
  },
);
