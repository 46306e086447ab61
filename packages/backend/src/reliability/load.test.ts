import { mockServices } from '@backstage/backend-test-utils';
import { STEP_IDS } from '@s3-resources/plugin-s3-resources-common';
import {
  TestBucket,
  createTestBucket,
  createTestDatabases,
  getTestS3,
  requireEnforcingServer,
} from '@internal/s3-test-harness';
import v8 from 'node:v8';
import vm from 'node:vm';
import {
  PortalBackend,
  startPortalBackend,
  allowLocalEndpoint,
} from '../__testUtils__/portalBackend';

jest.setTimeout(180_000);

/** A real gc() in this process (jest does not pass --expose-gc). */
function exposeGc(): () => void {
  v8.setFlagsFromString('--expose-gc');
  return vm.runInNewContext('gc');
}

const MB = 2 ** 20;
const API = '/api/s3-resources';
const SEEDED = 150;
const LISTS = 200;
// 50 tests from four users, each allowed 10 per 60 s: 40 run, 10 are refused
const TESTERS: Array<[user: string, tests: number, target: 'a' | 'b']> = [
  ['alice', 13, 'a'],
  ['dave', 13, 'a'],
  ['bob', 12, 'b'],
  ['carol', 12, 'a'],
];

describe('the backend under concurrent load (PostgreSQL, Ceph RGW)', () => {
  const databases = createTestDatabases();
  let portal: PortalBackend | undefined;
  let bucket: TestBucket | undefined;

  // before the databases' own afterAll closes them under a running backend
  afterEach(async () => {
    await portal?.stop();
    portal = undefined;
  });
  afterAll(async () => {
    await bucket?.cleanup();
  });

  it('answers 200 lists and 50 tests at once without a 5xx, limits tests with 429 + Retry-After, and gives its memory back', async () => {
    const s3 = requireEnforcingServer('the load test');
    const gc = exposeGc();
    const rgw = new URL(getTestS3().endpoint);
    const knex = await databases.init('POSTGRES_15');
    portal = await startPortalBackend({
      database: mockServices.database.factory({ knex }),
      s3Resources: {
        ...allowLocalEndpoint(rgw.href),
        // the seeded resources sign in with this account of the operator's
        awsAccounts: [
          {
            accountId: '123456789012',
            allow: ['team-a', 'team-b', 'platform-team'],
          },
        ],
      },
    });
    const { call } = portal;
    bucket = await createTestBucket('load');

    for (let i = 0; i < SEEDED; i += 10) {
      const batch = Array.from({ length: 10 }, (_, j) =>
        // the platform registers for both teams
        call('carol', 'POST', `${API}/resources`, {
          name: `load-${String(i + j).padStart(4, '0')}`,
          owner: j % 2 ? 'group:default/team-a' : 'group:default/team-b',
          provider: 'aws',
          region: 'eu-west-1',
          bucket: `s3r-load-bucket-${i + j}`,
          auth: { method: 'aws-account', accountId: '123456789012' },
        }),
      );
      for (const r of await Promise.all(batch)) expect(r.status).toBe(201);
    }
    const target = async (owner: string, prefix: string) => {
      const created = await call('carol', 'POST', `${API}/resources`, {
        name: `load-target-${prefix}`,
        owner,
        provider: 'ceph-rgw',
        endpoint: s3.endpoint,
        bucket: bucket!.bucket,
        prefix: `${prefix}/`,
        auth: { method: 'access-key', ...s3.users.tester },
      });
      expect(created.status).toBe(201);
      return created.json.id as string;
    };
    const targets = {
      a: await target('group:default/team-a', 'a'),
      b: await target('group:default/team-b', 'b'),
    };

    // warm-up (erin's tests do not count against the four testers)
    for (let i = 0; i < 5; i++) {
      expect((await call('erin', 'GET', `${API}/resources`)).status).toBe(200);
    }
    expect(
      (await call('erin', 'POST', `${API}/resources/${targets.a}/test`)).status,
    ).toBe(200);
    gc();
    gc();
    const before = process.memoryUsage();
    const peak = { ...before };
    const sampler = setInterval(() => {
      const now = process.memoryUsage();
      peak.heapUsed = Math.max(peak.heapUsed, now.heapUsed);
      peak.rss = Math.max(peak.rss, now.rss);
    }, 20);

    // The requests and their checks; only counts leave, so the bodies can be collected.
    const runLoad = async () => {
      const users = ['alice', 'bob', 'carol', 'dave'];
      const queries = [
        '',
        '?limit=100',
        '?q=load-01',
        '?owner=group:default/team-a',
      ];
      const t0 = Date.now();
      const [lists, tests] = await Promise.all([
        Promise.all(
          Array.from({ length: LISTS }, (_, i) =>
            call(
              users[i % users.length],
              'GET',
              `${API}/resources${queries[i % queries.length]}`,
            ),
          ),
        ),
        Promise.all(
          TESTERS.flatMap(([user, n, which]) =>
            Array.from({ length: n }, () =>
              call(user, 'POST', `${API}/resources/${targets[which]}/test`),
            ),
          ),
        ),
      ]);
      const ms = Date.now() - t0;

      const all = [...lists, ...tests];
      expect(all.filter(r => r.status >= 500).map(r => r.text)).toEqual([]);
      expect(lists.map(r => r.status)).toEqual(Array(LISTS).fill(200));
      expect(lists[0].json.totalCount).toBe(SEEDED + 2);

      const ran = tests.filter(r => r.status === 200);
      const limited = tests.filter(r => r.status === 429);
      expect([ran.length, limited.length]).toEqual([40, 10]);
      for (const r of limited) {
        const retryAfter = Number(r.headers.get('retry-after'));
        expect(retryAfter).toBeGreaterThanOrEqual(1);
        expect(retryAfter).toBeLessThanOrEqual(60);
        expect(r.json.error.name).toBe('TooManyRequestsError');
      }
      for (const r of ran) {
        expect(r.json.steps).toHaveLength(STEP_IDS.length);
        // every step reached a verdict: none cut short by the load
        expect(r.json.steps.filter((s: any) => s.status === 'fail')).toEqual(
          [],
        );
      }
      return { ms, tests: tests.length };
    };
    const load = await runLoad();
    clearInterval(sampler);

    await new Promise(r => setTimeout(r, 200));
    gc();
    gc();
    const after = process.memoryUsage();
    const figures = {
      loadMs: load.ms,
      heapMB: [before.heapUsed, peak.heapUsed, after.heapUsed].map(b =>
        Math.round(b / MB),
      ),
      rssMB: [before.rss, peak.rss, after.rss].map(b => Math.round(b / MB)),
    };
    // eslint-disable-next-line no-console
    console.log(
      `${LISTS} lists + ${load.tests} tests in ${
        load.ms
      } ms; heap before/peak/after GC ${figures.heapMB.join(
        '/',
      )} MB; RSS ${figures.rssMB.join('/')} MB`,
    );
    // generous: the heap returns to within 40 MB of where it started
    expect(after.heapUsed - before.heapUsed).toBeLessThan(40 * MB);
  });
});
