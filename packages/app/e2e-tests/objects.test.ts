import {
  CreateBucketCommand,
  DeleteBucketCommand,
  DeleteObjectsCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutBucketCorsCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { APIRequestContext, Page, expect, test } from '@playwright/test';
import {
  SCREENSHOTS,
  endpoint,
  guestToken,
  required,
  signIn,
  testerClient,
} from './support';

/**
 * The Objects tab against the real backend and Ceph RGW: the browser
 * uploads to the bucket itself (the CORS preflight is Ceph's own), previews,
 * downloads, shares and deletes; a bucket without CORS rules shows the fix;
 * a prefix-confined resource shows only its keys and refuses others.
 */

test.describe.configure({ mode: 'serial' });

type Cleanup = { request: APIRequestContext; auth: Record<string, string> };

async function register(
  { request, auth }: Cleanup,
  fields: { name: string; bucket: string; prefix?: string; uploadMode: string },
  origin: string,
): Promise<string> {
  const created = await request.post('/api/s3-resources/resources', {
    headers: auth,
    data: {
      name: fields.name,
      title: fields.name,
      owner: 'group:default/team-a',
      provider: 'ceph-rgw',
      bucket: fields.bucket,
      ...(fields.prefix ? { prefix: fields.prefix } : {}),
      endpoint: endpoint(),
      region: 'us-east-1',
      accessLevel: 'full',
      cors: { origins: [origin], uploadMode: fields.uploadMode },
      auth: {
        method: 'access-key',
        accessKeyId: required('S3R_TEST_S3_TESTER_ACCESS_KEY'),
        secretAccessKey: required('S3R_TEST_S3_TESTER_SECRET_KEY'),
      },
    },
  });
  expect(created.status(), await created.text()).toBe(201);
  return (await created.json()).id;
}

async function emptyAndDelete(s3: S3Client, bucket: string) {
  const listed = await s3
    .send(new ListObjectsV2Command({ Bucket: bucket }))
    .catch(() => undefined);
  if (listed?.Contents?.length) {
    await s3.send(
      new DeleteObjectsCommand({
        Bucket: bucket,
        Delete: { Objects: listed.Contents.map(o => ({ Key: o.Key! })) },
      }),
    );
  }
  await s3.send(new DeleteBucketCommand({ Bucket: bucket })).catch(() => {});
}

async function openObjects(page: Page, id: string, query = '') {
  await page.goto(`/s3-resources/resources/${id}?tab=objects${query}`);
  await expect(
    page.getByRole('tab', { name: 'Objects', exact: true }),
  ).toHaveAttribute('aria-selected', 'true');
}

test('objects: upload through the CORS rules, list, details, preview, download, share, delete; a prefix confines the listing', async ({
  page,
  request,
  baseURL,
}) => {
  test.setTimeout(240_000);
  const suffix = Date.now().toString(36);
  const bucket = `e2e-obj-${suffix}`;
  const s3 = testerClient();
  const token = await guestToken(request);
  const ctx = { request, auth: { Authorization: `Bearer ${token}` } };
  const origin = new URL(baseURL!).origin;
  const ids: string[] = [];
  const content = `hello from the portal <b>not html</b> ${suffix}\n`;

  try {
    let id = '';
    await test.step('a multipart resource on a fresh bucket with its generated CORS rules applied', async () => {
      await s3.send(new CreateBucketCommand({ Bucket: bucket }));
      id = await register(
        ctx,
        { name: `e2e-obj-${suffix}`, bucket, uploadMode: 'multipart' },
        origin,
      );
      ids.push(id);
      const policies = await (
        await request.get(`/api/s3-resources/resources/${id}/policies`, {
          headers: ctx.auth,
        })
      ).json();
      await s3.send(
        new PutBucketCorsCommand({
          Bucket: bucket,
          CORSConfiguration: policies.cors.configuration,
        }),
      );
      await s3.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: 'outside/secret.txt',
          Body: 'not for the confined resource\n',
        }),
      );
    });

    await test.step('the browser uploads a file to the bucket itself', async () => {
      await signIn(page);
      await openObjects(page, id);
      await expect(
        page.getByRole('button', { name: 'Open folder outside' }),
      ).toBeVisible();
      await page.screenshot({
        path: `${SCREENSHOTS}/objects-tab.png`,
        fullPage: true,
      });
      await page.getByLabel('File to upload').setInputFiles({
        name: 'notes.txt',
        mimeType: 'text/plain',
        buffer: Buffer.from(content),
      });
      await expect(page.getByText('Uploaded notes.txt.')).toBeVisible();
      const head = await s3.send(
        new HeadObjectCommand({ Bucket: bucket, Key: 'notes.txt' }),
      );
      expect(head.ContentLength).toBe(Buffer.byteLength(content));
    });

    await test.step('a larger upload shows its progress (on a slowed network)', async () => {
      const cdp = await page.context().newCDPSession(page);
      await cdp.send('Network.emulateNetworkConditions', {
        offline: false,
        latency: 0,
        downloadThroughput: -1,
        uploadThroughput: 256 * 1024,
      });
      await page.getByLabel('File to upload').setInputFiles({
        name: 'large.bin',
        mimeType: 'application/octet-stream',
        buffer: Buffer.alloc(1024 * 1024, 7),
      });
      const progress = page.getByRole('progressbar', {
        name: 'Upload of large.bin',
      });
      // the bar moves as the bytes leave the browser
      await expect
        .poll(async () => Number(await progress.getAttribute('value')), {
          intervals: [100],
        })
        .toBeGreaterThan(0);
      await page.screenshot({
        path: `${SCREENSHOTS}/objects-upload-progress.png`,
      });
      await expect(page.getByText('Uploaded large.bin.')).toBeVisible();
      await cdp.send('Network.emulateNetworkConditions', {
        offline: false,
        latency: 0,
        downloadThroughput: -1,
        uploadThroughput: -1,
      });
      await cdp.detach();
    });

    await test.step('listed, with its details', async () => {
      await page.getByRole('button', { name: 'notes.txt' }).click();
      await expect(page).toHaveURL(/key=notes\.txt/);
      const details = page.getByLabel('Object notes.txt');
      await expect(details.getByText('text/plain')).toBeVisible();
      await expect(
        details.getByText(`${Buffer.byteLength(content)} bytes`),
      ).toBeVisible();
      await page.screenshot({
        path: `${SCREENSHOTS}/objects-details.png`,
        fullPage: true,
      });
    });

    await test.step('previewed as text, fetched from the bucket', async () => {
      await page.getByRole('button', { name: 'Preview' }).click();
      const dialog = page.getByRole('dialog');
      await expect(
        dialog.getByRole('region', { name: 'Text of notes.txt' }),
      ).toHaveText(content.trim());
      // shown as text, never as markup in the portal's origin
      await expect(dialog.locator('b')).toHaveCount(0);
      await page.screenshot({ path: `${SCREENSHOTS}/objects-preview.png` });
      await dialog.getByRole('button', { name: 'Close' }).first().click();
      await expect(dialog).toBeHidden();
    });

    await test.step('downloaded from a presigned attachment link', async () => {
      const downloading = page.waitForEvent('download');
      await page.getByRole('button', { name: 'Download' }).click();
      const download = await downloading;
      expect(download.suggestedFilename()).toBe('notes.txt');
      expect(download.url()).toContain(endpoint());
    });

    await test.step('shared: the URL is shown once, with the sentence', async () => {
      await page.getByRole('button', { name: 'Share' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByRole('button', { name: 'Create link' }).click();
      await expect(dialog.getByText(/X-Amz-Signature=/)).toBeVisible();
      await expect(
        dialog.getByText(
          'A presigned link cannot be revoked before it expires; the maximum expiry is the control.',
        ),
      ).toBeVisible();
      const url = await dialog.getByText(/X-Amz-Signature=/).innerText();
      const fetched = await request.get(url);
      expect(await fetched.text()).toBe(content);
      await page.screenshot({ path: `${SCREENSHOTS}/objects-share.png` });
      await dialog.getByRole('button', { name: 'Done' }).click();
      await expect(dialog).toBeHidden();
    });

    await test.step('deleted after the confirmation', async () => {
      await page.getByRole('button', { name: 'Delete object' }).click();
      const dialog = page.getByRole('dialog');
      await expect(dialog).toContainText('notes.txt');
      await dialog.getByRole('button', { name: 'Delete' }).click();
      await expect(
        page.getByRole('button', { name: 'notes.txt' }),
      ).toBeHidden();
      await expect(
        s3.send(new HeadObjectCommand({ Bucket: bucket, Key: 'notes.txt' })),
      ).rejects.toThrow();
    });

    await test.step('the share link is in the audit view', async () => {
      await page.goto('/s3-resources/audit?tab=share-links');
      const region = page.getByRole('region', { name: 'Share links' });
      await expect(region.getByText('notes.txt').first()).toBeVisible();
      await page.screenshot({
        path: `${SCREENSHOTS}/objects-share-links.png`,
        fullPage: true,
      });
    });

    await test.step('a prefix-confined resource shows its keys only, and refuses a link outside', async () => {
      await s3.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: 'inside/kept.txt',
          Body: 'inside\n',
        }),
      );
      const confined = await register(
        ctx,
        {
          name: `e2e-obj-in-${suffix}`,
          bucket,
          prefix: 'inside/',
          uploadMode: 'multipart',
        },
        origin,
      );
      ids.push(confined);
      await openObjects(page, confined);
      await expect(
        page.getByRole('button', { name: 'kept.txt' }),
      ).toBeVisible();
      await expect(
        page.getByRole('navigation', { name: 'Folder path' }),
      ).toContainText('inside/');
      await expect(page.getByText('outside')).toHaveCount(0);
      await openObjects(page, confined, '&key=outside%2Fsecret.txt');
      await expect(
        page.getByText('Could not list the objects: the input was refused'),
      ).toBeVisible();
      await expect(
        page.getByText(/must be under the resource's prefix "inside\/"/),
      ).toBeVisible();
      await page.screenshot({
        path: `${SCREENSHOTS}/objects-outside-prefix.png`,
      });
    });
  } finally {
    for (const id of ids) {
      await request.delete(`/api/s3-resources/resources/${id}`, {
        headers: ctx.auth,
      });
    }
    await emptyAndDelete(s3, bucket);
  }
});

test('objects: a bucket without the CORS rules shows the fix when an upload is blocked', async ({
  page,
  request,
  baseURL,
}) => {
  const suffix = Date.now().toString(36);
  const bucket = `e2e-nocors-${suffix}`;
  const s3 = testerClient();
  const token = await guestToken(request);
  const ctx = { request, auth: { Authorization: `Bearer ${token}` } };
  let id: string | undefined;
  try {
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    id = await register(
      ctx,
      { name: `e2e-nocors-${suffix}`, bucket, uploadMode: 'simple-put' },
      new URL(baseURL!).origin,
    );
    await signIn(page);
    await openObjects(page, id);
    await expect(page.getByText('No objects here.')).toBeVisible();
    await page.getByLabel('File to upload').setInputFiles({
      name: 'blocked.txt',
      mimeType: 'text/plain',
      buffer: Buffer.from('blocked\n'),
    });
    await expect(
      page.getByText(
        "The bucket's CORS rules blocked the upload from this origin",
      ),
    ).toBeVisible();
    await expect(
      page.getByRole('region', { name: 'CORS configuration' }),
    ).toContainText('AllowedOrigins');
    const link = page.getByRole('link', {
      name: 'Open the CORS configuration on the Policies tab',
    });
    await expect(link).toHaveAttribute('href', /tab=policies/);
    await page.screenshot({
      path: `${SCREENSHOTS}/objects-upload-cors-fix.png`,
      fullPage: true,
    });
    await link.click();
    await expect(
      page.getByRole('tab', { name: 'Policies', exact: true }),
    ).toHaveAttribute('aria-selected', 'true');
  } finally {
    if (id) {
      await request.delete(`/api/s3-resources/resources/${id}`, {
        headers: ctx.auth,
      });
    }
    await emptyAndDelete(s3, bucket);
  }
});
