import { createTestDatabases } from '@internal/s3-test-harness';
import { TestRun } from '@s3-resources/plugin-s3-resources-common';
import { Knex } from 'knex';
import { migrationsDir } from './migrations';
import { ResourceStore } from './ResourceStore';
import { MAX_RUNS_PER_RESOURCE, TestRunStore } from './TestRunStore';

jest.setTimeout(60_000);

async function withResource(knex: Knex, id: string) {
  const now = new Date('2026-11-28T00:00:00.000Z');
  await knex('s3_resources').insert({
    id,
    name: `r-${id.slice(0, 8)}`,
    provider: 'ceph-rgw',
    bucket: `b-${id.slice(0, 8)}`,
    region: 'us-east-1',
    owner: 'group:default/team-a',
    settings: '{}',
    auth_method: 'access-key',
    auth: '{}',
    version: 1,
    created_at: now,
    created_by: 'user:default/alice',
    updated_at: now,
    updated_by: 'user:default/alice',
  });
}

const run = (
  n: number,
  resourceId: string,
  status: TestRun['status'] = 'pass',
): TestRun & { resourceId: string } => ({
  id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
  resourceId,
  status,
  // two runs share each timestamp, so the id breaks ties
  startedAt: new Date(
    Date.UTC(2026, 10, 28, 0, 0, Math.floor(n / 2)),
  ).toISOString(),
  durationMs: n,
  steps: [
    {
      id: 'endpoint',
      title: 'Endpoint policy',
      status: 'pass',
      durationMs: 0,
      message: `run ${n}`,
    },
  ],
  initiatedBy: 'user:default/alice',
});

describe('TestRunStore', () => {
  const databases = createTestDatabases();

  describe.each(databases.eachSupportedId())('on %p', databaseId => {
    async function setup() {
      const knex = await databases.init(databaseId);
      await knex.migrate.latest({ directory: migrationsDir });
      return { knex, store: TestRunStore.create(knex) };
    }

    it('lists runs newest first with stable cursor paging', async () => {
      const { knex, store } = await setup();
      const rid = '11111111-1111-4111-8111-111111111111';
      await withResource(knex, rid);
      for (let n = 0; n < 7; n++) await store.record(run(n, rid));
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await store.list(rid, { limit: 3, cursor });
        seen.push(...page.items.map(r => r.steps[0].message));
        cursor = page.nextCursor;
      } while (cursor);
      expect(seen).toEqual([6, 5, 4, 3, 2, 1, 0].map(n => `run ${n}`));
      const first = await store.list(rid, { limit: 1 });
      expect(first.items[0]).toEqual(run(6, rid));
      await expect(
        store.list(rid, { limit: 1, cursor: 'not-a-cursor' }),
      ).rejects.toThrow(/cursor/);
    });

    it('keeps the newest run as the last test, whatever order runs end in', async () => {
      const { knex, store } = await setup();
      const rid = '22222222-2222-4222-8222-222222222222';
      await withResource(knex, rid);
      await store.record(run(4, rid, 'fail'));
      await store.record(run(2, rid, 'pass')); // started earlier, ended later
      expect(await ResourceStore.create(knex).get(rid)).toMatchObject({
        lastTestStatus: 'fail',
        lastTestRunId: run(4, rid).id,
        lastTestedAt: run(4, rid).startedAt,
        version: 1,
      });
    });

    it('keeps a run recorded while an edit was in flight: the edit writes back its changes, not the last test it read', async () => {
      const { knex, store } = await setup();
      const rid = '55555555-5555-4555-8555-555555555555';
      await withResource(knex, rid);
      const resources = ResourceStore.create(knex);
      const read = await resources.get(rid); // the edit reads ...
      await store.record(run(8, rid, 'warn')); // ... a test lands ...
      const updated = await resources.update({ ...read, title: 'Edited' }, 1); // ... the edit writes
      const expected = {
        title: 'Edited',
        version: 2,
        lastTestStatus: 'warn',
        lastTestRunId: run(8, rid).id,
        lastTestedAt: run(8, rid).startedAt,
      };
      expect(updated).toMatchObject(expected);
      expect(await resources.get(rid)).toMatchObject(expected);
    });

    it('keeps at most the newest runs per resource, and none for a deleted resource', async () => {
      const { knex, store } = await setup();
      const rid = '33333333-3333-4333-8333-333333333333';
      await withResource(knex, rid);
      for (let n = 0; n < MAX_RUNS_PER_RESOURCE + 3; n++) {
        await store.record(run(n, rid));
      }
      const [{ count }] = await knex('s3_resource_test_runs')
        .where({ resource_id: rid })
        .count({ count: '*' });
      expect(Number(count)).toBe(MAX_RUNS_PER_RESOURCE);
      const oldest = await store.list(rid, { limit: 1000 });
      expect(oldest.items[oldest.items.length - 1].steps[0].message).toBe(
        'run 3',
      );
      expect(
        await store.record(run(999, '44444444-4444-4444-8444-444444444444')),
      ).toBe(false);
    });
  });
});
