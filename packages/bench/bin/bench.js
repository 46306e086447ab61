#!/usr/bin/env node
// `yarn bench [names...] [--write-docs]`: runs src/run.ts with the Backstage
// CLI's TypeScript transform (the one `backstage-cli package start` uses).
const { spawnSync } = require('node:child_process');
const path = require('node:path');

const transform = require.resolve(
  '@backstage/cli-node/config/nodeTransform.cjs',
);
const result = spawnSync(
  process.execPath,
  [
    '--require',
    transform,
    path.join(__dirname, '../src/run.ts'),
    ...process.argv.slice(2),
  ],
  { stdio: 'inherit' },
);
process.exit(result.status ?? 1);
