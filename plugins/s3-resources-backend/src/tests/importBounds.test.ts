import { createTestDatabases } from '@internal/s3-test-harness';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import request from 'supertest';
import { FakeS3, startFakeS3 } from '../__testUtils__/networkServers';
import {
  SECRET,
  TEST_KEYS,
  asUser,
  startPluginBackend,
} from '../__testUtils__/testBackend';

jest.setTimeout(120_000);

const DISCOVER = '/api/s3-resources/import/discover';
const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));
const names = (n: number) =>
  Array.from({ length: n }, (_, i) => `bucket-${String(i).padStart(2, '0')}`);

const sourceAt = (fake: FakeS3) => ({
  provider: 'ceph-rgw',
  endpoint: fake.url,
  auth: {
    method: 'access-key',
    accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
    secretAccessKey: SECRET,
  },
});

/** NDJSON lines of a streamed answer. */
const linesOf = (text: string) =>
  text
    .trim()
    .split('\n')
    .map(l => JSON.parse(l));

describe('import discovery is bounded', () => {
  const databases = createTestDatabases();
  const fakes: FakeS3[] = [];
  const fake = async (options: Parameters<typeof startFakeS3>[0]) => {
    const server = await startFakeS3(options);
    fakes.push(server);
    return server;
  };
  afterEach(async () => {
    for (const f of fakes.splice(0)) await f.close();
  });

  const start = (knex: any, s3: FakeS3, imports: object = {}) =>
    startPluginBackend({
      knex,
      config: {
        s3Resources: {
          encryption: { keys: [{ id: 'k1', secret: TEST_KEYS.k1 }] },
          endpoints: {
            allow: [
              {
                host: '127.0.0.1',
                ports: [s3.port],
                allowHttp: true,
                allowPrivateAddresses: true,
              },
            ],
          },
          // no call times out on its own: the discovery's bounds end it
          connectionTest: { requestTimeoutMs: 60_000 },
          import: imports,
        },
      },
    });

  describe.each(databases.eachSupportedId())('on %p', databaseId => {
    it('limits discoveries per user: 429 with Retry-After', async () => {
      const knex = await databases.init(databaseId);
      const s3 = await fake({ buckets: names(2) });
      const { server, stop } = await start(knex, s3, {
        rateLimit: { requests: 2, windowSeconds: 60 },
      });
      try {
        const discover = (user: string) =>
          request(server)
            .post(DISCOVER)
            .set(asUser(user))
            .send({ source: sourceAt(s3) });
        for (let i = 0; i < 2; i++) {
          expect((await discover('alice')).status).toBe(200);
        }
        const limited = await discover('alice');
        expect(limited.status).toBe(429);
        expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(
          59,
        );
        expect(Number(limited.headers['retry-after'])).toBeLessThanOrEqual(60);
        expect(limited.body.error).toMatchObject({
          name: 'TooManyRequestsError',
          message: expect.stringContaining(
            'At most 2 bucket discoveries per 60 s',
          ),
        });
        expect(limited.text).not.toContain(SECRET);
        expect(s3.requests.list).toBe(2);
        // per user: someone else may still discover
        expect((await discover('bob')).status).toBe(200);
      } finally {
        await stop();
      }
    });

    it('ends at its deadline with what it found, and says it was cut short', async () => {
      const knex = await databases.init(databaseId);
      const all = names(6);
      const slow = new Set(all.slice(3));
      const s3 = await fake({ buckets: all, hang: b => slow.has(b) });
      const { server, stop } = await start(knex, s3, { deadlineMs: 1000 });
      try {
        const t0 = Date.now();
        const res = await request(server)
          .post(DISCOVER)
          .set(asUser())
          .set('Accept', 'application/x-ndjson')
          .send({ source: sourceAt(s3) });
        const ms = Date.now() - t0;
        expect(res.status).toBe(200);
        expect(ms).toBeGreaterThanOrEqual(990);
        expect(ms).toBeLessThan(3000);
        const lines = linesOf(res.text);
        expect(
          lines.filter(l => l.type === 'bucket').map(l => l.bucket.bucket),
        ).toEqual(expect.arrayContaining(all.slice(0, 3)));
        expect(lines[lines.length - 1]).toEqual({
          type: 'done',
          count: 3,
          incomplete: {
            reason: 'deadline',
            message: expect.stringContaining(
              'stopped at its deadline (1000 ms',
            ),
          },
        });
        // the calls that never answered were given up
        await sleep(200);
        expect(s3.abandoned()).toBeGreaterThanOrEqual(slow.size);
      } finally {
        await stop();
      }
    }, 20_000);

    it('reads at most maxBuckets buckets and says there are more', async () => {
      const knex = await databases.init(databaseId);
      const all = names(30);
      const s3 = await fake({ buckets: all, pageSize: 10 });
      const { server, stop } = await start(knex, s3, { maxBuckets: 15 });
      try {
        const res = await request(server)
          .post(DISCOVER)
          .set(asUser())
          .send({ source: sourceAt(s3) });
        expect(res.status).toBe(200);
        expect(res.body.map((b: { bucket: string }) => b.bucket)).toEqual(
          all.slice(0, 15),
        );
        expect(res.headers['s3r-discovery-incomplete']).toBe('max-buckets');
        expect(s3.requests.list).toBe(2);
        expect(s3.requests.location).toBe(15);

        const streamed = await request(server)
          .post(DISCOVER)
          .set(asUser())
          .set('Accept', 'application/x-ndjson')
          .send({ source: sourceAt(s3) });
        const lines = linesOf(streamed.text);
        expect(lines[lines.length - 1]).toEqual({
          type: 'done',
          count: 15,
          incomplete: {
            reason: 'max-buckets',
            message: expect.stringContaining(
              'more than 15 buckets; the first 15 are shown',
            ),
          },
        });
      } finally {
        await stop();
      }
    });

    it('stops listing after a bounded number of pages', async () => {
      const knex = await databases.init(databaseId);
      const s3 = await fake({ buckets: names(40), pageSize: 1 });
      const { server, stop } = await start(knex, s3, { maxBuckets: 100 });
      try {
        const res = await request(server)
          .post(DISCOVER)
          .set(asUser())
          .send({ source: sourceAt(s3) });
        expect(res.status).toBe(200);
        expect(res.headers['s3r-discovery-incomplete']).toBe('max-pages');
        expect(s3.requests.list).toBeLessThan(40);
        expect(res.body).toHaveLength(s3.requests.list);
      } finally {
        await stop();
      }
    });

    it('stops its calls when the client goes away', async () => {
      const knex = await databases.init(databaseId);
      const all = names(40);
      const s3 = await fake({ buckets: all, latencyMs: 150 });
      const { server, stop } = await start(knex, s3, { concurrency: 2 });
      try {
        const { port } = server.address() as AddressInfo;
        const body = JSON.stringify({ source: sourceAt(s3) });
        const req = http.request({
          host: '127.0.0.1',
          port,
          method: 'POST',
          path: DISCOVER,
          headers: {
            ...asUser(),
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
          },
        });
        req.on('error', () => undefined);
        req.end(body);
        while (s3.requests.location < 2) await sleep(20);
        req.destroy();
        await sleep(1000);
        const after = s3.requests.location + s3.requests.tagging;
        await sleep(1000);
        expect(s3.requests.location + s3.requests.tagging).toBe(after);
        // 40 buckets would be 80 calls; a few were under way when it left
        expect(after).toBeLessThan(12);
        expect(s3.abandoned()).toBeGreaterThan(0);
      } finally {
        await stop();
      }
    });
  });
});
