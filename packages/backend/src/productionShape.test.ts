import {
  ThrowawayRedis,
  freePort,
  postgresDatabases,
  startThrowawayRedis,
} from '@internal/s3-test-harness';
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/*
 * The portal backend (packages/backend/src/index.ts) as production runs it:
 * NODE_ENV=production, app-config.yaml + app-config.production.yaml with
 * every secret from the environment, on PostgreSQL and Redis. Only where it
 * listens and its database prefix are added, and the guest sign-in allowed
 * for the test's calls. It starts without a warning of its own, its events bus is in
 * PostgreSQL, and its per-user limits count in Redis.
 */

jest.setTimeout(240_000);

const ROOT = path.resolve(__dirname, '../../..');
const dbs = postgresDatabases('prod');
let redis: ThrowawayRedis;
let child: ChildProcess | undefined;
let base = '';
let dir = '';
const lines: Array<{ level?: string; message?: string }> = [];

beforeAll(async () => {
  redis = await startThrowawayRedis();
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 's3r-prod-'));
  const override = path.join(dir, 'app-config.test.yaml');
  fs.writeFileSync(
    override,
    JSON.stringify({
      backend: {
        listen: `127.0.0.1:${port}`,
        database: { prefix: dbs.prefix },
      },
      auth: {
        providers: { guest: { dangerouslyAllowOutsideDevelopment: true } },
      },
    }),
  );
  const db = new URL(
    process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING!,
  );
  child = spawn(
    process.execPath,
    [
      '--require',
      require.resolve('@backstage/cli/config/nodeTransform.cjs'),
      path.join(ROOT, 'packages/backend/src/index.ts'),
      ...['app-config.yaml', 'app-config.production.yaml'].flatMap(f => [
        '--config',
        path.join(ROOT, f),
      ]),
      '--config',
      override,
    ],
    {
      cwd: path.join(ROOT, 'packages/backend'),
      env: {
        ...process.env,
        NODE_ENV: 'production',
        FORCE_COLOR: '0',
        APP_BASE_URL: 'http://127.0.0.1:3000',
        BACKEND_BASE_URL: base,
        POSTGRES_HOST: db.hostname,
        POSTGRES_PORT: db.port || '5432',
        POSTGRES_USER: db.username || 'postgres',
        POSTGRES_PASSWORD: db.password,
        REDIS_URL: redis.url,
        S3_RESOURCES_KEY_ID: 'production-shape',
        S3_RESOURCES_KEY: randomBytes(32).toString('base64'),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let partial = '';
  const collect = (chunk: Buffer) => {
    partial += chunk.toString();
    const complete = partial.split('\n');
    partial = complete.pop()!;
    for (const line of complete) {
      try {
        lines.push(JSON.parse(line));
      } catch {
        lines.push({ level: 'stdout', message: line });
      }
    }
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  const deadline = Date.now() + 200_000;
  for (;;) {
    if (child.exitCode !== null) {
      throw new Error(
        `the backend exited (${child.exitCode}): ${JSON.stringify(
          lines.slice(-5),
        )}`,
      );
    }
    const ready = await fetch(`${base}/.backstage/health/v1/readiness`)
      .then(r => r.status === 200)
      .catch(() => false);
    if (ready) break;
    if (Date.now() > deadline) throw new Error('the backend never got ready');
    await new Promise(r => setTimeout(r, 500));
  }
});

afterAll(async () => {
  if (child && child.exitCode === null) {
    const exited = new Promise(r => child!.once('exit', r));
    child.kill('SIGKILL');
    await exited;
  }
  await dbs.drop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

it('starts without a warning of its own', () => {
  const warnings = lines.filter(
    l =>
      (l.level === 'warn' || l.level === 'error') &&
      // the test's addresses are 127.0.0.1: right here, wrong in production
      !/is set to a localhost URL/.test(l.message ?? '') &&
      // the suite builds the app only for its end-to-end tests, after this
      !(
        !fs.existsSync(path.join(ROOT, 'packages/app/dist')) &&
        /^Can't serve static app content from .*, directory doesn't exist$/.test(
          l.message ?? '',
        )
      ),
  );
  expect(warnings).toEqual([]);
  expect(JSON.stringify(lines)).not.toMatch(/events backend not found/);
});

it('keeps its events bus in PostgreSQL, with the catalog module subscribed', async () => {
  const events = dbs.connect('events');
  try {
    const subscriptions = await events('event_bus_subscriptions').select('id');
    expect(subscriptions.map(s => s.id)).toContain(
      'catalog.s3-resources:changes',
    );
  } finally {
    await events.destroy();
  }
});

it('counts the per-user limits in Redis', async () => {
  const signIn = await fetch(`${base}/api/auth/guest/refresh?env=development`, {
    headers: { 'x-requested-with': 'XMLHttpRequest' },
  });
  expect(signIn.status).toBe(200);
  const token = (await signIn.json()).backstageIdentity.token;
  const res = await fetch(`${base}/api/s3-resources/test`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
    },
    body: JSON.stringify({
      name: 'production-shape',
      owner: 'group:default/team-a',
      provider: 'ceph-rgw',
      bucket: 'production-shape-bucket',
      endpoint: 'http://127.0.0.1:9',
      auth: {
        method: 'access-key',
        accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
        secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
      },
    }),
  });
  // the endpoint is not allowed: the test is refused after it was counted
  expect(res.status).toBe(200);
  const keys = execFileSync(
    'redis-cli',
    ['-p', String(redis.port), '--scan', '--pattern', '*'],
    { encoding: 'utf8' },
  )
    .split('\n')
    .filter(Boolean);
  // <namespace>:<plugin>:<base64 of the limiter's key>
  const limits = keys
    .filter(k => k.startsWith('s3-resources-portal:s3-resources:'))
    .map(k => Buffer.from(k.split(':').pop()!, 'base64').toString());
  expect(limits).toEqual([
    expect.stringMatching(
      /^rate-limit:s3Resources\.connectionTest\.rateLimit:user:default\/guest:\d+$/,
    ),
  ]);
});
