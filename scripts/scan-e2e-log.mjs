#!/usr/bin/env node
// Scans the e2e backend's log (scripts/e2e-backend.sh appends to
// .run/e2e-backend.log) for secrets: the test servers' secret keys from the
// environment, every `secretAccessKey: '...'` literal of the e2e tests, and
// AWS-shaped access key IDs (AKIA/ASIA + 16), which outputs may only show masked.
// Usage: node scripts/scan-e2e-log.mjs [--from <byte offset>] [log file]
// (--from: scan only what was appended since; exit 1 on a hit or nothing to scan)
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(
  path.dirname(new URL(import.meta.url).pathname),
  '..',
);
const args = process.argv.slice(2);
const fromAt = args.indexOf('--from');
const from = fromAt >= 0 ? Number(args.splice(fromAt, 2)[1]) || 0 : 0;
const file =
  args[0] ??
  process.env.S3R_E2E_BACKEND_LOG ??
  path.join(root, '.run/e2e-backend.log');

const size = fs.existsSync(file) ? fs.statSync(file).size : 0;
if (size <= from) {
  console.error(
    `nothing to scan: ${file} has no backend output${
      from ? ` after byte ${from}` : ''
    }; run the e2e tests first (yarn playwright test)`,
  );
  process.exit(1);
}
const log = fs.readFileSync(file).subarray(from).toString('utf8');

const secrets = new Set(
  Object.entries(process.env)
    .filter(([k, v]) => /^S3R_.*SECRET(_KEY)?$/.test(k) && v && v.length >= 8)
    .map(([, v]) => v),
);
const e2eDir = path.join(root, 'packages/app/e2e-tests');
for (const f of fs.readdirSync(e2eDir).filter(n => n.endsWith('.ts'))) {
  const source = fs.readFileSync(path.join(e2eDir, f), 'utf8');
  for (const m of source.matchAll(/secretAccessKey:\s*'([^']{8,})'/g)) {
    secrets.add(m[1]);
  }
}

const hits = [];
const around = i =>
  log.slice(Math.max(0, i - 100), i + 100).replace(/\s+/g, ' ');
for (const secret of secrets) {
  for (let i = log.indexOf(secret); i >= 0; i = log.indexOf(secret, i + 1)) {
    hits.push(`a test secret: …${around(i)}…`);
  }
}
for (const m of log.matchAll(/(AKIA|ASIA)[A-Z0-9]{16}/g)) {
  hits.push(`${m[0]}: …${around(m.index)}…`);
}

const lines = log.split('\n').length;
if (hits.length) {
  console.error(`${hits.length} secret(s) in ${file} (${lines} lines):`);
  for (const h of hits.slice(0, 20)) console.error(`  ${h}`);
  process.exit(1);
}
console.log(
  `${path.relative(root, file)}: ${lines} lines${
    from ? ` from byte ${from}` : ''
  }, no test secret (${secrets.size} checked) and no AWS-shaped key ID`,
);
