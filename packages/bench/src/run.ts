/*
 * `yarn bench [name...] [--write-docs]`: runs each benchmark in a process of
 * its own, prints its figures, and with --write-docs puts them, with the
 * machine they came from, into docs/benchmarks.md. Benchmarks print figures
 * and targets; they never fail because the machine is slow.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import {
  BenchResult,
  RESULT_MARKER,
  formatTarget,
  formatValue,
} from './lib/result';

const BENCHMARKS: Record<string, { file: string; what: string }> = {
  'connection-test': {
    file: 'connectionTest.ts',
    what: 'connection test vs its critical path, behind a 50 ms latency proxy',
  },
  import: {
    file: 'bucketImport.ts',
    what: 'discovery of 1,000 buckets behind a 20 ms latency proxy, ours vs one at a time',
  },
  scale: {
    file: 'scale.ts',
    what: 'list API on PostgreSQL at 100/1,000/10,000 resources; catalog sync vs a file location',
  },
  'audit-sweep': {
    file: 'auditSweep.ts',
    what: 'the audit sweep of 10,000 resources behind a 20 ms latency proxy on one and on two replicas',
  },
  frontend: {
    file: 'frontend.ts',
    what: 'JS the /s3-resources page loads in Chromium after `yarn workspace app build`',
  },
  'objects-list': {
    file: 'objectsListing.ts',
    what: 'a page of 1,000 keys behind a 20 ms latency proxy, portal vs raw ListObjectsV2',
  },
  'objects-paging': {
    file: 'objectsPaging.ts',
    what: 'first vs last page through 100,000 keys (seeded once, minutes; then reused)',
  },
  'objects-download': {
    file: 'objectsDownload.ts',
    what: 'bytes the backend writes while a 100 MiB object downloads by its link',
  },
  'storage-scan': {
    file: 'storageScan.ts',
    what: 'the storage scanner vs a plain ListObjectsV2 loop over 100,000 objects behind a 20 ms latency proxy; its peak heap',
  },
  reconciliation: {
    file: 'reconciliation.ts',
    what: 'reconciliation of 1,000 buckets across 2 sources behind a 20 ms latency proxy, ours (first and cached sweep) vs a per-resource check',
  },
  'registration-to-catalog': {
    file: 'registrationToCatalog.ts',
    what: 'POST /resources to the entity in the catalog API, one replica and across two (events bus on PostgreSQL)',
  },
};

const ROOT = resolvePackagePath('@internal/bench', '../..');
const DOC = path.join(ROOT, 'docs/benchmarks.md');
function runOne(name: string): Promise<BenchResult | Error> {
  const transform = require.resolve(
    '@backstage/cli-node/config/nodeTransform.cjs',
  );
  const file = resolvePackagePath(
    '@internal/bench',
    'src/benchmarks',
    BENCHMARKS[name].file,
  );
  return new Promise(resolve => {
    const child = spawn(
      process.execPath,
      ['--expose-gc', '--require', transform, file],
      { stdio: ['ignore', 'pipe', 'inherit'], env: process.env },
    );
    let result: BenchResult | undefined;
    readline.createInterface({ input: child.stdout }).on('line', line => {
      if (line.startsWith(RESULT_MARKER)) {
        result = JSON.parse(line.slice(RESULT_MARKER.length));
      } else {
        process.stdout.write(`  [${name}] ${line}\n`);
      }
    });
    child.on('close', code =>
      resolve(
        result && code === 0
          ? result
          : new Error(`${name} exited with code ${code}`),
      ),
    );
  });
}

function machine(): string {
  const cpus = os.cpus();
  return [
    `${cpus.length} cores (${cpus[0]?.model.trim() ?? 'unknown CPU'})`,
    `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM`,
    `Node ${process.version}`,
    `${os.type()} ${os.release()}`,
    new Date().toISOString().slice(0, 10),
  ].join(', ');
}

function markdown(r: BenchResult, withMachine = true): string {
  const lines = withMachine ? [`Machine: ${machine()}.`, ''] : [];
  lines.push('| figure | value | target |', '| --- | --- | --- |');
  for (const f of r.figures) {
    lines.push(`| ${f.name} | ${formatValue(f)} | ${formatTarget(f)} |`);
  }
  lines.push('');
  for (const n of r.notes) lines.push(`- ${n}`);
  return lines.join('\n');
}

/** Replaces each benchmark's section (between its markers) in docs/benchmarks.md. */
function writeDocs(results: BenchResult[]) {
  let doc = fs.readFileSync(DOC, 'utf8');
  for (const r of results) {
    const start = `<!-- bench:${r.id}:start -->`;
    const end = `<!-- bench:${r.id}:end -->`;
    const from = doc.indexOf(start);
    const to = doc.indexOf(end);
    if (from < 0 || to < from) {
      throw new Error(`${DOC} has no ${start} ... ${end} section`);
    }
    doc = `${doc.slice(0, from + start.length)}\n\n${markdown(
      r,
    )}\n\n${doc.slice(to)}`;
  }
  fs.writeFileSync(DOC, doc);
  // formatted as `yarn prettier --check .` (scripts/test.sh) wants it
  spawnSync('yarn', ['prettier', '--write', DOC], {
    cwd: ROOT,
    stdio: 'ignore',
  });
  process.stdout.write(
    `\nwrote the figures into ${path.relative(ROOT, DOC)}\n`,
  );
}

async function main() {
  const args = process.argv.slice(2);
  const write = args.includes('--write-docs');
  const names = args.filter(a => !a.startsWith('--'));
  const unknown = names.filter(n => !BENCHMARKS[n]);
  if (unknown.length) {
    process.stderr.write(
      `unknown benchmark(s): ${unknown.join(', ')}; choose from ${Object.keys(
        BENCHMARKS,
      ).join(', ')}\n`,
    );
    process.exit(2);
  }
  const selected = names.length ? names : Object.keys(BENCHMARKS);
  process.stdout.write(`machine: ${machine()}\n`);
  const results: BenchResult[] = [];
  const failed: string[] = [];
  for (const name of selected) {
    process.stdout.write(`\n=== ${name}: ${BENCHMARKS[name].what}\n`);
    const t0 = Date.now();
    const result = await runOne(name);
    if (result instanceof Error) {
      failed.push(name);
      process.stdout.write(`  FAILED: ${result.message}\n`);
    } else {
      results.push(result);
    }
    process.stdout.write(
      `  (${((Date.now() - t0) / 1000).toFixed(0)} s in its own process)\n`,
    );
  }
  for (const r of results) {
    process.stdout.write(`\n=== ${r.title}\n\n${markdown(r, false)}\n`);
  }
  if (write && results.length) writeDocs(results);
  // A benchmark that could not run (no server, a crash) fails; slowness never does.
  process.exit(failed.length ? 1 : 0);
}

main();
