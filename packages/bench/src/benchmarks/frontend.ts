/*
 * Benchmark 4: the JavaScript the /s3-resources page loads.
 *
 * Uses packages/app/dist from `yarn workspace app build` (built first when
 * missing or older than the sources, as scripts/e2e-backend.sh does), served
 * by the real backend (scripts/e2e-backend.sh on a port of its own), loaded
 * in the system's Chromium with an empty cache after a guest sign-in. Every
 * JS response up to the page being rendered is recorded; the source maps
 * next to the chunks tell which of them hold the plugin's own code.
 */
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { chromium, Browser, BrowserContext } from 'playwright-core';
import { Figure, report } from '../lib/result';
import { log } from '../lib/stats';
import { bytesBySource } from '../lib/sourceMaps';

const ROOT = resolvePackagePath('@internal/bench', '../..');
const DIST = path.join(ROOT, 'packages/app/dist');
const PORT = Number(process.env.S3R_BENCH_APP_PORT ?? 7027);
const BASE = `http://localhost:${PORT}`;
const CHROMIUM = process.env.S3R_CHROMIUM_PATH ?? '/usr/bin/chromium';
const PLUGIN_SOURCES = /\/plugins\/s3-resources(-common)?\/src\//;
const PAGE_CHUNK_SOURCE = 'plugins/s3-resources/src/components/Router.tsx';

type Loaded = {
  url: string;
  file: string;
  bytes: number;
  gzip: number;
  /** Body bytes on the wire, as the backend served them. */
  transferred: number;
  encoding?: string;
};

const kb = (n: number) => n / 1024;
const gzipSize = (b: Buffer) => zlib.gzipSync(b, { level: 6 }).length;

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(p));
    else newest = Math.max(newest, fs.statSync(p).mtimeMs);
  }
  return newest;
}

function ensureBuilt() {
  const index = path.join(DIST, 'index.html');
  const sources = Math.max(
    newestMtime(path.join(ROOT, 'packages/app/src')),
    newestMtime(path.join(ROOT, 'plugins/s3-resources/src')),
  );
  if (fs.existsSync(index) && fs.statSync(index).mtimeMs > sources) {
    log('packages/app/dist is newer than its sources; using it');
    return;
  }
  log('building the app: yarn workspace app build');
  const r = spawnSync('yarn', ['workspace', 'app', 'build'], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (r.status !== 0) throw new Error('yarn workspace app build failed');
}

async function startBackend(): Promise<ChildProcess> {
  const extra = path.join(os.tmpdir(), `s3r-bench-app-${process.pid}.yaml`);
  fs.writeFileSync(
    extra,
    [
      'app:',
      `  baseUrl: ${BASE}`,
      'backend:',
      `  baseUrl: ${BASE}`,
      `  listen: { port: ${PORT}, host: 127.0.0.1 }`,
      `  cors: { origin: ${BASE} }`,
      '',
    ].join('\n'),
  );
  const child = spawn('bash', ['scripts/e2e-backend.sh'], {
    cwd: ROOT,
    env: { ...process.env, S3R_E2E_EXTRA_CONFIG: extra },
    stdio: ['ignore', 'ignore', 'pipe'],
    detached: true,
  });
  let stderr = '';
  child.stderr!.on('data', c => {
    stderr = (stderr + c).slice(-4000);
  });
  const deadline = Date.now() + 240_000;
  for (;;) {
    const ok = await fetch(`${BASE}/.backstage/health/v1/readiness`)
      .then(r => r.ok)
      .catch(() => false);
    if (ok) return child;
    if (child.exitCode !== null || Date.now() > deadline) {
      throw new Error(`the backend did not start:\n${stderr}`);
    }
    await new Promise(r => setTimeout(r, 500));
  }
}

/**
 * Stops the backend's process group: SIGTERM, then SIGKILL if it has not
 * exited within 10 s (a backend left behind keeps the port and a core busy).
 */
async function stopBackend(child: ChildProcess) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<boolean>(resolve =>
    child.once('exit', () => resolve(true)),
  );
  const signal = (name: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, name);
    } catch {
      // already gone
    }
  };
  signal('SIGTERM');
  const timeout = new Promise<boolean>(resolve =>
    setTimeout(() => resolve(false), 10_000).unref(),
  );
  if (!(await Promise.race([exited, timeout]))) {
    process.stderr.write('the backend ignored SIGTERM for 10 s: SIGKILL\n');
    signal('SIGKILL');
  }
}

/** Loads `pathname` in a fresh context (empty cache) and records every JS response until it is rendered. */
async function load(
  browser: Browser,
  storageState: Awaited<ReturnType<BrowserContext['storageState']>>,
  pathname: string,
  ready: (page: import('playwright-core').Page) => Promise<void>,
): Promise<Loaded[]> {
  const context = await browser.newContext({ baseURL: BASE, storageState });
  const page = await context.newPage();
  const pending: Array<Promise<Loaded | undefined>> = [];
  page.on('response', response => {
    const url = response.url();
    if (!/\.js(\?|$)/.test(url)) return;
    pending.push(
      Promise.all([response.body(), response.request().sizes()]).then(
        ([body, sizes]) => ({
          url,
          file: path.join(DIST, new URL(url).pathname),
          bytes: body.length,
          gzip: gzipSize(body),
          transferred: sizes.responseBodySize,
          encoding: response.headers()['content-encoding'],
        }),
        () => undefined,
      ),
    );
  });
  await page.goto(pathname);
  await ready(page);
  await page.waitForLoadState('networkidle');
  const loaded = (await Promise.all(pending)).filter((l): l is Loaded => !!l);
  await context.close();
  return loaded;
}

function pluginShare(file: string): {
  own: number;
  sources: string[];
} {
  const mapFile = `${file}.map`;
  if (!fs.existsSync(mapFile)) return { own: 0, sources: [] };
  const map = JSON.parse(fs.readFileSync(mapFile, 'utf8'));
  const bySource = bytesBySource(fs.readFileSync(file, 'utf8'), map);
  let own = 0;
  for (const [source, n] of bySource) {
    if (PLUGIN_SOURCES.test(source)) own += n;
  }
  return { own, sources: map.sources as string[] };
}

async function main() {
  ensureBuilt();
  const backend = await startBackend();
  let browser: Browser | undefined;
  try {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--no-first-run'],
    });
    const signIn = await browser.newContext({ baseURL: BASE });
    const first = await signIn.newPage();
    await first.goto('/');
    await first.getByRole('button', { name: 'Enter' }).click();
    await first
      .getByRole('link', { name: 'S3 resources' })
      .waitFor({ timeout: 60_000 });
    const storageState = await signIn.storageState();
    await signIn.close();

    const home = await load(browser, storageState, '/', page =>
      page.getByRole('link', { name: 'S3 resources' }).waitFor(),
    );
    // rendered by the plugin's page itself (the app shell draws the heading)
    const s3 = await load(browser, storageState, '/s3-resources', page =>
      page
        .getByRole('searchbox', { name: /search resources/i })
        .waitFor({ timeout: 60_000 }),
    );

    const rows = s3.map(l => ({ ...l, ...pluginShare(l.file) }));
    const pageChunk = rows.find(r =>
      r.sources.some(s => s.endsWith(PAGE_CHUNK_SOURCE)),
    );
    if (!pageChunk) {
      throw new Error(
        `no loaded chunk holds ${PAGE_CHUNK_SOURCE}: ${rows
          .map(r => path.basename(r.file))
          .join(', ')}`,
      );
    }
    const pluginChunks = rows.filter(r => r.own > 0);
    const homeUrls = new Set(home.map(l => l.url));
    const extra = s3.filter(l => !homeUrls.has(l.url));
    const sum = (xs: Loaded[], k: 'bytes' | 'gzip' | 'transferred') =>
      xs.reduce((n, x) => n + x[k], 0);

    for (const r of rows.filter(x => x.own > 0 || !homeUrls.has(x.url))) {
      log(
        `${path.basename(r.file)}: ${kb(r.bytes).toFixed(1)} KB, gzip ${kb(
          r.gzip,
        ).toFixed(1)} KB, plugin code ${kb(r.own).toFixed(1)} KB${
          homeUrls.has(r.url) ? ' (also loaded by /)' : ''
        }`,
      );
    }
    const figures: Figure[] = [
      {
        name: `the plugin's page chunk (${path.basename(
          pageChunk.file,
        )}, holds components/Router), gzip`,
        value: kb(pageChunk.gzip),
        unit: 'KB',
        target: { op: '<=', value: 150 },
      },
      {
        name: 'all chunks loaded for /s3-resources that hold plugin code, gzip',
        value: kb(sum(pluginChunks, 'gzip')),
        unit: 'KB',
      },
      {
        name: "the plugin's own code in them (minified, by source map)",
        value: kb(pluginChunks.reduce((n, r) => n + r.own, 0)),
        unit: 'KB',
      },
      {
        name: `JS loaded for /s3-resources beyond what / loads (${extra.length} files), gzip`,
        value: kb(sum(extra, 'gzip')),
        unit: 'KB',
      },
      {
        name: `total JS for a cold load of /s3-resources (${s3.length} files), gzip`,
        value: kb(sum(s3, 'gzip')),
        unit: 'KB',
      },
      {
        name: 'total JS for a cold load of /s3-resources, uncompressed',
        value: kb(sum(s3, 'bytes')),
        unit: 'KB',
      },
      {
        name: `total JS transferred for it, as served (${
          [...new Set(s3.map(l => l.encoding ?? 'identity'))].join(', ') || 'no'
        } encoding)`,
        value: kb(sum(s3, 'transferred')),
        unit: 'KB',
      },
    ];
    report({
      id: 'frontend',
      title: 'Frontend: JS of the /s3-resources page',
      figures,
      notes: [
        'packages/app/dist from `yarn workspace app build`, served by the backend (scripts/e2e-backend.sh), loaded in Chromium with an empty cache after a guest sign-in; every JS response until the page’s search box is shown and the network is idle',
        'gzip: each file compressed with gzip level 6, whatever the backend sent; "as served" is what crossed the wire from the backend',
        "plugin code: bytes mapped to plugins/s3-resources/src or plugins/s3-resources-common/src by the chunk's source map",
      ],
    });
  } finally {
    await browser?.close();
    await stopBackend(backend);
  }
}

main().then(
  () => process.exit(0),
  error => {
    process.stderr.write(`${error?.stack ?? error}\n`);
    process.exit(1);
  },
);
