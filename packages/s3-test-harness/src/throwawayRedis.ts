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

async function untilAnswers(port: number, up: boolean, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const answers = await new Promise<boolean>(resolve => {
      const socket = net.connect({ host: '127.0.0.1', port }, () => {
        socket.end();
        resolve(true);
      });
      socket.on('error', () => resolve(false));
    });
    if (answers === up) return;
    if (Date.now() > deadline) {
      throw new Error(
        `Redis on 127.0.0.1:${port} is still ${up ? 'down' : 'up'}`,
      );
    }
    await new Promise(r => setTimeout(r, 50));
  }
}

/**
 * A Redis server of one test alone (Debian's redis-server, a free port on
 * 127.0.0.1, nothing kept on disk), so the test can stop and start it
 * without touching a Redis anything else uses.
 */
export async function startThrowawayRedis() {
  const binary = redisServerBinary();
  const port = await freePort();
  let child: ChildProcess | undefined;
  const start = async () => {
    child = spawn(
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
    // gone with this process, whichever way it ends
    spawn(
      'sh',
      [
        '-c',
        `while kill -0 ${process.pid} 2>/dev/null; do sleep 1; done; kill -9 ${child.pid}`,
      ],
      { stdio: 'ignore', detached: true },
    ).unref();
    await untilAnswers(port, true);
  };
  const stop = async () => {
    if (!child) return;
    child.kill('SIGKILL');
    child = undefined;
    await untilAnswers(port, false);
  };
  await start();
  const signal = (name: NodeJS.Signals) => {
    if (!child) throw new Error('Redis is not running');
    child.kill(name);
  };
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    /** Kills the server (its data goes with it). */
    stop,
    /** Starts it again, empty, on the same port. */
    start,
    /** Freezes the server (SIGSTOP): connections stay open, nothing answers. */
    pause: () => signal('SIGSTOP'),
    /** Lets a paused server answer again (SIGCONT), with its data. */
    resume: () => signal('SIGCONT'),
    /**
     * Nothing: the server goes when this process exits. Killed earlier, it
     * would make the Redis clients of stopped backends (which keep their
     * connections) emit an unhandled error.
     */
    destroy: () => undefined,
  };
}

export type ThrowawayRedis = Awaited<ReturnType<typeof startThrowawayRedis>>;
