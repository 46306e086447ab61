/**
 * Real backend processes running sweepInstance.ts, for the multi-instance
 * sweep test and the sweep benchmark.
 */
import { freePort } from '@internal/s3-test-harness';
import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';

export type SweepProcess = {
  name: string;
  port: number;
  child: ChildProcess;
  /** Where it keeps the highest heap it used, in bytes (see sweepInstance.ts). */
  heapFile: string;
  /** The last lines it printed (at most LOG_LINES). */
  log: Array<{ at: number; line: string }>;
  exited?: number | string;
};

const LOG_LINES = 500;

export const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

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

export async function waitFor<T>(
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

/**
 * Starts a backend process running sweepInstance.ts, TypeScript as is, with
 * `config(port)` as its app-config; with a gate file it loads at once but
 * starts when the file exists. Resolves when the backend is ready.
 */
export async function startSweepProcess(options: {
  name: string;
  tempDir: string;
  config: (port: number) => object;
  gate?: string;
  /** Called as soon as the process exists, so a caller can clean it up on failure. */
  onSpawn?: (p: SweepProcess) => void;
  startTimeoutMs?: number;
  /** Collect garbage before each heap sample (costs a full GC every 2 s). */
  liveHeap?: boolean;
}): Promise<SweepProcess> {
  const { name, gate } = options;
  const port = await freePort();
  const configPath = path.join(options.tempDir, `${name}.json`);
  fs.writeFileSync(configPath, JSON.stringify(options.config(port)));
  const heapFile = path.join(options.tempDir, `${name}.heap`);
  const child = spawn(
    process.execPath,
    [
      ...(options.liveHeap ? ['--expose-gc'] : []),
      '--require',
      require.resolve('@backstage/cli/config/nodeTransform.cjs'),
      path.resolve(__dirname, 'sweepInstance.ts'),
      '--config',
      configPath,
    ],
    {
      cwd: path.resolve(__dirname, '../..'),
      env: {
        ...process.env,
        NODE_ENV: 'development',
        FORCE_COLOR: '0',
        S3R_SWEEP_INSTANCE_HEAP_FILE: heapFile,
        ...(gate ? { S3R_SWEEP_INSTANCE_GATE: gate } : {}),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const instance: SweepProcess = { name, port, child, heapFile, log: [] };
  options.onSpawn?.(instance);
  const collect = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n')) {
      if (line.trim()) instance.log.push({ at: Date.now(), line });
    }
    if (instance.log.length > LOG_LINES) {
      instance.log.splice(0, instance.log.length - LOG_LINES);
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
      return (await getStatus(port, '/.backstage/health/v1/readiness')) === 200
        ? true
        : undefined;
    },
    options.startTimeoutMs ?? 90_000,
    200,
  );
  return instance;
}

/** Kills the processes still running and waits until they exited. */
export async function stopSweepProcesses(
  processes: SweepProcess[],
  signal: NodeJS.Signals = 'SIGKILL',
): Promise<void> {
  await Promise.all(
    processes.map(p => {
      if (p.exited !== undefined) return undefined;
      const exited = new Promise(r => p.child.once('exit', r));
      p.child.kill(signal);
      return exited;
    }),
  );
}
