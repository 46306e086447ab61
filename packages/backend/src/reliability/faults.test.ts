import { mockServices } from '@backstage/backend-test-utils';
import { STEP_IDS } from '@s3-resources/plugin-s3-resources-common';
import {
  TestBucket,
  createTestBucket,
  createTestDatabases,
  getTestS3,
  requireEnforcingServer,
} from '@internal/s3-test-harness';
import knexFactory from 'knex';
import { ChildProcess, spawn } from 'node:child_process';
import {
  PortalBackend,
  startPortalBackend,
  allowLocalEndpoint,
} from '../__testUtils__/portalBackend';
import { startThrowawayPostgres } from './__testUtils__/throwawayPostgres';

/** The operator's AWS account the resources of this test sign in with. */
const TEAM_A_ACCOUNT = { accountId: '123456789012', allow: ['team-a'] };

jest.setTimeout(180_000);

const API = '/api/s3-resources';
const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

/**
 * A plain TCP forwarder to the S3 server in a process of its own, holding
 * every answer back `delayMs`; prints its port, then "connection" for each
 * connection it accepts. Killing it is the S3 server dying mid-test.
 */
const FORWARDER = `
const net = require('net');
const [host, port] = process.env.TARGET.split(':');
const delay = Number(process.env.DELAY_MS);
const server = net.createServer(client => {
  process.stdout.write('connection\\n');
  const upstream = net.connect({ host, port: Number(port) });
  client.on('data', c => upstream.write(c));
  upstream.on('data', c => setTimeout(() => client.write(c), delay));
  client.on('error', () => upstream.destroy());
  upstream.on('error', () => client.destroy());
  client.on('close', () => upstream.destroy());
});
server.listen(0, '127.0.0.1', () => process.stdout.write('port ' + server.address().port + '\\n'));
`;

function startForwarder(
  target: string,
  delayMs: number,
): Promise<{ child: ChildProcess; port: number; connected: Promise<void> }> {
  const child = spawn(process.execPath, ['-e', FORWARDER], {
    env: { ...process.env, TARGET: target, DELAY_MS: String(delayMs) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let onConnection: () => void = () => {};
  const connected = new Promise<void>(r => (onConnection = r));
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n')) {
        const port = /^port (\d+)/.exec(line)?.[1];
        if (port) resolve({ child, port: Number(port), connected });
        if (line === 'connection') onConnection();
      }
    });
    child.on('exit', code => reject(new Error(`forwarder exited: ${code}`)));
  });
}

/** A resource's fields that only an edit may change (not its test status). */
const settingsOf = ({ status: _status, ...rest }: Record<string, unknown>) =>
  rest;

describe('faults', () => {
  const databases = createTestDatabases();
  const cleanups: Array<() => Promise<unknown> | unknown> = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  it('S3 server killed during a test: the first step to meet it fails naming the refused/reset connection, and nothing is stored half-way', async () => {
    const s3 = requireEnforcingServer('the S3 fault test');
    const rgw = new URL(s3.endpoint);
    const bucket: TestBucket = await createTestBucket('fault');
    cleanups.push(() => bucket.cleanup());
    const forwarder = await startForwarder(rgw.host, 400);
    cleanups.push(() => forwarder.child.kill('SIGKILL'));
    const knex = await databases.init('POSTGRES_15');
    const portal = await startPortalBackend({
      database: mockServices.database.factory({ knex }),
      s3Resources: allowLocalEndpoint(`http://127.0.0.1:${forwarder.port}`),
    });
    cleanups.push(() => portal.stop());

    const created = await portal.call('alice', 'POST', `${API}/resources`, {
      name: 'fault-s3-killed',
      owner: 'group:default/team-a',
      provider: 'ceph-rgw',
      endpoint: `http://127.0.0.1:${forwarder.port}`,
      bucket: bucket.bucket,
      auth: { method: 'access-key', ...s3.users.tester },
    });
    expect(created.status).toBe(201);
    const id = created.json.id;
    const before = await portal.call('alice', 'GET', `${API}/resources/${id}`);

    // the test's calls reach the server, which dies before answering
    const testing = portal.call(
      'alice',
      'POST',
      `${API}/resources/${id}/test`,
      undefined,
      { accept: 'application/x-ndjson' },
    );
    await forwarder.connected;
    await sleep(100);
    forwarder.child.kill('SIGKILL');
    const res = await testing;

    expect(res.status).toBe(200);
    const lines = res.text
      .trim()
      .split('\n')
      .map(l => JSON.parse(l));
    const run = lines[lines.length - 1].run;
    expect(lines[lines.length - 1].type).toBe('run');
    // every step streamed once and ended with a verdict
    expect(lines.filter(l => l.type === 'step')).toHaveLength(STEP_IDS.length);
    expect(run.steps).toHaveLength(STEP_IDS.length);
    expect(run.status).toBe('fail');
    // the first step that met the dead server fails naming the connection;
    // a step that met it too is skipped, naming that step
    const named = new RegExp(
      `(refused|reset|closed|timed out|Timeout).*127\\.0\\.0\\.1:${forwarder.port}|127\\.0\\.0\\.1:${forwarder.port}.*(refused|reset|closed|timed out|Timeout)`,
      'i',
    );
    const failed = run.steps.filter((s: any) => s.status === 'fail');
    expect(failed.length).toBeGreaterThan(0);
    for (const step of failed) expect(step.message).toMatch(named);
    const pointing = run.steps.filter((s: any) =>
      /^Not run: the endpoint /.test(s.message),
    );
    for (const step of pointing) {
      const seeing = /\(see (.+)\)$/.exec(step.message)?.[1];
      expect(failed.map((s: any) => s.title)).toContain(seeing);
    }
    const bucketStep = run.steps.find((s: any) => s.id === 'bucket');
    expect([...failed, ...pointing]).toContain(bucketStep);

    // eslint-disable-next-line no-console
    console.log(
      `S3 server killed mid-test: ${failed
        .map((s: any) => `${s.id} "${s.message}"`)
        .join(', ')}; bucket step ${bucketStep.status}`,
    );

    const after = await portal.call('alice', 'GET', `${API}/resources/${id}`);
    expect(settingsOf(after.json)).toEqual(settingsOf(before.json));
    expect(after.json.version).toBe(1);
    expect(after.json.status.lastTest).toEqual({
      status: 'fail',
      runId: run.id,
      at: run.startedAt,
    });
    const history = await portal.call(
      'alice',
      'GET',
      `${API}/resources/${id}/tests`,
    );
    // one run, stored whole: exactly what the caller was told
    expect(history.json.items).toEqual([{ ...run, resourceId: id }]);
  });

  it('PostgreSQL restarted during requests: they fail cleanly with an error body, and the backend recovers without a restart', async () => {
    const pg = await startThrowawayPostgres();
    cleanups.push(() => pg.destroy());
    // the backend's own knex pool on that server (destroyed by this test)
    const knexWarnings: string[] = [];
    const db = knexFactory({
      client: 'pg',
      connection: pg.connection,
      // knex warns on every failed acquire while the server is down; keep them out of the CI log
      log: { warn: (m: string) => knexWarnings.push(m) },
    });
    cleanups.push(() => db.destroy());
    const portal = await startPortalBackend({
      database: mockServices.database.factory({ knex: db }),
      s3Resources: { awsAccounts: [TEAM_A_ACCOUNT] },
    });
    cleanups.push(() => portal.stop());
    const body = (name: string) => ({
      name,
      owner: 'group:default/team-a',
      provider: 'aws',
      region: 'eu-west-1',
      bucket: `s3r-${name}`,
      auth: { method: 'aws-account', accountId: '123456789012' },
    });
    const first = await portal.call(
      'alice',
      'POST',
      `${API}/resources`,
      body('pg-restart-0'),
    );
    expect(first.status).toBe(201);

    type Outcome = { at: number; kind: string; status: number; json: any };
    const outcomes: Outcome[] = [];
    let stop = false;
    let n = 0;
    const loop = async (kind: 'list' | 'get' | 'create') => {
      while (!stop) {
        const name = `pg-restart-${++n}`;
        const requests = {
          list: () => portal.call('alice', 'GET', `${API}/resources`),
          get: () =>
            portal.call('alice', 'GET', `${API}/resources/${first.json.id}`),
          create: () =>
            portal.call('alice', 'POST', `${API}/resources`, body(name)),
        };
        const res = await requests[kind]().catch(error => ({
          status: 0,
          json: { networkError: String(error) },
        }));
        outcomes.push({
          at: Date.now(),
          kind: kind === 'create' ? `create ${name}` : kind,
          status: res.status,
          json: res.json,
        });
        await sleep(kind === 'create' ? 100 : 25);
      }
    };
    const loops = [loop('list'), loop('get'), loop('create')];
    await sleep(1_000);
    const down = Date.now();
    await pg.restart(1_500);
    const up = Date.now();
    // recovered: keep going until 40 answers in a row succeed, at most 30 s
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      const recent = outcomes.filter(o => o.at > up).slice(-40);
      if (recent.length === 40 && recent.every(o => o.status < 300)) break;
      await sleep(100);
    }
    stop = true;
    await Promise.all(loops);

    // every request got an HTTP answer: the backend never went away
    expect(outcomes.filter(o => o.status === 0)).toEqual([]);
    const failed = outcomes.filter(o => o.status >= 300);
    // the restart was seen ...
    expect(failed.length).toBeGreaterThan(0);
    // ... as server errors with an error body, only around the restart
    for (const f of failed) {
      expect([500, 503]).toContain(f.status);
      expect(typeof f.json?.error?.message).toBe('string');
      expect(f.at).toBeGreaterThanOrEqual(down);
    }
    const recent = outcomes.slice(-40);
    expect(recent.map(o => o.status).filter(s => s >= 300)).toEqual([]);
    // creates that failed left nothing behind; those that succeeded are there
    for (const o of outcomes.filter(x => x.kind.startsWith('create '))) {
      const name = o.kind.slice('create '.length);
      const found = await portal.call(
        'alice',
        'GET',
        `${API}/resources/by-name/${name}`,
      );
      expect([name, o.status, found.status]).toEqual([
        name,
        o.status,
        o.status === 201 ? 200 : 404,
      ]);
    }
    // eslint-disable-next-line no-console
    console.log(
      `PostgreSQL down for ${up - down} ms: ${failed.length} of ${
        outcomes.length
      } requests failed (${[...new Set(failed.map(f => f.status))].join(
        ', ',
      )}; knex warned ${knexWarnings.length} times), then ${
        recent.length
      } in a row succeeded`,
    );
  });

  it('a connection test racing an update of the same resource loses neither the edit nor the test result (PostgreSQL)', async () => {
    const s3 = requireEnforcingServer('the race test');
    const rgw = new URL(getTestS3().endpoint);
    const bucket: TestBucket = await createTestBucket('race');
    cleanups.push(() => bucket.cleanup());
    const knex = await databases.init('POSTGRES_15');
    const portal: PortalBackend = await startPortalBackend({
      database: mockServices.database.factory({ knex }),
      s3Resources: allowLocalEndpoint(rgw.href),
    });
    cleanups.push(() => portal.stop());
    // The lock and the probe on connections of their own, outside the pool the backend uses
    const side = knexFactory({
      client: 'pg',
      connection: knex.client.config.connection,
      pool: { min: 0, max: 2 },
    });
    cleanups.push(() => side.destroy());
    const lockWaiters = async () => {
      const { rows } = await side.raw(
        `select count(*)::int as n from pg_stat_activity
          where datname = current_database() and wait_event_type = 'Lock'`,
      );
      return rows[0].n as number;
    };
    const waitForWaiters = async (n: number) => {
      for (let i = 0; i < 300 && (await lockWaiters()) < n; i++) {
        await sleep(20);
      }
      expect(await lockWaiters()).toBe(n);
    };

    for (const order of ['test first', 'update first'] as const) {
      const created = await portal.call('alice', 'POST', `${API}/resources`, {
        name: `race-${order.replace(' ', '-')}`,
        owner: 'group:default/team-a',
        provider: 'ceph-rgw',
        endpoint: s3.endpoint,
        bucket: bucket.bucket,
        prefix: `${order.replace(' ', '-')}/`,
        auth: { method: 'access-key', ...s3.users.tester },
      });
      expect(created.status).toBe(201);
      const id = created.json.id;
      // Hold the row against updates (not against the run's foreign key) so
      // both writers queue behind it in a known order; the update has read
      // the row before either write lands.
      const tx = await side.transaction();
      await tx('s3_resources').where({ id }).forNoKeyUpdate().first();
      const title = `Edited while testing (${order})`;
      const test = () =>
        portal.call('alice', 'POST', `${API}/resources/${id}/test`);
      const update = () =>
        portal.call('alice', 'PATCH', `${API}/resources/${id}`, {
          version: 1,
          title,
        });
      let testing;
      let updating;
      if (order === 'test first') {
        testing = test();
        await waitForWaiters(1);
        updating = update();
        await waitForWaiters(2);
      } else {
        updating = update();
        await waitForWaiters(1);
        testing = test();
        await waitForWaiters(2);
      }
      await tx.commit();
      const [tested, updated] = await Promise.all([testing, updating]);
      expect([tested.status, updated.status]).toEqual([200, 200]);

      const after = await portal.call('alice', 'GET', `${API}/resources/${id}`);
      expect({
        title: after.json.title,
        version: after.json.version,
        lastTest: after.json.status.lastTest,
      }).toEqual({
        title,
        version: 2,
        lastTest: {
          status: tested.json.status,
          runId: tested.json.id,
          at: tested.json.startedAt,
        },
      });
      const history = await portal.call(
        'alice',
        'GET',
        `${API}/resources/${id}/tests`,
      );
      expect(history.json.items.map((r: any) => r.id)).toEqual([
        tested.json.id,
      ]);
    }
  });
});
