import { freePort } from '@internal/s3-test-harness';
import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

function postgresBin(): string {
  const root = '/usr/lib/postgresql';
  const versions = fs.existsSync(root)
    ? fs
        .readdirSync(root)
        .filter(v => fs.existsSync(path.join(root, v, 'bin/initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  if (!versions.length) {
    throw new Error(
      `no PostgreSQL server binaries under ${root} (Debian: apt-get install postgresql)`,
    );
  }
  return path.join(root, versions[0], 'bin');
}

/**
 * A PostgreSQL server of this test alone (initdb into a temporary directory,
 * a free port on 127.0.0.1, trust auth, fsync off), so a test can stop and
 * start it without touching the server other tests use. As root, the server
 * runs as the `postgres` user (initdb refuses root).
 */
export async function startThrowawayPostgres() {
  const bin = postgresBin();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 's3r-pg-'));
  const data = path.join(dir, 'data');
  const asRoot = process.getuid?.() === 0;
  if (asRoot) execFileSync('chown', ['postgres:postgres', dir]);
  const command = (tool: string, args: string[]): [string, string[]] =>
    asRoot
      ? ['runuser', ['-u', 'postgres', '--', path.join(bin, tool), ...args]]
      : [path.join(bin, tool), args];
  const run = (tool: string, args: string[]) =>
    execFileSync(...command(tool, args), {
      stdio: ['ignore', 'pipe', 'pipe'],
      cwd: dir,
      timeout: 60_000,
    });
  // the backend under test runs in this process: keep its event loop free
  const runAsync = (tool: string, args: string[]) =>
    execFileAsync(...command(tool, args), { cwd: dir, timeout: 60_000 });
  run('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync']);
  const port = await freePort();
  const options = `-p ${port} -k ${dir} -h 127.0.0.1 -c fsync=off -c full_page_writes=off`;
  const log = path.join(dir, 'server.log');
  const startArgs = ['-D', data, '-o', options, '-l', log, '-w', 'start'];
  run('pg_ctl', startArgs);
  return {
    port,
    connection: { host: '127.0.0.1', port, user: 'postgres' },
    /** Stops the server (connections are cut), waits `downMs`, starts it again. */
    restart: async (downMs: number) => {
      await runAsync('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']);
      await new Promise(r => setTimeout(r, downMs));
      await runAsync('pg_ctl', startArgs);
    },
    destroy: () => {
      try {
        run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } catch {
        // not running
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
