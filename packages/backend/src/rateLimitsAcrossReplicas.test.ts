import { cacheServiceFactory } from '@backstage/backend-defaults/cache';
import {
  Replica,
  ThrowawayRedis,
  createRecordingLogger,
  postgresDatabases,
  startReplica,
  startThrowawayRedis,
} from '@internal/s3-test-harness';
import s3ResourcesBackend from '@s3-resources/plugin-s3-resources-backend';
import { ENCRYPTION_KEY } from './__testUtils__/portalBackend';

/*
 * Two replicas of the S3 resources plugin on one PostgreSQL and one Redis
 * (`backend.cache.store: redis`): a user's connection tests are limited in
 * total, whichever replica they reach. While Redis does not answer, each
 * replica counts alone (fail open to the per-instance limit) and says so.
 */

jest.setTimeout(120_000);

const LIMIT = 4;
const WINDOW_SECONDS = 30;
const dbs = postgresDatabases('limits');
let redis: ThrowawayRedis;
let a: Replica;
let b: Replica;
const aLog = createRecordingLogger();
const bLog = createRecordingLogger();

beforeAll(async () => {
  redis = await startThrowawayRedis();
  const replica = (logger?: typeof aLog) =>
    startReplica({
      features: [s3ResourcesBackend, cacheServiceFactory],
      database: dbs.config,
      logger: logger?.factory,
      config: {
        backend: { cache: { store: 'redis', connection: redis.url } },
        s3Resources: {
          encryption: { keys: [ENCRYPTION_KEY] },
          audit: { enabled: false },
          connectionTest: {
            rateLimit: { tests: LIMIT, windowSeconds: WINDOW_SECONDS },
          },
        },
      },
    });
  a = await replica(aLog);
  b = await replica(bLog);
});

afterAll(async () => {
  await a?.stop();
  await b?.stop();
  await dbs.drop();
});

/** One connection test of an unsaved configuration (refused at once: its endpoint is not allowed). */
const test = (replica: Replica, user: string) =>
  replica.call('/api/s3-resources/test', {
    method: 'POST',
    user,
    body: {
      name: 'limited',
      owner: 'group:default/team-a',
      provider: 'ceph-rgw',
      bucket: 'limited-bucket',
      endpoint: 'http://127.0.0.1:9',
      auth: {
        method: 'access-key',
        accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
        secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
      },
    },
  });

const limited = (r: { status: number }) => r.status === 429;

it('holds the limit in total across replicas, with the right Retry-After', async () => {
  const t0 = Date.now();
  const answers = [];
  for (let i = 0; i < LIMIT + 2; i++) {
    answers.push(await test(i % 2 ? b : a, 'alice'));
  }
  expect(answers.map(limited)).toEqual([
    ...Array(LIMIT).fill(false),
    true,
    true,
  ]);
  const refused = answers[LIMIT];
  expect(refused.json.error.message).toMatch(
    `At most ${LIMIT} connection tests per ${WINDOW_SECONDS} s`,
  );
  // the first test's slot frees a window after it was taken
  const elapsed = Math.ceil((Date.now() - t0) / 1000);
  const retryAfter = Number(refused.headers.get('retry-after'));
  expect(retryAfter).toBeGreaterThanOrEqual(WINDOW_SECONDS - elapsed);
  expect(retryAfter).toBeLessThanOrEqual(WINDOW_SECONDS);
  // another user is not limited by alice's tests
  expect(limited(await test(b, 'bob'))).toBe(false);
});

it('holds it for concurrent requests reaching both replicas at once', async () => {
  const answers = await Promise.all(
    Array.from({ length: 10 }, (_, i) => test(i % 2 ? b : a, 'carol')),
  );
  expect(answers.filter(r => !limited(r))).toHaveLength(LIMIT);
});

it('counts on each replica alone while Redis does not answer, then in Redis again', async () => {
  redis.pause();
  try {
    const onA = [];
    for (let i = 0; i < LIMIT + 1; i++) onA.push(await test(a, 'dave'));
    const onB = [];
    for (let i = 0; i < LIMIT + 1; i++) onB.push(await test(b, 'dave'));
    // each replica allows the limit: fail open to the per-instance limit
    expect(onA.map(limited)).toEqual([...Array(LIMIT).fill(false), true]);
    expect(onB.map(limited)).toEqual([...Array(LIMIT).fill(false), true]);
    const warnings = aLog.lines.filter(
      l => l.level === 'warn' && /the cache is unavailable/.test(l.message),
    );
    expect(warnings).toHaveLength(1);
    expect(warnings[0].message).toBe(
      'Rate limit of connection tests: the cache is unavailable (no answer within 1000 ms); counting on this instance alone until it answers',
    );
  } finally {
    redis.resume();
  }
  // the replicas ask Redis again 5 s after it failed them
  await new Promise(r => setTimeout(r, 5_500));
  const answers = [];
  for (let i = 0; i < LIMIT + 1; i++) {
    answers.push(await test(i % 2 ? b : a, 'erin'));
  }
  expect(answers.map(limited)).toEqual([...Array(LIMIT).fill(false), true]);
  expect(
    aLog.lines.some(l =>
      /connection tests: the cache answers again/.test(l.message),
    ),
  ).toBe(true);
});
