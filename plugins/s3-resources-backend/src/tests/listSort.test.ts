import { createTestDatabases } from '@internal/s3-test-harness';
import { Knex } from 'knex';
import request from 'supertest';
import { randomUUID } from 'node:crypto';
import { asUser, startPluginBackend } from '../__testUtils__/testBackend';

jest.setTimeout(120_000);

const STATUSES = ['pass', null, 'fail', 'warn', 'skipped'] as const;
const OWNERS = [
  'group:default/team-b',
  'group:default/team-a',
  'user:default/zed',
];
const PROVIDERS = ['minio', 'aws', 'ceph-rgw'];

type Seeded = {
  name: string;
  owner: string;
  provider: string;
  status: string | null;
};

/** 60 rows whose sort keys repeat, so ties (broken by name) cross page ends. */
async function seed(knex: Knex): Promise<Seeded[]> {
  const now = new Date();
  const rows = Array.from({ length: 60 }, (_, i) => {
    const status = STATUSES[i % STATUSES.length];
    return {
      id: randomUUID(),
      // not in any key's order, so a wrong ORDER BY shows
      name: `res-${String((i * 37) % 60).padStart(2, '0')}`,
      provider: PROVIDERS[i % PROVIDERS.length],
      bucket: `bucket-${i}`,
      region: 'us-east-1',
      endpoint_key: 'http://127.0.0.1:7480',
      prefix_key: '',
      owner: OWNERS[(i * 7) % OWNERS.length],
      system: null,
      title: null,
      settings: JSON.stringify({
        tags: [],
        endpoint: 'http://127.0.0.1:7480',
        forcePathStyle: true,
        defaultAcl: 'none',
        accessLevel: 'read',
        cors: { origins: [], uploadMode: 'download-only' },
      }),
      auth_method: 'access-key',
      auth: JSON.stringify({ method: 'access-key', accessKeyId: 'AKIDX' }),
      secret: null,
      secret_key_id: null,
      last_test_status: status,
      last_tested_at: status ? now : null,
      last_test_run_id: status ? `seed-run-${i}` : null,
      version: 1,
      created_at: now,
      created_by: 'user:default/seed',
      updated_at: now,
      updated_by: 'user:default/seed',
    };
  });
  await knex('s3_resources').insert(rows);
  return rows.map(r => ({
    name: r.name,
    owner: r.owner,
    provider: r.provider,
    status: r.last_test_status,
  }));
}

const TRIAGE = ['fail', 'warn', 'pass', 'skipped', null];

function expected(rows: Seeded[], sort: string, order: 'asc' | 'desc') {
  const key = (r: Seeded): string | number => {
    if (sort === 'lastTest') return TRIAGE.indexOf(r.status);
    if (sort === 'owner') return r.owner;
    if (sort === 'provider') return r.provider;
    return r.name;
  };
  const sorted = [...rows].sort((a, b) => {
    const [ka, kb] = [key(a), key(b)];
    if (ka !== kb) return ka < kb ? -1 : 1;
    return a.name < b.name ? -1 : 1;
  });
  return (order === 'asc' ? sorted : sorted.reverse()).map(r => r.name);
}

describe('the resource list sorted on the server', () => {
  const databases = createTestDatabases();

  describe.each(databases.eachSupportedId())('on %p', databaseId => {
    let server: Parameters<typeof request>[0];
    let rows: Seeded[];

    beforeAll(async () => {
      const knex = await databases.init(databaseId);
      ({ server } = await startPluginBackend({ knex }));
      rows = await seed(knex);
    });

    async function walk(query: Record<string, string>, limit: number) {
      const names: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const page: request.Response = await request(server)
          .get('/api/s3-resources/resources')
          .query({ ...query, limit, ...(cursor ? { cursor } : {}) })
          .set(asUser());
        expect(page.status).toBe(200);
        names.push(...page.body.items.map((r: { name: string }) => r.name));
        cursor = page.body.nextCursor;
        pages++;
      } while (cursor && pages < 100);
      return { names, pages };
    }

    it.each([
      ['lastTest', 'asc'],
      ['lastTest', 'desc'],
      ['owner', 'asc'],
      ['owner', 'desc'],
      ['provider', 'asc'],
      ['provider', 'desc'],
      ['name', 'desc'],
    ] as const)(
      'pages by %s %s across pages, each row once',
      async (sort, order) => {
        const { names, pages } = await walk({ sort, order }, 7);
        expect(pages).toBe(Math.ceil(60 / 7));
        expect(names).toEqual(expected(rows, sort, order));
      },
    );

    it('puts failing first, then warnings, passing, skipped and never tested', async () => {
      const { names } = await walk({ sort: 'lastTest' }, 500);
      const status = new Map(rows.map(r => [r.name, r.status]));
      const seen = names.map(n => status.get(n));
      expect([...new Set(seen)]).toEqual([
        'fail',
        'warn',
        'pass',
        'skipped',
        null,
      ]);
    });

    it('keeps filters while sorting', async () => {
      const { names } = await walk(
        { sort: 'provider', owner: 'group:default/team-a' },
        4,
      );
      expect(names).toEqual(
        expected(
          rows.filter(r => r.owner === 'group:default/team-a'),
          'provider',
          'asc',
        ),
      );
    });

    it('answers 400 naming the parameter for an unknown sort or a cursor of another sort', async () => {
      const bad = await request(server)
        .get('/api/s3-resources/resources')
        .query({ sort: 'size' })
        .set(asUser());
      expect(bad.status).toBe(400);
      expect(bad.body.error.message).toMatch(
        /^sort: must be name, lastTest, owner or provider/,
      );

      const first = await request(server)
        .get('/api/s3-resources/resources')
        .query({ sort: 'owner', limit: 5 })
        .set(asUser());
      const mixed = await request(server)
        .get('/api/s3-resources/resources')
        .query({ sort: 'provider', cursor: first.body.nextCursor })
        .set(asUser());
      expect([mixed.status, mixed.body.error.message]).toEqual([
        400,
        'cursor: belongs to a list sorted by owner, not provider; start again without a cursor',
      ]);
    });
  });
});
