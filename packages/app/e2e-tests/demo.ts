import { spawn } from 'node:child_process';
import path from 'node:path';
import { endpoint, required } from './support';

/** The e2e backend; the dev project's pages are served from :3000. */
export const BACKEND = 'http://localhost:7007';
const ROOT = path.resolve(__dirname, '../../..');

/** A guest's token for calls to the backend's API. */
export async function guestToken(): Promise<string> {
  const res = await fetch(`${BACKEND}/api/auth/guest/refresh`, {
    method: 'POST',
    headers: { 'x-requested-with': 'XMLHttpRequest' },
  });
  if (!res.ok) throw new Error(`guest sign-in failed: ${res.status}`);
  return (await res.json()).backstageIdentity.token;
}

/** Runs a command, resolving with what it printed; rejects on a failure. */
function run(command: string, args: string[], env: NodeJS.ProcessEnv) {
  return new Promise<string>((resolve, reject) => {
    const child = spawn(command, args, { cwd: ROOT, env });
    let out = '';
    child.stdout.on('data', d => (out += d));
    child.stderr.on('data', d => (out += d));
    child.on('error', reject);
    child.on('close', code =>
      code === 0
        ? resolve(out)
        : reject(new Error(`${command} exited with ${code}:\n${out}`)),
    );
  });
}

/**
 * Seeds the demo of `npm start` into the e2e backend with the very script
 * `npm start` runs, and answers what it registered and what it printed.
 */
export async function seedDemo() {
  const printed = await run('node', ['scripts/seed-demo.mjs'], {
    ...process.env,
    S3R_BACKEND_URL: BACKEND,
    S3R_APP_URL: 'http://localhost:3000',
    S3R_DEMO_WAIT_FOR_APP: '0',
  });
  const names = [
    ...printed.matchAll(
      /^\[demo\] (?:registered )?([\w.-]+)(?: \(| is already)/gm,
    ),
  ].map(m => m[1]);
  // five on Ceph RGW; four on s3rver, which has no roles to assume
  if (names.length < 4) {
    throw new Error(`the demo registered too little:\n${printed}`);
  }
  const token = await guestToken();
  const resources = [];
  for (const name of names) {
    const res = await fetch(
      `${BACKEND}/api/s3-resources/resources/by-name/${name}`,
      { headers: { Authorization: `Bearer ${token}` } },
    );
    if (!res.ok) throw new Error(`demo resource ${name}: ${res.status}`);
    const { id, title } = await res.json();
    resources.push({
      id: id as string,
      name,
      title: (title ?? name) as string,
    });
  }
  return {
    printed,
    resources,
    endpoint: endpoint(),
    accessKeyId: required('S3R_DEMO_ACCESS_KEY'),
    secretAccessKey: required('S3R_DEMO_SECRET_KEY'),
  };
}
