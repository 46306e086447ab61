import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import net from 'node:net';
import { freePort } from './freePort';

function redisServerBinary(): string {
  try {
    return execFileSync('sh', ['-c', 'command -v redis-server'], {
      encoding: 'utf8',
    }).trim();
  } catch {
    throw new Error(
      'redis-server is not installed: run `bash scripts/system-deps.sh` (Debian package redis-server)',
    );
  }
}

async function untilAnswers(port: number, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const answers = await new Promise<boolean>(resolve => {
      const socket = net.connect({ host: '127.0.0.1', port }, () => {
        socket.end();
        resolve(true);
      });
      socket.on('error', () => resolve(false));
    });
    if (answers) return;
    if (Date.now() > deadline) {
      throw new Error(`Redis on 127.0.0.1:${port} does not answer`);
    }
    await new Promise(r => setTimeout(r, 50));
  }
}

/**
 * A Redis server of one test alone (Debian's redis-server, a free port on
 * 127.0.0.1, nothing kept on disk), so the test can freeze it without
 * touching a Redis anything else uses.
 */
export async function startThrowawayRedis() {
  const binary = redisServerBinary();
  const port = await freePort();
  const child: ChildProcess = spawn(
    binary,
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--save',
      '',
      '--appendonly',
      'no',
    ],
    { stdio: 'ignore' },
  );
  // Gone with this process, whichever way it ends, and not before: killed
  // earlier, it would make the Redis clients of stopped backends (which keep
  // their connections) emit an unhandled error.
  spawn(
    'sh',
    [
      '-c',
      `while kill -0 ${process.pid} 2>/dev/null; do sleep 1; done; kill -9 ${child.pid}`,
    ],
    { stdio: 'ignore', detached: true },
  ).unref();
  await untilAnswers(port);
  const signal = (name: NodeJS.Signals) => child.kill(name);
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    /** Freezes the server (SIGSTOP): connections stay open, nothing answers. */
    pause: () => signal('SIGSTOP'),
    /** Lets a paused server answer again (SIGCONT), with its data. */
    resume: () => signal('SIGCONT'),
  };
}

export type ThrowawayRedis = Awaited<ReturnType<typeof startThrowawayRedis>>;
