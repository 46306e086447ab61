/*
 * Object benchmark 2: paging through a prefix of 100,000 keys, 1,000 a
 * page, costs the same at the last page as at the first.
 *
 * The keys are empty objects in a bucket kept between runs (seeded once,
 * 64 PutObject at a time, which takes minutes; a later run checks the last
 * key and reuses them). The real plugin (PostgreSQL, the resource
 * registered through the API on that prefix, RGW as its endpoint) is paged
 * through once with its cursors, then the first and the last page are
 * requested again, alternating, after a warm-up.
 *
 * Not part of CI (.ci/run runs `npm test`, which runs no benchmark).
 * S3R_BENCH_PAGING_KEYS=10000 runs it on a smaller prefix, labelled as such.
 */
import { Figure, report } from '../lib/result';
import { log, median, timed } from '../lib/stats';
import {
  SEEDED_BUCKET,
  ensureSeededPrefix,
  seedingRecord,
  startObjectsBackend,
} from './objectsFixtures';

const KEYS = Number(process.env.S3R_BENCH_PAGING_KEYS ?? 100_000);
const PAGE = 1000;
const RUNS = Number(process.env.S3R_BENCH_RUNS ?? 15);
const WARM_UP = 3;
const PREFIX = `page-${KEYS >= 1000 ? `${KEYS / 1000}k` : KEYS}/`;

async function main() {
  if (KEYS % PAGE !== 0) throw new Error(`${KEYS} is not a whole page count`);
  const pages = KEYS / PAGE;
  const seededMs = await ensureSeededPrefix(PREFIX, KEYS);
  const seeding = await seedingRecord(PREFIX);
  log(
    seededMs === undefined
      ? `the ${KEYS} keys under ${PREFIX} were already there${
          seeding ? ` (seeded in ${seeding.seconds} s on ${seeding.at})` : ''
        }`
      : `seeded ${KEYS} keys in ${(seededMs / 1000).toFixed(1)} s`,
  );
  const portal = await startObjectsBackend({
    bucket: SEEDED_BUCKET,
    prefix: PREFIX,
  });
  try {
    const url = (cursor?: string) =>
      `/api/s3-resources/resources/${portal.resourceId}/objects?limit=${PAGE}${
        cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''
      }`;
    const page = async (cursor?: string) => {
      const res = await portal.backend.call(url(cursor));
      if (res.status !== 200) {
        throw new Error(`list: ${res.status} ${res.text.slice(0, 300)}`);
      }
      return res.json as { objects: unknown[]; nextCursor?: string };
    };

    // one walk through every page, keeping each page's cursor
    const cursors: Array<string | undefined> = [undefined];
    const walkMs: number[] = [];
    let seen = 0;
    const walk = await timed(async () => {
      for (;;) {
        const p = await timed(() => page(cursors[cursors.length - 1]));
        walkMs.push(p.ms);
        seen += p.value.objects.length;
        if (!p.value.nextCursor) break;
        cursors.push(p.value.nextCursor);
      }
    });
    if (seen !== KEYS || cursors.length !== pages) {
      throw new Error(`paged through ${seen} keys in ${cursors.length} pages`);
    }
    log(
      `walked ${pages} pages in ${(walk.ms / 1000).toFixed(
        1,
      )} s; page times ${walkMs
        .slice(0, 3)
        .map(v => v.toFixed(0))
        .join(', ')} ... ${walkMs
        .slice(-3)
        .map(v => v.toFixed(0))
        .join(', ')} ms`,
    );

    // the first and the last page again, alternating
    const lastCursor = cursors[pages - 1];
    const first: number[] = [];
    const last: number[] = [];
    for (let i = 0; i < WARM_UP + RUNS; i++) {
      const f = await timed(() => page());
      const l = await timed(() => page(lastCursor));
      if (f.value.objects.length !== PAGE || l.value.objects.length !== PAGE) {
        throw new Error('a replayed page did not hold 1,000 keys');
      }
      if (l.value.nextCursor) throw new Error('the last page has a next one');
      if (i < WARM_UP) continue;
      first.push(f.ms);
      last.push(l.ms);
    }
    log(`first: ${first.map(v => v.toFixed(0)).join(', ')} ms`);
    log(`last:  ${last.map(v => v.toFixed(0)).join(', ')} ms`);

    const label = KEYS.toLocaleString('en-US');
    const ends = Math.max(1, Math.min(10, Math.floor(pages / 2)));
    const figures: Figure[] = [
      {
        name: `${label} keys: first page (1,000 keys), median`,
        value: median(first),
        unit: 'ms',
      },
      {
        name: `${label} keys: last page (page ${pages}), median`,
        value: median(last),
        unit: 'ms',
      },
      {
        name: `${label} keys: last / first page`,
        value: median(last) / median(first),
        unit: 'x',
        target: { op: '<=', value: 1.5 },
      },
      {
        name: `${label} keys: the whole walk of ${pages} pages`,
        value: walk.ms,
        unit: 'ms',
      },
      {
        name: `${label} keys: in the walk, last ${ends} pages / first ${ends} pages (medians)`,
        value: median(walkMs.slice(-ends)) / median(walkMs.slice(0, ends)),
        unit: 'x',
      },
    ];
    if (seededMs !== undefined || seeding) {
      figures.push({
        name: `seeding ${label} empty objects (${
          seeding?.concurrency ?? 64
        } PutObject at a time, once)`,
        value: seededMs !== undefined ? seededMs / 1000 : seeding!.seconds,
        unit: 's',
      });
    }
    report({
      id: 'objects-paging',
      title: `Object paging through ${label} keys`,
      figures,
      notes: [
        `${label} empty objects under "${PREFIX}" in the bucket ${SEEDED_BUCKET} on Ceph RGW (no latency proxy), seeded once${
          seeding ? ` on ${seeding.at.slice(0, 10)}` : ''
        } and reused`,
        `GET /api/s3-resources/resources/:id/objects?limit=${PAGE}&cursor=... on the plugin (PostgreSQL; the resource's prefix is "${PREFIX}"), the cursor being RGW's continuation token`,
        'the walk is the first use of the resource: its first pages also pay for the session, the connection and the caches warming up',
        `first and last page: median of ${RUNS} runs after ${WARM_UP} warm-up runs, alternating, after one walk through all ${pages} pages that collected the cursors`,
      ],
    });
  } finally {
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
