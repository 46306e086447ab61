// Over 400 lines: one benchmark's seeding, phases and report, which read in order.
/*
 * Benchmark 3: scale on PostgreSQL.
 *
 * 1. The list API (GET /api/s3-resources/resources, 50 a page) at 100, 1,000
 *    and 10,000 resources, over real HTTP to the plugin started with
 *    startTestBackend on the real database service (one PostgreSQL database
 *    per plugin): p50/p95 of the first page and of the deepest cursor page.
 *    Resources are registered through the API (validation, encryption, audit).
 * 2. The entity provider's full sync of those 10,000 resources into the real
 *    catalog, against the catalog ingesting the same 10,000 entities from a
 *    YAML file registered as a `file` location. Both end when all 10,000 are
 *    in final_entities (processed and stitched), each on a fresh catalog
 *    database.
 */
import { createBackendModule } from '@backstage/backend-plugin-api';
import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import { Entity } from '@backstage/catalog-model';
import catalogBackend from '@backstage/plugin-catalog-backend';
import { catalogLocationsExtensionPoint } from '@backstage/plugin-catalog-node';
import catalogModuleS3Resources from '@s3-resources/plugin-catalog-backend-module-s3-resources';
import s3ResourcesBackend from '@s3-resources/plugin-s3-resources-backend';
import {
  S3Resource,
  resourceToEntity,
} from '@s3-resources/plugin-s3-resources-common';
import { Knex } from 'knex';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import YAML from 'yaml';
import { startBenchBackend, timedLogger } from '../lib/backends';
import { benchDatabases } from '../lib/postgres';
import { Figure, report } from '../lib/result';
import { log, percentile } from '../lib/stats';

// S3R_BENCH_SCALE_SIZES=100,300 for a quick try; the figures are for 100,1000,10000
const SIZES = (process.env.S3R_BENCH_SCALE_SIZES ?? '100,1000,10000')
  .split(',')
  .map(Number);
const SAMPLES = Number(process.env.S3R_BENCH_LIST_SAMPLES ?? 200);
const WARM_UP = 20;
const PAGE = 50;
const API = '/api/s3-resources/resources';
const S3_RESOURCES_CONFIG = {
  encryption: {
    keys: [{ id: 'bench', secret: Buffer.alloc(32, 7).toString('base64') }],
  },
  // no scheduled audit sweep testing the 10,000 resources meanwhile
  audit: { enabled: false },
};

type Backend = Awaited<ReturnType<typeof startBenchBackend>>;

const nameOf = (i: number) => `bench-${String(i).padStart(5, '0')}`;

/** Registers resources [from, to) through the API, a few at a time. */
async function seed(backend: Backend, from: number, to: number) {
  let next = from;
  const worker = async () => {
    while (next < to) {
      const i = next++;
      const res = await backend.call(API, {
        method: 'POST',
        body: {
          name: nameOf(i),
          title: `Bench bucket ${i}`,
          owner: `group:default/team-${i % 10}`,
          provider: 'aws',
          region: 'eu-west-1',
          bucket: `s3r-bench-bucket-${i}`,
          tags: ['bench'],
          auth: {
            method: 'access-key',
            accessKeyId: `AKIABENCH${String(i).padStart(11, '0')}`,
            secretAccessKey: `bench-secret-${i}`,
          },
        },
      });
      if (res.status !== 201) {
        throw new Error(`POST ${nameOf(i)}: ${res.status} ${res.text}`);
      }
    }
  };
  await Promise.all(Array.from({ length: 6 }, worker));
}

/** `n` sequential timed requests. */
async function sample(
  backend: Backend,
  url: string,
  n: number,
): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    const res = await backend.call(url);
    times.push(performance.now() - t0);
    if (res.status !== 200 || res.json.items.length === 0) {
      throw new Error(`GET ${url}: ${res.status} ${res.text.slice(0, 200)}`);
    }
  }
  return times;
}

/** The cursor of the last page, found by paging through everything. */
async function deepestCursor(backend: Backend, size: number) {
  let cursor: string | undefined;
  let last: string | undefined;
  let seen = 0;
  do {
    const res = await backend.call(
      `${API}?limit=${PAGE}${cursor ? `&cursor=${cursor}` : ''}`,
    );
    seen += res.json.items.length;
    last = cursor;
    cursor = res.json.nextCursor;
  } while (cursor);
  if (seen !== size) throw new Error(`paged through ${seen}, not ${size}`);
  return last;
}

async function countFinal(catalog: Knex): Promise<number> {
  const [{ n }] = await catalog('final_entities')
    .where('entity_ref', 'like', 'resource:default/bench-%')
    .whereNotNull('final_entity')
    .count({ n: '*' });
  return Number(n);
}

async function waitForFinal(catalog: Knex, expected: number, t0: number) {
  const deadline = Date.now() + 30 * 60_000;
  let lastLog = 0;
  for (;;) {
    const n = await countFinal(catalog).catch(() => 0);
    if (n >= expected) return performance.now() - t0;
    if (Date.now() > deadline) throw new Error(`only ${n} of ${expected}`);
    if (Date.now() - lastLog > 10_000) {
      lastLog = Date.now();
      log(`  ${n} of ${expected} in final_entities`);
    }
    await new Promise(r => setTimeout(r, 200));
  }
}

/** Lets API-registered locations be files (the catalog allows `url` only by default). */
const fileLocations = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'bench-file-locations',
  register(env) {
    env.registerInit({
      deps: { locations: catalogLocationsExtensionPoint },
      async init({ locations }) {
        locations.setAllowedLocationTypes(['url', 'file']);
      },
    });
  },
});

const catalogConfig = (extra: Record<string, unknown> = {}) => ({
  catalog: {
    rules: [{ allow: ['Resource', 'Location'] }],
    ...extra,
  },
});

async function main() {
  // one database per size, so the sizes can be measured side by side
  const sizeDbs = SIZES.map(size => benchDatabases(`list${size}`));
  const dbs = sizeDbs[sizeDbs.length - 1];
  const fileDbs = benchDatabases('file');
  const figures: Figure[] = [];
  const workDir = await fs.mkdtemp(path.join(os.tmpdir(), 's3r-bench-'));
  const atSize: Record<number, { first: number[]; deep: number[] }> = {};
  const entities: Entity[] = [];
  try {
    // 1. the list API: a backend per size, requests interleaved across sizes
    // in rounds, so a change in the machine's load hits every size alike
    const apis: Backend[] = [];
    try {
      for (const [i, size] of SIZES.entries()) {
        const api = await startBenchBackend({
          features: [s3ResourcesBackend],
          database: sizeDbs[i].config,
          config: { s3Resources: S3_RESOURCES_CONFIG },
        });
        apis.push(api);
        const t0 = performance.now();
        await seed(api, 0, size);
        log(
          `registered ${size} resources through the API in ${(
            (performance.now() - t0) /
            1000
          ).toFixed(1)} s`,
        );
      }
      const urls = await Promise.all(
        SIZES.map(async (size, i) => {
          const cursor = await deepestCursor(apis[i], size);
          return {
            first: `${API}?limit=${PAGE}`,
            deep: `${API}?limit=${PAGE}${cursor ? `&cursor=${cursor}` : ''}`,
          };
        }),
      );
      for (const [i, size] of SIZES.entries()) {
        await sample(apis[i], urls[i].first, WARM_UP);
        await sample(apis[i], urls[i].deep, WARM_UP);
        atSize[size] = { first: [], deep: [] };
      }
      const ROUND = 10;
      for (let done = 0; done < SAMPLES; done += ROUND) {
        for (const [i, size] of SIZES.entries()) {
          atSize[size].first.push(
            ...(await sample(apis[i], urls[i].first, ROUND)),
          );
          atSize[size].deep.push(
            ...(await sample(apis[i], urls[i].deep, ROUND)),
          );
        }
      }
    } finally {
      for (const api of apis) await api.stop();
    }
    for (const size of SIZES) {
      const { first, deep } = atSize[size];
      for (const [label, times] of [
        ['first page', first],
        ['deepest page', deep],
      ] as const) {
        for (const p of [50, 95]) {
          figures.push({
            name: `list, ${size.toLocaleString(
              'en-US',
            )} resources, ${label}: p${p}`,
            value: percentile(times, p),
            unit: 'ms',
          });
        }
      }
      log(
        `${size}: first page p50 ${percentile(first, 50).toFixed(
          1,
        )} ms p95 ${percentile(first, 95).toFixed(
          1,
        )} ms; deepest page p50 ${percentile(deep, 50).toFixed(
          1,
        )} ms p95 ${percentile(deep, 95).toFixed(1)} ms`,
      );
    }
    const [small, large] = [atSize[SIZES[0]], atSize[SIZES[SIZES.length - 1]]];
    for (const [label, key] of [
      ['first page', 'first'],
      ['deepest page', 'deep'],
    ] as const) {
      for (const p of [50, 95]) {
        figures.push({
          name: `list ${label} p${p}: ${SIZES[SIZES.length - 1].toLocaleString(
            'en-US',
          )} / ${SIZES[0]} resources`,
          value: percentile(large[key], p) / percentile(small[key], p),
          unit: 'x',
          target: { op: '<=', value: 2 },
        });
      }
    }

    // 2a. the entity provider's full sync, triggered by hand
    const providerLog = timedLogger();
    const withProvider = await startBenchBackend({
      features: [
        catalogBackend,
        catalogModuleS3Resources,
        s3ResourcesBackend,
        schedulerServiceFactory,
      ],
      database: dbs.config,
      logger: providerLog.factory,
      config: {
        s3Resources: S3_RESOURCES_CONFIG,
        ...catalogConfig({
          providers: {
            s3Resources: {
              schedule: {
                frequency: { hours: 1 },
                initialDelay: { hours: 1 },
                timeout: { minutes: 30 },
                scope: 'local',
              },
            },
          },
        }),
      },
    });
    const providerCatalog = dbs.connect('catalog');
    let syncMs: number;
    let publishedMs: number | undefined;
    try {
      // every resource, as the provider publishes it, for the file below
      let cursor: string | undefined;
      do {
        const page = await withProvider.call(
          `${API}?limit=500${cursor ? `&cursor=${cursor}` : ''}`,
        );
        entities.push(
          ...(page.json.items as S3Resource[]).map(r => resourceToEntity(r)),
        );
        cursor = page.json.nextCursor;
      } while (cursor);
      const t0 = performance.now();
      const trigger = await withProvider.call(
        '/api/catalog/.backstage/scheduler/v1/tasks/s3-resources:refresh/trigger',
        { method: 'POST' },
      );
      if (trigger.status !== 200) {
        throw new Error(`trigger: ${trigger.status} ${trigger.text}`);
      }
      syncMs = await waitForFinal(providerCatalog, entities.length, t0);
      const published = providerLog.lines.find(l =>
        /^Full sync published \d+ S3 resource entities/.test(l.message),
      );
      publishedMs = published ? published.at - t0 : undefined;
      log(
        `provider: read + full mutation ${publishedMs?.toFixed(0)} ms; all ${
          entities.length
        } in final_entities after ${syncMs.toFixed(0)} ms`,
      );
    } finally {
      await providerCatalog.destroy();
      await withProvider.stop();
    }

    // 2b. the same entities from a file location, on a fresh catalog database
    const file = path.join(workDir, 'resources.yaml');
    await fs.writeFile(
      file,
      entities
        .map(e => {
          const {
            'backstage.io/managed-by-location': _l,
            'backstage.io/managed-by-origin-location': _o,
            ...annotations
          } = e.metadata.annotations ?? {};
          return YAML.stringify({
            ...e,
            metadata: { ...e.metadata, annotations },
          });
        })
        .join('---\n'),
    );
    const fromFile = await startBenchBackend({
      features: [catalogBackend, fileLocations, schedulerServiceFactory],
      database: fileDbs.config,
      config: catalogConfig(),
    });
    const fileCatalog = fileDbs.connect('catalog');
    let fileMs: number;
    try {
      const t0 = performance.now();
      const added = await fromFile.call('/api/catalog/locations', {
        method: 'POST',
        body: { type: 'file', target: file },
      });
      if (added.status !== 201) {
        throw new Error(`POST location: ${added.status} ${added.text}`);
      }
      fileMs = await waitForFinal(fileCatalog, entities.length, t0);
      log(
        `file location: all ${
          entities.length
        } in final_entities after ${fileMs.toFixed(0)} ms`,
      );
    } finally {
      await fileCatalog.destroy();
      await fromFile.stop();
    }
    figures.push(
      {
        name: `entity provider full sync of ${entities.length.toLocaleString(
          'en-US',
        )} resources → all in final_entities`,
        value: syncMs,
        unit: 'ms',
      },
      ...(publishedMs !== undefined
        ? [
            {
              name: '… of which reading them through the API and applying the full mutation',
              value: publishedMs,
              unit: 'ms',
            },
          ]
        : []),
      {
        name: `catalog ingesting the same ${entities.length.toLocaleString(
          'en-US',
        )} entities from a file location → all in final_entities`,
        value: fileMs,
        unit: 'ms',
      },
      {
        name: 'provider sync / file location',
        value: syncMs / fileMs,
        unit: 'x',
      },
    );
    report({
      id: 'scale',
      title: 'Scale on PostgreSQL',
      figures,
      notes: [
        `list: GET ${API}?limit=${PAGE} over real HTTP (keep-alive) to startTestBackend with the real database service on the local PostgreSQL, one backend and database per size; ${SAMPLES} sequential requests per figure after ${WARM_UP} warm-up requests, the sizes taking turns 10 requests at a time; resources registered through the API (6 at a time); allow-all permissions (the shipped policy allows every reader, so no filter)`,
        'every page also counts the matching resources (totalCount): on PostgreSQL that count is the part that grows with the table',
        'deepest page: the cursor of the last page, found by paging through all resources',
        'sync: the provider task (scope local, triggered through the scheduler API) and the file location (POST /api/catalog/locations, type file) each start on an empty catalog database; both end when every entity has a row with a final_entity in final_entities',
      ],
    });
  } finally {
    await fs.rm(workDir, { recursive: true, force: true });
    for (const d of sizeDbs) await d.drop();
    await fileDbs.drop();
  }
}

main().then(
  () => process.exit(0),
  error => {
    process.stderr.write(`${error?.stack ?? error}\n`);
    process.exit(1);
  },
);
