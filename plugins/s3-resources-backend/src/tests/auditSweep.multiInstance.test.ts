import {
  LatencyProxy,
  POSTGRES_ENV,
  TestBucket,
  createTestBucket,
  getTestS3,
  requireEnforcingServer,
  startLatencyProxy,
} from '@internal/s3-test-harness';
import knexFactory, { Knex } from 'knex';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { migrationsDir } from '../database/migrations';
import {
  SweepProcess,
  sleep,
  startSweepProcess,
  stopSweepProcesses,
  waitFor,
} from '../__testUtils__/sweepProcesses';
import { insertSweepResources } from '../__testUtils__/sweepResources';
import { LOCAL_TEST_ENDPOINTS, TEST_KEYS } from '../__testUtils__/testBackend';

/*
 * Two real backend processes (the plugin and the real scheduler of
 * @backstage/backend-defaults) on one PostgreSQL database:
 *
 * 1. the global task starts one sweep per interval across both;
 * 2. a bigger sweep is shared: both instances claim its batches, each batch
 *    once (its lease renewed while a batch outlives it), each resource
 *    tested once;
 * 3. the instance that started a sweep is killed (SIGKILL) while it holds a
 *    batch: the other one takes that batch over once its lease ran out, and
 *    the sweep still finishes; nothing else is done twice.
 */

const INTERVAL_S = 3;
const TIMEOUT_S = 90;
const LEASE_S = 2;
const BATCH = 5;
const BULK = 40;
/** Bulk resources sit behind this latency, so a batch outlives its lease. */
const ONE_WAY_MS = 100;

// About S + 60 s, where S is how long a backend takes to start (5-15 s
// here when idle, 30 s and more under a full parallel test run).
jest.setTimeout(240_000);

const connectionString = process.env[POSTGRES_ENV];

type SweepRow = {
  id: string;
  started_at: string;
  finished_at: string | null;
  instance_id: string;
  resources_checked: number;
  outcome: string;
};

describe('audit sweep on two backend instances', () => {
  const instances: SweepProcess[] = [];
  const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 's3r-multi-'));
  const database = `s3r_multi_${randomBytes(4).toString('hex')}`;
  let admin: Knex | undefined;
  let db: Knex | undefined;
  let bucket: TestBucket | undefined;
  let proxy: LatencyProxy | undefined;

  beforeAll(async () => {
    if (!connectionString) {
      throw new Error(
        `${POSTGRES_ENV} is not set: the multi-instance test runs two backends on one PostgreSQL database. Run the suite with \`yarn test\`, or export ${POSTGRES_ENV}=postgresql://postgres@127.0.0.1:5432`,
      );
    }
    requireEnforcingServer('the multi-instance sweep test');
    admin = knexFactory({ client: 'pg', connection: connectionString });
    await admin.raw(`create database ${database}`);
    const url = new URL(connectionString);
    url.pathname = `/${database}`;
    db = knexFactory({ client: 'pg', connection: url.toString() });
    const [{ name }] = (await db.raw('select current_database() as name')).rows;
    if (name !== database) {
      throw new Error(
        `connected to ${name}, not the test database ${database}`,
      );
    }
    // The schema first, so the two instances never race to create it.
    await db.migrate.latest({ directory: migrationsDir });
    bucket = await createTestBucket('multi');
    const rgw = new URL(getTestS3().endpoint);
    proxy = await startLatencyProxy({
      target: { host: rgw.hostname, port: Number(rgw.port) },
      oneWayMs: ONE_WAY_MS,
    });
  });

  afterAll(async () => {
    await stopSweepProcesses(instances);
    await db?.destroy();
    await admin?.raw(`drop database if exists ${database} with (force)`);
    await admin?.destroy();
    await bucket?.cleanup();
    await proxy?.close();
    fs.rmSync(tempDir, { recursive: true, force: true });
  });

  function configFor(port: number) {
    return {
      app: { baseUrl: 'http://localhost:3000' },
      backend: {
        baseUrl: `http://127.0.0.1:${port}`,
        listen: { port, host: '127.0.0.1' },
        database: {
          client: 'pg',
          connection: connectionString,
          plugin: { 's3-resources': { connection: { database } } },
        },
      },
      events: { useEventBus: 'never' },
      s3Resources: {
        encryption: { keys: [{ id: 'k1', secret: TEST_KEYS.k1 }] },
        endpoints: {
          allow: [
            LOCAL_TEST_ENDPOINTS,
            { ...LOCAL_TEST_ENDPOINTS, ports: [proxy!.port] },
          ],
        },
        audit: {
          concurrency: 1,
          batchSize: BATCH,
          leaseSeconds: LEASE_S,
          pollSeconds: 1,
          schedule: {
            frequency: { seconds: INTERVAL_S },
            timeout: { seconds: TIMEOUT_S },
          },
        },
      },
    };
  }

  const startInstance = (name: 'A' | 'B', gate?: string) =>
    startSweepProcess({
      name,
      tempDir,
      gate,
      config: configFor,
      onSpawn: p => instances.push(p),
    });

  const addResources = (
    names: string[],
    prefix: (i: number) => string,
    endpoint?: string,
  ) =>
    insertSweepResources(db!, {
      names,
      prefix,
      endpoint,
      bucket: bucket!.bucket,
      key: { id: 'k1', secret: TEST_KEYS.k1 },
    });

  const sweeps = async (): Promise<SweepRow[]> =>
    db!('s3_audit_sweeps').orderBy('started_at', 'asc');
  const pidOf = (instanceId: string) => Number(instanceId.split(':')[1]);
  const nameOf = (instanceId: string) =>
    instances.find(i => i.child.pid === pidOf(instanceId))?.name ?? '?';

  type BatchRow = {
    seq: number;
    resource_ids: string;
    claimed_by: string | null;
    claims: number;
    done_at: Date | null;
  };
  const batchesOf = (sweepId: string): Promise<BatchRow[]> =>
    db!('s3_audit_sweep_batches').where({ sweep_id: sweepId }).orderBy('seq');
  /** How many times each resource was tested while a sweep ran. */
  async function testsDuring(run: SweepRow): Promise<Map<string, number>> {
    const rows: Array<{ resource_id: string; n: string }> = await db!(
      's3_resource_test_runs',
    )
      .where('started_at', '>=', run.started_at)
      .andWhere('started_at', '<=', run.finished_at!)
      .groupBy('resource_id')
      .select('resource_id', db!.raw('count(*) as n'));
    return new Map(rows.map(r => [r.resource_id, Number(r.n)]));
  }
  const finishedAfter = (at: Date | string) =>
    waitFor(
      `a sweep started after ${new Date(at).toISOString()} to finish`,
      async (): Promise<SweepRow | undefined> =>
        db!('s3_audit_sweeps')
          .where('started_at', '>', at)
          .whereNot({ outcome: 'running' })
          .orderBy('started_at')
          .first(),
      60_000,
      200,
    );

  it('runs one sweep per interval, shares a sweep between both, and finishes it when its starter dies holding a batch', async () => {
    const t0 = Date.now();
    const small = await addResources(
      ['mi-one', 'mi-two', 'mi-three'],
      i => `small-${i}/`,
    );
    // B loads while A starts, and starts itself once A has created the
    // scheduler's and auth's tables (two first starts would race on them).
    const gate = path.join(tempDir, 'a-is-up');
    const b = startInstance('B', gate);
    b.catch(() => undefined);
    await startInstance('A');
    fs.writeFileSync(gate, '');
    await b;
    const ready = Date.now();

    // Phase 1: short sweeps. Windows start at the global scheduler's next
    // slot (or, were the task not global, at the next run).
    const task = (await db!.schema.hasTable('backstage_backend_tasks__tasks'))
      ? await db!('backstage_backend_tasks__tasks')
          .where({ id: 's3-resources:audit-sweep' })
          .first('next_run_start_at')
      : undefined;
    const slot0 = task
      ? new Date(task.next_run_start_at).getTime()
      : await waitFor(
          'a run after both instances are up',
          async () => {
            const row: SweepRow | undefined = await db!('s3_audit_sweeps')
              .where('started_at', '>', new Date(ready).toISOString())
              .first();
            return row ? new Date(row.started_at).getTime() : undefined;
          },
          10_000,
        );
    const windows = 4;
    const phaseEnd = slot0 + (windows + 1) * INTERVAL_S * 1000 + 500;
    await sleep(Math.max(0, phaseEnd - Date.now()));
    const phase1 = await sweeps();
    const perWindow = Array.from({ length: windows }, (_, k) =>
      phase1.filter(r => {
        const at = new Date(r.started_at).getTime();
        return (
          at >= slot0 + k * INTERVAL_S * 1000 &&
          at < slot0 + (k + 1) * INTERVAL_S * 1000
        );
      }),
    );
    // eslint-disable-next-line no-console
    console.log(
      `instances ready after ${
        ready - t0
      } ms; phase 1 runs per ${INTERVAL_S}s window: ${perWindow
        .map(runs =>
          runs.map(r => `${nameOf(r.instance_id)} ${r.outcome}`).join(', '),
        )
        .join(' | ')}`,
    );
    expect(perWindow.map(runs => runs.length)).toEqual(Array(windows).fill(1));
    expect(perWindow.flat().map(r => r.outcome)).toEqual(
      Array(windows).fill('success'),
    );
    expect(perWindow.flat().every(r => r.resources_checked === 3)).toBe(true);
    // never two at once: each run starts after the previous one finished
    for (let i = 1; i < phase1.length; i++) {
      expect(new Date(phase1[i].started_at).getTime()).toBeGreaterThanOrEqual(
        new Date(phase1[i - 1].finished_at ?? 0).getTime(),
      );
    }

    // Phase 2: resources behind the latency proxy; a batch of them takes
    // longer than its lease, so only renewals keep it with its claimer.
    const bulk = await addResources(
      Array.from({ length: BULK }, (_, i) => `mi-bulk-${i}`),
      i => `bulk-${i}/`,
      proxy!.url,
    );
    const all = [...small, ...bulk];
    const shared = await finishedAfter(new Date());
    const sharedBatches = await batchesOf(shared.id);
    const sharedTests = await testsDuring(shared);
    const claimers = new Set(sharedBatches.map(r => nameOf(r.claimed_by!)));
    // eslint-disable-next-line no-console
    console.log(
      `phase 2: sweep of ${all.length} resources in ${
        sharedBatches.length
      } batches took ${
        new Date(shared.finished_at!).getTime() -
        new Date(shared.started_at).getTime()
      } ms; batches by instance: ${sharedBatches
        .map(r => `${r.seq}:${nameOf(r.claimed_by!)}x${r.claims}`)
        .join(' ')}`,
    );
    expect(shared).toMatchObject({
      outcome: 'success',
      resources_checked: all.length,
    });
    expect(sharedBatches.length).toBe(Math.ceil(all.length / BATCH));
    expect(sharedBatches.every(r => r.done_at && r.claims === 1)).toBe(true);
    expect([...claimers].sort()).toEqual(['A', 'B']);
    expect(
      sharedBatches.flatMap(r => JSON.parse(r.resource_ids)).sort(),
    ).toEqual([...all].sort());
    // every resource tested exactly once in that sweep
    expect([...sharedTests.keys()].sort()).toEqual([...all].sort());
    expect([...sharedTests.values()].every(n => n === 1)).toBe(true);
    // reconciled once, by the instance that closed the run
    const reconciled = () =>
      instances.flatMap(p =>
        p.log
          .filter(l =>
            l.line.includes(`Reconciliation after sweep ${shared.id}`),
          )
          .map(() => p.name),
      );
    await waitFor(
      `the reconciliation of sweep ${shared.id}`,
      async () => (reconciled().length ? true : undefined),
      30_000,
      100,
    );
    await sleep(1000);
    expect(reconciled()).toHaveLength(1);

    // Phase 3: kill the instance that started the next sweep while it
    // holds a batch, with other batches done and more to come.
    const next = await waitFor(
      "the next sweep's starter holding a batch",
      async () => {
        const run: SweepRow | undefined = await db!('s3_audit_sweeps')
          .where('started_at', '>', shared.started_at)
          .andWhere({ outcome: 'running' })
          .first();
        if (!run) return undefined;
        const rows = await batchesOf(run.id);
        const done = rows.filter(r => r.done_at).length;
        const held = rows.find(
          r => !r.done_at && r.claimed_by === run.instance_id,
        );
        return done >= 2 && held && done < rows.length - 2 ? run : undefined;
      },
      30_000,
      50,
    );
    const victim = instances.find(
      i => i.child.pid === pidOf(next.instance_id),
    )!;
    const survivor = instances.find(i => i !== victim)!;
    victim.child.kill('SIGKILL');
    const killedAt = Date.now();
    await waitFor(
      `instance ${victim.name} to exit`,
      async () => (victim.exited !== undefined ? true : undefined),
      5_000,
    );
    const atKill = await batchesOf(next.id);
    const lost = atKill.filter(
      r => !r.done_at && r.claimed_by === next.instance_id,
    );
    const doneByVictim = atKill.filter(
      r => r.done_at && r.claimed_by === next.instance_id,
    );
    const finished = await finishedAfter(shared.started_at);
    expect(finished.id).toBe(next.id);
    const after = await batchesOf(next.id);
    const tests = await testsDuring(finished);
    const twice = [...tests.entries()]
      .filter(([, n]) => n > 1)
      .map(([id]) => id)
      .sort();
    // eslint-disable-next-line no-console
    console.log(
      `phase 3: ${victim.name} started sweep ${
        next.id
      } and was killed holding batch ${lost.map(r => r.seq).join(',')} (${
        doneByVictim.length
      } of its batches done); ${survivor.name} finished the sweep ${
        new Date(finished.finished_at!).getTime() - killedAt
      } ms after the kill: ${finished.outcome}, ${
        finished.resources_checked
      } resources; tested twice: ${twice.length}; total ${Date.now() - t0} ms`,
    );
    expect(victim.exited).toBe('SIGKILL');
    expect(lost.length).toBe(1);
    expect(finished).toMatchObject({
      outcome: 'success',
      resources_checked: all.length,
      instance_id: next.instance_id,
    });
    // the lost batch, and only it, was claimed again, by the survivor
    const retaken = after.find(r => r.seq === lost[0].seq)!;
    expect(nameOf(retaken.claimed_by!)).toBe(survivor.name);
    expect(retaken.claims).toBe(2);
    expect(after.filter(r => r.claims !== 1).map(r => r.seq)).toEqual([
      lost[0].seq,
    ]);
    // the victim's done batches stay done by it
    for (const r of doneByVictim) {
      expect(after.find(a => a.seq === r.seq)?.claimed_by).toBe(
        next.instance_id,
      );
    }
    expect([...tests.keys()].sort()).toEqual([...all].sort());
    expect(
      twice.every(id => JSON.parse(lost[0].resource_ids).includes(id)),
    ).toBe(true);
  });
});
