import { mockServices } from '@backstage/backend-test-utils';
import { createTestDatabases } from '@internal/s3-test-harness';
import {
  CreateResourceRequest,
  TestRun,
  applyCreateDefaults,
} from '@s3-resources/plugin-s3-resources-common';
import { Knex } from 'knex';
import { randomUUID } from 'node:crypto';
import { AuditStore } from '../database/AuditStore';
import { FindingStore } from '../database/FindingStore';
import { migrationsDir } from '../database/migrations';
import { ResourceRow, ResourceStore } from '../database/ResourceStore';
import { SweepBatchStore } from '../database/SweepBatchStore';
import { SweepRunStore } from '../database/SweepRunStore';
import { TestRunStore } from '../database/TestRunStore';
import { AwsAccountGrants } from './AwsAccountGrants';
import { AuditSweep } from './AuditSweep';
import { AuditTrail } from './AuditTrail';
import { settingsColumns } from './resourceView';
import { SweepWorker } from './SweepWorker';

jest.setTimeout(60_000);

/** Rows by name with when they were last tested (null: never); names sort differently. */
const ROWS: Array<[string, string | null]> = [
  ['a-recent', '2026-11-27T12:00:00.000Z'],
  ['b-never', null],
  ['c-oldest', '2026-01-01T00:00:00.000Z'],
  ['d-middle', '2026-06-01T00:00:00.000Z'],
  ['e-never', null],
  ['f-older', '2026-03-01T00:00:00.000Z'],
];
const OLDEST_TESTED_FIRST = [
  'b-never',
  'e-never',
  'c-oldest',
  'f-older',
  'd-middle',
  'a-recent',
];

/** The non-column settings of a resource registered with the defaults. */
function settingsOf(name: string) {
  const { auth: _auth, ...settings } = applyCreateDefaults(
    {
      name,
      owner: 'group:default/team-a',
      provider: 'ceph-rgw',
      bucket: `${name}-bucket`,
      endpoint: 'http://127.0.0.1:7480',
      auth: { method: 'access-key', accessKeyId: 'AKIAIOSFODNN7EXAMPLE' },
    } as CreateResourceRequest,
    'http://localhost:3000',
  );
  return settingsColumns(settings).settings;
}

async function insertRows(knex: Knex) {
  const at = new Date('2025-11-28T00:00:00.000Z');
  // ids in name order, so never-tested rows tie-break by id as by name
  await knex('s3_resources').insert(
    ROWS.map(([name, testedAt], i) => ({
      id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      name,
      provider: 'ceph-rgw',
      bucket: `${name}-bucket`,
      region: 'us-east-1',
      owner: 'group:default/team-a',
      settings: JSON.stringify(settingsOf(name)),
      auth_method: 'access-key',
      auth: '{}',
      last_tested_at: testedAt ? new Date(testedAt) : null,
      last_test_status: testedAt ? 'pass' : null,
      version: 1,
      created_at: at,
      created_by: 'user:default/alice',
      updated_at: at,
      updated_by: 'user:default/alice',
    })),
  );
}

describe('AuditSweep order', () => {
  const databases = createTestDatabases();

  describe.each(databases.eachSupportedId())('on %p', databaseId => {
    async function setup(
      options: {
        stopAfter?: number;
        cannotTest?: string;
        grants?: Record<string, string[]>;
        concurrency?: number;
        pageSize?: number;
        /** Storing this row's findings fails (the database went away). */
        failStoring?: string;
      } = {},
    ) {
      const knex = await databases.init(databaseId);
      await knex.migrate.latest({ directory: migrationsDir });
      await insertRows(knex);
      const runs = TestRunStore.create(knex);
      const visited: string[] = [];
      const inFlight = { now: 0, max: 0 };
      // With failStoring, the other rows' tests end only after it failed.
      let storingFailed = () => {};
      const failedToStore = new Promise<void>(resolve => {
        storingFailed = resolve;
      });
      let controller = new AbortController();
      // Records each test as the real one does: it becomes the last test.
      const tests = {
        testForSweep: async (row: ResourceRow, initiatedBy: string) => {
          visited.push(row.name);
          inFlight.max = Math.max(inFlight.max, ++inFlight.now);
          await new Promise(resolve => setTimeout(resolve, 5));
          if (options.failStoring && row.name !== options.failStoring) {
            await failedToStore;
          }
          inFlight.now--;
          if (row.name === options.cannotTest) {
            throw new Error('no secret to test with');
          }
          const run: TestRun = {
            id: randomUUID(),
            resourceId: row.id,
            status: 'pass',
            startedAt: new Date().toISOString(),
            durationMs: 1,
            steps: [],
            initiatedBy,
          };
          await runs.record({ ...run, resourceId: row.id });
          if (visited.length % (options.stopAfter ?? Infinity) === 0) {
            controller.abort(); // the task's timeout
          }
          return run;
        },
      };
      const sweeps = SweepRunStore.create(knex);
      const batches = SweepBatchStore.create(knex);
      const auth = mockServices.auth();
      const audit = AuditTrail.create({
        auditor: mockServices.auditor.mock({
          createEvent: async () => ({
            success: async () => {},
            fail: async () => {},
          }),
        }),
        store: AuditStore.create(knex),
        auth,
      });
      const logger = mockServices.logger.mock();
      const worker = SweepWorker.create({
        awsAccounts: AwsAccountGrants.create(options.grants ?? {}),
        store: ResourceStore.create(knex),
        findings: Object.assign(FindingStore.create(knex), {
          ...(options.failStoring
            ? {
                replaceForResource: async (id: string) => {
                  const row = await ResourceStore.create(knex).get(id);
                  if (row.name === options.failStoring) {
                    storingFailed();
                    throw new Error('connection lost');
                  }
                  return true;
                },
              }
            : {}),
        }),
        sweeps,
        batches,
        tests,
        auth,
        audit,
        logger,
        instanceId: 'test',
        concurrency: options.concurrency ?? 1,
        leaseMs: 60_000,
        resourceDeadlineMs: 10_000,
        maxAccessKeyAgeDays: 90,
      });
      const sweep = AuditSweep.create({
        store: ResourceStore.create(knex),
        sweeps,
        batches,
        worker,
        auth,
        audit,
        logger,
        instanceId: 'test',
        batchSize: options.pageSize ?? 2,
        pollMs: 50,
      });
      const run = async () => {
        controller = new AbortController();
        return sweep.run(controller.signal).catch(() => undefined);
      };
      return { knex, visited, inFlight, run };
    }

    it('visits never-tested rows first, then the least recently tested, each once', async () => {
      const { visited, run } = await setup();
      await run();
      expect(visited).toEqual(OLDEST_TESTED_FIRST);
    });

    it('goes on where the last sweep stopped when each is cut short by its timeout', async () => {
      const { visited, run } = await setup({ stopAfter: 2 });
      await run();
      await run();
      await run();
      // three sweeps that each reach two rows cover all six, oldest first
      expect(visited).toEqual(OLDEST_TESTED_FIRST);
      // then the rows the first sweep tested are the oldest again
      await run();
      expect(visited.slice(6)).toEqual(OLDEST_TESTED_FIRST.slice(0, 2));
    });

    it('tests at most `concurrency` rows at a time', async () => {
      const { visited, inFlight, run } = await setup({
        concurrency: 2,
        pageSize: 6,
      });
      await run();
      expect([...visited].sort()).toEqual([...OLDEST_TESTED_FIRST].sort());
      expect(inFlight.max).toBe(2);
    });

    it('starts no more tests once storing the findings of a row failed', async () => {
      const { knex, visited, run } = await setup({
        concurrency: 2,
        pageSize: 6,
        failStoring: 'b-never',
      });
      await run();
      // the two in flight when it failed, and none after
      expect(visited).toEqual(['b-never', 'e-never']);
      const [sweep] = await knex('s3_audit_sweeps').select('outcome');
      expect(sweep.outcome).toBe('failure');
    });

    it('visits each row once, also one whose test could not run (its last test stays old)', async () => {
      const { visited, run } = await setup({ cannotTest: 'c-oldest' });
      await run();
      expect(visited).toEqual(OLDEST_TESTED_FIRST);
    });

    it('reports a row whose owner may not use its AWS account instead of testing it', async () => {
      const { knex, visited, run } = await setup({
        grants: { '111111111111': ['group:default/platform-team'] },
      });
      const useAccount = (name: string, accountId: string) =>
        knex('s3_resources')
          .where({ name })
          .update({
            auth_method: 'aws-account',
            auth: JSON.stringify({ method: 'aws-account', accountId }),
          });
      await useAccount('b-never', '111111111111'); // team-a is not listed
      await useAccount('c-oldest', '222222222222'); // no one is
      await run();
      expect(visited).toEqual(
        OLDEST_TESTED_FIRST.filter(n => n !== 'b-never' && n !== 'c-oldest'),
      );
      const found = await knex('s3_resource_findings as f')
        .join('s3_resources as r', 'r.id', 'f.resource_id')
        .where('f.kind', 'aws-account-not-allowed')
        .orderBy('r.name')
        .select('r.name', 'f.severity', 'f.message');
      expect(found).toEqual([
        {
          name: 'b-never',
          severity: 'high',
          message: expect.stringContaining(
            'AWS account 111111111111, which its owner group:default/team-a may not use',
          ),
        },
        {
          name: 'c-oldest',
          severity: 'high',
          message: expect.stringContaining('AWS account 222222222222'),
        },
      ]);
    });
  });
});
