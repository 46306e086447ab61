// Over 400 lines: the instances' process harness and its scenarios belong together.
import {
  POSTGRES_ENV,
  TestBucket,
  createTestBucket,
  getTestS3,
  requireEnforcingServer,
} from '@internal/s3-test-harness';
import { parseCreateResourceRequest } from '@s3-resources/plugin-s3-resources-common';
import knexFactory, { Knex } from 'knex';
import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { SecretBox } from '../crypto/SecretBox';
import { migrationsDir } from '../database/migrations';
import { ResourceRow, ResourceStore } from '../database/ResourceStore';
import { settingsColumns } from '../service/resourceView';
import { LOCAL_TEST_ENDPOINTS, TEST_KEYS } from '../__testUtils__/testBackend';

/*
 * Two real backend processes (the plugin and the real scheduler of
 * @backstage/backend-defaults) on one PostgreSQL database: the global sweep
 * runs once per interval across both, and when the instance running a sweep
 * is killed, the other one runs the next sweep once the dead one's lease is
 * released (task timeout, then the scheduler's janitor, which runs once a
 * minute on each instance).
 */

const INTERVAL_S = 3;
const TIMEOUT_S = 15;
const BULK = 400;

// About S + 65 s, where S is how long a backend takes to start (5-15 s
// here when idle, 30 s and more under a full parallel test run): the
// survivor's janitor releases the dead instance's lease about a minute
// after the survivor started.
jest.setTimeout(240_000);

const connectionString = process.env[POSTGRES_ENV];

type Instance = {
  name: 'A' | 'B';
  port: number;
  child: ChildProcess;
  log: Array<{ at: number; line: string }>;
  exited?: number | string;
};

type SweepRow = {
  id: string;
  started_at: string;
  finished_at: string | null;
  instance_id: string;
  resources_checked: number;
  outcome: string;
};

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as net.AddressInfo;
  await new Promise(r => server.close(r));
  return port;
}

function getStatus(port: number, urlPath: string): Promise<number> {
  return new Promise(resolve => {
    const req = http.get(
      { host: '127.0.0.1', port, path: urlPath, timeout: 1000 },
      res => {
        res.resume();
        resolve(res.statusCode ?? 0);
      },
    );
    req.on('error', () => resolve(0));
    req.on('timeout', () => {
      req.destroy();
      resolve(0);
    });
  });
}

async function waitFor<T>(
  what: string,
  fn: () => Promise<T | undefined>,
  timeoutMs: number,
  everyMs = 100,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (value !== undefined) return value;
    if (Date.now() > deadline) {
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    }
    await sleep(everyMs);
  }
}

describe('audit sweep on two backend instances', () => {
  const instances: Instance[] = [];
  const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 's3r-multi-'));
  const database = `s3r_multi_${randomBytes(4).toString('hex')}`;
  let admin: Knex | undefined;
  let db: Knex | undefined;
  let bucket: TestBucket | undefined;

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
  });

  afterAll(async () => {
    for (const instance of instances) {
      if (instance.exited === undefined) instance.child.kill('SIGKILL');
    }
    await Promise.all(
      instances.map(i =>
        i.exited === undefined
          ? new Promise(r => i.child.once('exit', r))
          : undefined,
      ),
    );
    await db?.destroy();
    await admin?.raw(`drop database if exists ${database} with (force)`);
    await admin?.destroy();
    await bucket?.cleanup();
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
        endpoints: { allow: [LOCAL_TEST_ENDPOINTS] },
        audit: {
          concurrency: 1,
          schedule: {
            frequency: { seconds: INTERVAL_S },
            timeout: { seconds: TIMEOUT_S },
          },
        },
      },
    };
  }

  /**
   * Starts a backend process running src/__testUtils__/sweepInstance.ts,
   * TypeScript as is; with a gate file it loads at once but starts when the
   * file exists. Resolves when the plugin answers.
   */
  async function startInstance(
    name: 'A' | 'B',
    gate?: string,
  ): Promise<Instance> {
    const port = await freePort();
    const configPath = path.join(tempDir, `${name}.json`);
    fs.writeFileSync(configPath, JSON.stringify(configFor(port)));
    const child = spawn(
      process.execPath,
      [
        '--require',
        require.resolve('@backstage/cli/config/nodeTransform.cjs'),
        path.resolve(__dirname, '../__testUtils__/sweepInstance.ts'),
        '--config',
        configPath,
      ],
      {
        cwd: path.resolve(__dirname, '../..'),
        env: {
          ...process.env,
          NODE_ENV: 'development',
          FORCE_COLOR: '0',
          ...(gate ? { S3R_SWEEP_INSTANCE_GATE: gate } : {}),
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const instance: Instance = { name, port, child, log: [] };
    instances.push(instance);
    const collect = (chunk: Buffer) => {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (line.trim()) instance.log.push({ at: Date.now(), line });
      }
    };
    child.stdout!.on('data', collect);
    child.stderr!.on('data', collect);
    child.on('exit', (code, signal) => {
      instance.exited = code ?? signal ?? 'exited';
    });
    while (gate && !fs.existsSync(gate) && instance.exited === undefined) {
      await sleep(50);
    }
    await waitFor(
      `instance ${name} on port ${port}`,
      async () => {
        if (instance.exited !== undefined) {
          throw new Error(
            `instance ${name} exited (${instance.exited}):\n${instance.log
              .slice(-30)
              .map(l => l.line)
              .join('\n')}`,
          );
        }
        return (await getStatus(port, '/.backstage/health/v1/readiness')) ===
          200
          ? true
          : undefined;
      },
      90_000,
      200,
    );
    return instance;
  }

  /** Registers resources straight in the store: real buckets, tester's real keys. */
  async function addResources(names: string[], prefix?: (i: number) => string) {
    const secrets = SecretBox.forTesting([
      { id: 'k1', secret: Buffer.from(TEST_KEYS.k1, 'base64') },
    ]);
    const store = ResourceStore.create(db!);
    const s3 = getTestS3();
    const now = new Date().toISOString();
    for (const [i, name] of names.entries()) {
      const { auth, ...settings } = parseCreateResourceRequest(
        {
          name,
          owner: 'group:default/team-a',
          provider: 'ceph-rgw',
          bucket: bucket!.bucket,
          endpoint: s3.endpoint,
          ...(prefix ? { prefix: prefix(i) } : {}),
          auth: {
            method: 'access-key',
            accessKeyId: s3.users.tester.accessKeyId,
            secretAccessKey: s3.users.tester.secretAccessKey,
          },
        },
        'http://localhost:3000',
      );
      const id = randomUUID();
      const row: ResourceRow = {
        id,
        ...settingsColumns(settings),
        authMethod: 'access-key',
        auth: {
          method: 'access-key',
          accessKeyId: s3.users.tester.accessKeyId,
        },
        secret: secrets.encrypt(
          JSON.stringify({
            secretAccessKey: (auth as { secretAccessKey: string })
              .secretAccessKey,
          }),
          id,
        ),
        secretChangedAt: now,
        lastTestStatus: null,
        lastTestedAt: null,
        lastTestRunId: null,
        version: 1,
        createdAt: now,
        createdBy: 'user:default/test',
        updatedAt: now,
        updatedBy: 'user:default/test',
      };
      await store.insert(row);
    }
  }

  const sweeps = async (): Promise<SweepRow[]> =>
    db!('s3_audit_sweeps').orderBy('started_at', 'asc');
  const pidOf = (instanceId: string) => Number(instanceId.split(':')[1]);
  const nameOf = (instanceId: string) =>
    instances.find(i => i.child.pid === pidOf(instanceId))?.name ?? '?';

  it('runs the sweep once per interval across both, and the survivor takes over after a kill mid-sweep', async () => {
    const t0 = Date.now();
    await addResources(['mi-one', 'mi-two', 'mi-three'], i => `small-${i}/`);
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
    const table = perWindow.map(
      (runs, k) =>
        `window ${k} [+${k * INTERVAL_S}s, +${(k + 1) * INTERVAL_S}s): ${
          runs.length
        } run(s) ${runs
          .map(
            r =>
              `${nameOf(r.instance_id)}@+${(
                (new Date(r.started_at).getTime() - slot0) /
                1000
              ).toFixed(2)}s ${r.outcome} ${r.resources_checked}`,
          )
          .join(', ')}`,
    );
    const byInstance = (rows: SweepRow[]) =>
      rows.reduce<Record<string, number>>((acc, r) => {
        const n = nameOf(r.instance_id);
        acc[n] = (acc[n] ?? 0) + 1;
        return acc;
      }, {});
    // eslint-disable-next-line no-console
    console.log(
      `instances ready after ${
        ready - t0
      } ms; phase 1 (${windows} intervals of ${INTERVAL_S}s):\n${table.join(
        '\n',
      )}\nruns by instance over all of phase 1: ${JSON.stringify(
        byInstance(phase1),
      )}`,
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

    // Phase 2: a slow sweep (hundreds of real tests against Ceph RGW, one
    // at a time); kill its instance once it is well under way.
    const bulkAt = new Date().toISOString();
    await addResources(
      Array.from({ length: BULK }, (_, i) => `mi-bulk-${i}`),
      i => `bulk-${i}/`,
    );
    const slow = await waitFor(
      'a slow sweep to be under way',
      async () => {
        // running for 1.5 s: a sweep of 400 real tests is far from done
        const row: SweepRow | undefined = await db!('s3_audit_sweeps')
          .where('started_at', '>', bulkAt)
          .andWhere(
            'started_at',
            '<',
            new Date(Date.now() - 1500).toISOString(),
          )
          .andWhere({ outcome: 'running' })
          .first();
        return row;
      },
      30_000,
    );
    const victim = instances.find(
      i => i.child.pid === pidOf(slow.instance_id),
    )!;
    const survivor = instances.find(i => i !== victim)!;
    victim.child.kill('SIGKILL');
    const killedAt = Date.now();
    await waitFor(
      `instance ${victim.name} to exit`,
      async () => (victim.exited !== undefined ? true : undefined),
      5_000,
    );
    // How far it got: the tests it stored before it died.
    const testedBeforeKill = Number(
      (
        await db!('s3_resource_test_runs')
          .where('started_at', '>=', slow.started_at)
          .count({ n: '*' })
      )[0].n,
    );
    // Back to a short sweep for whoever runs next.
    await db!('s3_resources').where('name', 'like', 'mi-bulk-%').delete();

    const takeover = await waitFor(
      'the next sweep by the surviving instance',
      async () => {
        const row: SweepRow | undefined = await db!('s3_audit_sweeps')
          .where('started_at', '>', new Date(killedAt).toISOString())
          .whereNot({ outcome: 'running' })
          .first();
        return row;
      },
      100_000,
      250,
    );
    const takeoverMs = new Date(takeover.started_at).getTime() - killedAt;
    const leaseEnd = new Date(slow.started_at).getTime() + TIMEOUT_S * 1000;
    const killedRun: SweepRow = await db!('s3_audit_sweeps')
      .where({ id: slow.id })
      .first();
    const janitorLine = survivor.log.find(l =>
      l.line.includes('Task timed out and was lost: s3-resources:audit-sweep'),
    );
    // eslint-disable-next-line no-console
    console.log(
      `phase 2: ${BULK} more resources; sweep ${slow.id} by ${
        victim.name
      } had tested ${testedBeforeKill} of ${BULK + 3} resources when ${
        victim.name
      } was killed (SIGKILL) ${
        killedAt - new Date(slow.started_at).getTime()
      } ms after it started; its lease ended ${
        leaseEnd - killedAt
      } ms after the kill; ${survivor.name}'s janitor released it ${
        janitorLine
          ? `${janitorLine.at - killedAt} ms after the kill`
          : '(not logged)'
      }; ${
        survivor.name
      } started the next sweep ${takeoverMs} ms after the kill (${
        takeover.outcome
      }, ${takeover.resources_checked} resources); the killed run is now "${
        killedRun.outcome
      }"; total ${Date.now() - t0} ms`,
    );
    expect(victim.exited).toBe('SIGKILL');
    expect(nameOf(takeover.instance_id)).toBe(survivor.name);
    expect(takeover.outcome).toBe('success');
    expect(takeover.resources_checked).toBe(3);
    // nobody ran a sweep while the dead instance held the lease
    expect(new Date(takeover.started_at).getTime()).toBeGreaterThanOrEqual(
      leaseEnd - 50,
    );
    expect(killedRun).toMatchObject({
      outcome: 'abandoned',
      finished_at: null,
      instance_id: slow.instance_id,
    });
    expect(testedBeforeKill).toBeGreaterThan(0);
    expect(testedBeforeKill).toBeLessThan(BULK);
    expect(janitorLine).toBeDefined();
    // and the survivor goes on sweeping every interval
    const after = await waitFor(
      'one more sweep by the survivor',
      async () => {
        const row: SweepRow | undefined = await db!('s3_audit_sweeps')
          .where('started_at', '>', takeover.started_at)
          .whereNot({ outcome: 'running' })
          .first();
        return row;
      },
      (INTERVAL_S + 4) * 1000,
      200,
    );
    expect(nameOf(after.instance_id)).toBe(survivor.name);
  });
});
