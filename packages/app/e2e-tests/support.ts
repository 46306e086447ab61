import { S3Client } from '@aws-sdk/client-s3';
import { APIRequestContext, Download, Page, expect } from '@playwright/test';

/** What the end-to-end tests share: the screenshots folder, the harness's
 * Ceph RGW (from `bash scripts/s3/ceph-rgw.sh env`) and the guest sign-in. */

/**
 * Where the tests write their screenshots: an ignored folder, so a test run
 * leaves the tree clean. `yarn docs:screenshots` points it at
 * docs/screenshots to refresh the documentation's images on purpose.
 */
export const SCREENSHOTS =
  process.env.S3R_SCREENSHOT_DIR ?? '.run/e2e-screenshots';

export function required(name: string): string {
  const value = process.env[name];
  if (!value) {
    throw new Error(
      `${name} is not set: start Ceph RGW and export its variables first (bash scripts/s3/ceph-rgw.sh start; eval "$(bash scripts/s3/ceph-rgw.sh env)")`,
    );
  }
  return value;
}

export const endpoint = () =>
  process.env.S3R_TEST_S3_ENDPOINT ?? 'http://127.0.0.1:7480';

/** The harness's `tester` user: owns the test buckets. */
export const testerKeys = () => ({
  accessKeyId: required('S3R_TEST_S3_TESTER_ACCESS_KEY'),
  secretAccessKey: required('S3R_TEST_S3_TESTER_SECRET_KEY'),
});

export function testerClient() {
  return new S3Client({
    endpoint: endpoint(),
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: testerKeys(),
  });
}

/** A Backstage token of the guest user, for API calls. */
export async function guestToken(request: APIRequestContext): Promise<string> {
  const response = await request.post('/api/auth/guest/refresh', {
    headers: { 'x-requested-with': 'XMLHttpRequest' },
  });
  expect(response.ok()).toBeTruthy();
  return (await response.json()).backstageIdentity.token;
}

/** Signs the page in as the guest and waits for the sidebar. */
export async function signIn(page: Page) {
  await page.goto('/');
  await page.getByRole('button', { name: 'Enter' }).click();
  await expect(page.getByRole('link', { name: 'S3 resources' })).toBeVisible();
}

/** Records of a CSV file (quoted fields may hold commas, quotes and newlines). */
export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      record.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      record.push(field);
      records.push(record);
      record = [];
      field = '';
    } else field += c;
  }
  if (field || record.length) records.push([...record, field]);
  return records;
}

/** Screenshot of the whole page with the viewport stretched to it, so the fixed sidebar stays at the side. */
export async function wholePage(page: Page, path: string) {
  const viewport = page.viewportSize()!;
  const height = await page.evaluate(() => document.body.scrollHeight);
  await page.setViewportSize({
    width: viewport.width,
    height: Math.max(height, viewport.height),
  });
  await page.screenshot({ path });
  await page.setViewportSize(viewport);
}

export async function downloadText(download: Download): Promise<string> {
  const stream = await download.createReadStream();
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export type Auth = { Authorization: string };

const API = '/api/s3-resources';

/** Starts a sweep (once the one under way ends) and waits for it to finish. */
export async function sweep(request: APIRequestContext, auth: Auth) {
  const newest = async () =>
    (
      await (
        await request.get(`${API}/audit/sweeps?limit=1`, { headers: auth })
      ).json()
    ).items[0] as { id: string; outcome: string } | undefined;
  const before = (await newest())?.id;
  await expect
    .poll(
      async () =>
        (
          await request.post(`${API}/audit/sweep`, { headers: auth, data: {} })
        ).status(),
      { timeout: 120_000, intervals: [1_000] },
    )
    .toBe(202);
  await expect
    .poll(
      async () => {
        const run = await newest();
        return run && run.id !== before ? run.outcome : 'not started';
      },
      { timeout: 180_000, intervals: [1_000] },
    )
    .toMatch(/^(success|partial)$/);
}
