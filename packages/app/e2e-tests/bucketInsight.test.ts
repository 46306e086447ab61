import {
  AbortMultipartUploadCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  DeleteBucketCommand,
  DeleteObjectsCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { expect, test } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import {
  SCREENSHOTS,
  downloadText,
  endpoint,
  parseCsv,
  wholePage,
  guestToken,
  signIn,
  testerClient,
  testerKeys,
  sweep,
} from './support';

/**
 * Bucket insight in real Chromium against the real backend and Ceph RGW: a
 * bucket the test fills is scanned by the audit sweep (figures, then a trend
 * over three sweeps), the incomplete multipart upload it left is a lifecycle
 * finding whose generated command, run with the real AWS CLI, clears it on
 * the next sweep; the Policies tab then shows the lifecycle in line, and the
 * audit view's Storage tab shows the bucket in the fleet.
 */

const API = '/api/s3-resources';
const KiB = 1024;
const MiB = 1024 * KiB;

test('bucket insight: figures and trend, a lifecycle finding fixed with its command, the fleet view', async ({
  page,
  request,
}) => {
  test.setTimeout(600_000);
  const bucket = `e2e-ins-${Date.now().toString(36)}`;
  const s3 = testerClient();
  const auth = { Authorization: `Bearer ${await guestToken(request)}` };
  let id = '';
  let uploadId = '';

  const putObjects = async (from: number, to: number) => {
    for (let i = from; i < to; i++) {
      await s3.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: `data/file-${String(i).padStart(3, '0')}.bin`,
          Body: Buffer.alloc(16 * KiB, i),
        }),
      );
    }
  };

  try {
    await test.step('a real bucket with objects and an upload left incomplete, registered', async () => {
      await s3.send(new CreateBucketCommand({ Bucket: bucket }));
      await putObjects(0, 30);
      // outside the resource's prefix: not counted
      await s3.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: 'other/outside.bin',
          Body: Buffer.alloc(MiB),
        }),
      );
      const mpu = await s3.send(
        new CreateMultipartUploadCommand({
          Bucket: bucket,
          Key: 'data/video.bin',
        }),
      );
      uploadId = mpu.UploadId!;
      await s3.send(
        new UploadPartCommand({
          Bucket: bucket,
          Key: 'data/video.bin',
          UploadId: uploadId,
          PartNumber: 1,
          Body: Buffer.alloc(5 * MiB, 1),
        }),
      );
      const created = await request.post(`${API}/resources`, {
        headers: auth,
        data: {
          name: bucket,
          owner: 'group:default/team-a',
          provider: 'ceph-rgw',
          endpoint: endpoint(),
          region: 'us-east-1',
          bucket,
          prefix: 'data/',
          accessLevel: 'read-write',
          cors: { uploadMode: 'download-only' },
          auth: { method: 'access-key', ...testerKeys() },
        },
      });
      expect(created.status(), await created.text()).toBe(201);
      id = (await created.json()).id;
    });

    await test.step('two sweeps scan it; the bucket grows in between', async () => {
      await sweep(request, auth);
      await putObjects(30, 40);
      await sweep(request, auth);
    });

    await signIn(page);

    let command = '';
    await test.step('the lifecycle finding and its fix, as the owner reads it', async () => {
      await page.goto(`/s3-resources/resources/${id}?tab=findings`);
      const panel = page.getByRole('region', {
        name: 'Findings of this resource',
      });
      const row = panel
        .getByRole('row')
        .filter({ hasText: 'Incomplete uploads never aborted' });
      await expect(row).toBeVisible();
      await row.getByRole('button', { name: /How to fix/ }).click();
      const dialog = page.getByRole('dialog');
      const block = dialog
        .getByRole('region', { name: /command/ })
        .filter({ hasText: 'put-bucket-lifecycle-configuration' });
      await expect(block).toBeVisible();
      command = (await block.innerText()).trim();
      await page.screenshot({
        path: `${SCREENSHOTS}/lifecycle-finding-fix.png`,
      });
      await page.keyboard.press('Escape');
    });

    await test.step('the generated command, run with the AWS CLI, and the next sweep clears the finding', async () => {
      expect(command).toMatch(/^aws s3api put-bucket-lifecycle-configuration /);
      execFileSync('sh', ['-c', command], {
        env: {
          ...process.env,
          AWS_ACCESS_KEY_ID: testerKeys().accessKeyId,
          AWS_SECRET_ACCESS_KEY: testerKeys().secretAccessKey,
          AWS_DEFAULT_REGION: 'us-east-1',
        },
        stdio: 'pipe',
      });
      await sweep(request, auth);
      await page.goto(`/s3-resources/resources/${id}?tab=findings`);
      const panel = page.getByRole('region', {
        name: 'Findings of this resource',
      });
      await expect(panel).toBeVisible();
      await expect(
        panel
          .getByRole('row')
          .filter({ hasText: 'Incomplete uploads never aborted' }),
      ).toHaveCount(0);
      await expect(
        panel.getByRole('row').filter({ hasText: 'Lifecycle lacks' }),
      ).toHaveCount(0);
    });

    await test.step('the storage tab: figures within the prefix and the trend of three scans', async () => {
      await page.goto(`/s3-resources/resources/${id}?tab=storage`);
      await expect(page.getByText('Latest figures')).toBeVisible();
      const field = (label: string) =>
        page
          .locator('div')
          .filter({ has: page.getByText(label, { exact: true }) })
          .last();
      await expect(field('Objects')).toContainText('40');
      await expect(field('Total size')).toContainText('640 KiB');
      await expect(field('Incomplete multipart uploads')).toContainText(
        '1 (5.0 MiB)',
      );
      await expect(
        page.getByRole('img', {
          name: /Total size over the last 3 scans: from 480 KiB .* to 640 KiB/,
        }),
      ).toBeVisible();
      await wholePage(page, `${SCREENSHOTS}/storage-tab.png`);
    });

    await test.step('the Policies tab: the lifecycle in line with the generated rules', async () => {
      await page.goto(`/s3-resources/resources/${id}?tab=policies`);
      const lifecycle = page.getByRole('region', { name: 'Lifecycle rules' });
      await expect(lifecycle.getByText('Matches')).toBeVisible();
      const cors = page.getByRole('region', { name: 'CORS configuration' });
      await expect(cors.getByText('Missing on the bucket')).toBeVisible();
      // the card alone: the generated documents follow it on the tab
      await page
        .locator('.bui-Card')
        .filter({
          has: page.getByRole('heading', {
            name: 'Desired and live configuration',
          }),
        })
        .screenshot({ path: `${SCREENSHOTS}/policies-desired-live.png` });
    });

    await test.step('the fleet view: the bucket among the largest and the wasteful, exported', async () => {
      await page.goto('/s3-resources/audit?tab=storage');
      const waste = page.getByRole('table', { name: 'Buckets with waste' });
      await expect(
        waste.getByRole('row').filter({ hasText: bucket }),
      ).toContainText('1 (5.0 MiB)');
      await expect(
        page.getByRole('figure', { name: 'Largest buckets' }),
      ).toBeVisible();
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page
          .getByRole('button', { name: 'Export CSV of the storage figures' })
          .click(),
      ]);
      expect(download.suggestedFilename()).toBe('s3-resources-storage.csv');
      const [header, ...rows] = parseCsv(await downloadText(download));
      expect(header.slice(0, 3)).toEqual(['resourceName', 'owner', 'provider']);
      const mine = rows.find(r => r[0] === bucket)!;
      expect(mine).toBeDefined();
      // bytes, objects: what the storage tab shows, as numbers
      expect(mine.slice(5, 7)).toEqual([String(640 * KiB), '40']);
      await wholePage(page, `${SCREENSHOTS}/audit-storage.png`);
    });
  } finally {
    if (id) {
      await request.delete(`${API}/resources/${id}`, { headers: auth });
    }
    if (uploadId) {
      await s3
        .send(
          new AbortMultipartUploadCommand({
            Bucket: bucket,
            Key: 'data/video.bin',
            UploadId: uploadId,
          }),
        )
        .catch(() => undefined);
    }
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
    await s3
      .send(new DeleteBucketCommand({ Bucket: bucket }))
      .catch(() => undefined);
    s3.destroy();
  }
});
