/**
 * One backend process with only the S3 resources plugin and the real
 * services of @backstage/backend-defaults (scheduler included), for the
 * multi-instance test. Run without a build:
 *
 *   node -r @backstage/cli/config/nodeTransform.cjs sweepInstance.ts --config <file>
 *
 * With S3R_SWEEP_INSTANCE_GATE=<file>, the code is loaded (and transpiled)
 * at once but the backend starts only when that file exists, so a second
 * instance can load while the first one creates the database tables. With
 * S3R_SWEEP_INSTANCE_HEAP_FILE=<file>, the highest V8 heap in use seen is
 * kept in that file, in bytes, for the sweep benchmark.
 */
import { createBackend } from '@backstage/backend-defaults';
import fs from 'node:fs';
import s3ResourcesPlugin from '../index';

/**
 * Keeps the highest heap in use after a full collection (when node runs with
 * --expose-gc; otherwise garbage included), sampled every 2 s.
 */
function recordPeakHeap(file: string) {
  const collect = (global as { gc?: () => void }).gc;
  let peak = 0;
  setInterval(() => {
    collect?.();
    const used = process.memoryUsage().heapUsed;
    if (used > peak) {
      peak = used;
      fs.writeFileSync(file, String(peak));
    }
  }, 2000).unref();
}

async function main() {
  const heapFile = process.env.S3R_SWEEP_INSTANCE_HEAP_FILE;
  if (heapFile) recordPeakHeap(heapFile);
  const gate = process.env.S3R_SWEEP_INSTANCE_GATE;
  while (gate && !fs.existsSync(gate)) {
    await new Promise(resolve => setTimeout(resolve, 50));
  }
  const backend = createBackend();
  backend.add(s3ResourcesPlugin);
  await backend.start();
}

main().catch(error => {
  process.stderr.write(`${error?.stack ?? error}\n`);
  process.exit(1);
});
