// Starts the portal's backend (SQLite in memory, a free port on 127.0.0.1)
// and checks that the S3 resources plugins installed from the tarballs are
// mounted and answer; then stops it.
// Usage: node check-backend.mjs <portal dir> <log file>
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

const [portal, logFile] = process.argv.slice(2);
const STARTUP_TIMEOUT_MS = 180_000;

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

const port = await freePort();
const base = `http://127.0.0.1:${port}`;
const configFile = path.join(portal, 'app-config.packed-install.yaml');
// A fresh key each run: the backend starts as in production (NODE_ENV
// production), where the public development key is refused.
const key = crypto.randomBytes(32).toString('base64');
fs.writeFileSync(
  configFile,
  `app:
  baseUrl: ${base}
backend:
  baseUrl: ${base}
  listen:
    port: ${port}
    host: 127.0.0.1
  database:
    client: better-sqlite3
    connection: ':memory:'
auth:
  providers:
    guest:
      dangerouslyAllowOutsideDevelopment: true
permission:
  enabled: true
s3Resources:
  encryption:
    keys:
      - id: packed-install
        secret: ${key}
`,
);

const log = fs.openSync(logFile, 'w');
const backend = spawn(
  process.execPath,
  ['packages/backend/src/index.ts', '--config', configFile],
  {
    cwd: portal,
    env: { ...process.env, NODE_ENV: 'production', LOG_LEVEL: 'info' },
    stdio: ['ignore', log, log],
  },
);
let exited = null;
backend.on('exit', (code, signal) => {
  exited = { code, signal };
});

async function stop() {
  if (exited) return;
  backend.kill('SIGTERM');
  for (let i = 0; i < 100 && !exited; i++) await sleep(100);
  if (!exited) backend.kill('SIGKILL');
}

function tail(lines = 30) {
  return fs
    .readFileSync(logFile, 'utf8')
    .trimEnd()
    .split('\n')
    .slice(-lines)
    .map(l => `    ${l}`)
    .join('\n');
}

const results = [];
async function check(name, fn) {
  try {
    await fn();
    results.push({ name, ok: true });
    console.log(`  ok   ${name}`);
  } catch (error) {
    results.push({ name, ok: false });
    console.log(`  FAIL ${name}: ${error.message}`);
  }
}
function expect(ok, message) {
  if (!ok) throw new Error(message);
}

try {
  // Readiness: every plugin and module started.
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  let ready = false;
  while (!ready && !exited && Date.now() < deadline) {
    try {
      const res = await fetch(`${base}/.backstage/health/v1/readiness`);
      ready = res.status === 200;
    } catch {
      // not listening yet
    }
    if (!ready) await sleep(500);
  }
  await check('backend is ready (every plugin and module started)', () =>
    expect(
      ready,
      exited
        ? `backend exited (${JSON.stringify(exited)}):\n${tail()}`
        : `not ready after ${STARTUP_TIMEOUT_MS / 1000}s:\n${tail()}`,
    ),
  );
  if (!ready) throw new Error('backend did not start');

  await check(
    's3-resources API is mounted and refuses anonymous calls',
    async () => {
      const res = await fetch(`${base}/api/s3-resources/resources`);
      expect(
        res.status === 401,
        `GET /api/s3-resources/resources: ${res.status}`,
      );
    },
  );

  let token;
  await check('guest sign-in gives a user token', async () => {
    const res = await fetch(`${base}/api/auth/guest/refresh`, {
      headers: { 'x-requested-with': 'XMLHttpRequest' },
    });
    expect(res.status === 200, `guest refresh: ${res.status}`);
    token = (await res.json()).backstageIdentity?.token;
    expect(typeof token === 'string', 'no backstageIdentity.token');
  });
  const auth = { authorization: `Bearer ${token}` };

  await check('s3-resources API lists resources for a user', async () => {
    const res = await fetch(`${base}/api/s3-resources/resources`, {
      headers: auth,
    });
    const body = await res.text();
    expect(
      res.status === 200,
      `GET /api/s3-resources/resources: ${res.status} ${body}`,
    );
    expect(Array.isArray(JSON.parse(body).items), `no items in ${body}`);
  });

  await check('scaffolder module registered the s3 actions', async () => {
    const res = await fetch(`${base}/api/scaffolder/v2/actions`, {
      headers: auth,
    });
    expect(res.status === 200, `GET /api/scaffolder/v2/actions: ${res.status}`);
    const ids = (await res.json()).map(a => a.id);
    for (const id of [
      's3:policy:iam',
      's3:policy:cors',
      's3:connection:test',
      's3:resource:register',
    ]) {
      expect(ids.includes(id), `action ${id} missing`);
    }
  });

  await check('catalog module scheduled its entity provider', async () => {
    const res = await fetch(
      `${base}/api/catalog/.backstage/scheduler/v1/tasks`,
      {
        headers: auth,
      },
    );
    expect(res.status === 200, `catalog scheduler tasks: ${res.status}`);
    const ids = (await res.json()).tasks.map(t => t.taskId);
    expect(
      ids.includes('s3-resources:refresh'),
      `no s3-resources:refresh in ${ids}`,
    );
  });
} catch (error) {
  console.log(`  ${error.message}`);
} finally {
  await stop();
  fs.rmSync(configFile, { force: true });
}

const failed = results.filter(r => !r.ok).length;
const passed = results.length - failed;
console.log(`packed install: ${passed} passed, ${failed} failed`);
process.exit(failed || results.length === 0 ? 1 : 0);
