import {
  CreateBucketCommand,
  DeleteBucketCommand,
  DeleteObjectsCommand,
  ListObjectsV2Command,
  PutBucketPolicyCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { expect, test } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import {
  SCREENSHOTS,
  endpoint,
  guestToken,
  required,
  signIn,
  testerClient,
  testerKeys,
  wholePage,
  sweep,
} from './support';

/**
 * The access map in real Chromium against the real backend and Ceph RGW: a
 * bucket whose policy grants another RGW user write is registered as a
 * read-only resource; after a sweep the Access tab shows that user's write
 * with the statement, the Findings tab names it with a fix, the fix run
 * with the real AWS CLI stops the user writing, and the next sweep clears
 * both.
 */

const API = '/api/s3-resources';
const OTHER = 'arn:aws:iam:::user/other';

/** Whether the harness's `other` user may put an object into the bucket. */
async function otherMayWrite(bucket: string): Promise<boolean> {
  const other = new S3Client({
    endpoint: endpoint(),
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: {
      accessKeyId: required('S3R_TEST_S3_OTHER_ACCESS_KEY'),
      secretAccessKey: required('S3R_TEST_S3_OTHER_SECRET_KEY'),
    },
  });
  try {
    await other.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: 'from-other.txt',
        Body: 'x',
      }),
    );
    return true;
  } catch (e: any) {
    if (e?.$metadata?.httpStatusCode === 403) return false;
    throw e;
  } finally {
    other.destroy();
  }
}

test('access map: another user given write on a read-only bucket, found, fixed with its command, cleared', async ({
  page,
  request,
}) => {
  test.setTimeout(600_000);
  const bucket = `e2e-acc-${Date.now().toString(36)}`;
  const s3 = testerClient();
  const auth = { Authorization: `Bearer ${await guestToken(request)}` };
  let id = '';

  try {
    await test.step('a real bucket whose policy lets another user write, registered read-only', async () => {
      await s3.send(new CreateBucketCommand({ Bucket: bucket }));
      await s3.send(
        new PutBucketPolicyCommand({
          Bucket: bucket,
          Policy: JSON.stringify({
            Version: '2012-10-17',
            Statement: [
              {
                Sid: 'ReportsTeamReads',
                Effect: 'Allow',
                Principal: { AWS: [OTHER] },
                Action: ['s3:GetObject'],
                Resource: [`arn:aws:s3:::${bucket}/*`],
              },
              {
                Sid: 'ReportsTeamWrites',
                Effect: 'Allow',
                Principal: { AWS: [OTHER] },
                Action: ['s3:PutObject'],
                Resource: [`arn:aws:s3:::${bucket}/*`],
              },
            ],
          }),
        }),
      );
      expect(await otherMayWrite(bucket)).toBe(true);
      const created = await request.post(`${API}/resources`, {
        headers: auth,
        data: {
          name: bucket,
          title: 'Quarterly reports',
          owner: 'group:default/team-a',
          provider: 'ceph-rgw',
          endpoint: endpoint(),
          region: 'us-east-1',
          bucket,
          accessLevel: 'read',
          cors: { uploadMode: 'download-only' },
          auth: { method: 'access-key', ...testerKeys() },
        },
      });
      expect(created.status(), await created.text()).toBe(201);
      id = (await created.json()).id;
    });

    await test.step('the audit sweep tests it', async () => {
      await sweep(request, auth);
    });

    await signIn(page);

    await test.step("the Access tab: the other user's write, beyond the level, with its statement", async () => {
      await page.goto(`/s3-resources/resources/${id}?tab=access`);
      const table = page.getByRole('table', { name: 'Access map' });
      await expect(table).toBeVisible();
      const row = table
        .getByRole('row')
        .filter({ has: page.getByRole('rowheader', { name: /user\/other/ }) });
      const write = row.getByRole('cell').nth(2);
      await expect(write).toContainText('Granted (beyond the level)');
      await write.getByText('1 source').click();
      await expect(write).toContainText(
        'statement "ReportsTeamWrites" (s3:PutObject)',
      );
      await expect(row.getByRole('cell').nth(3)).toContainText('Not granted');
      // the portal's row and the bucket's owner from the ACL
      await expect(
        table.getByRole('rowheader', { name: /^The portal: access key/ }),
      ).toBeVisible();
      await expect(
        table.getByRole('rowheader', { name: /Bucket owner tester/ }),
      ).toBeVisible();
      await expect(
        page
          .getByText('group:default/team-a')
          .or(page.getByRole('link', { name: 'team-a' }))
          .first(),
      ).toBeVisible();
      const findings = page.getByRole('region', {
        name: 'Findings about access to this resource',
      });
      await expect(
        findings.getByRole('row').filter({
          hasText:
            "Another principal gets more than the resource's access level",
        }),
      ).toBeVisible();
      await wholePage(page, `${SCREENSHOTS}/access-map.png`);
    });

    let command = '';
    await test.step('the Findings tab names the statement and the fix', async () => {
      await page.goto(`/s3-resources/resources/${id}?tab=findings`);
      const panel = page.getByRole('region', {
        name: 'Findings of this resource',
      });
      const row = panel.getByRole('row').filter({
        hasText: "Another principal gets more than the resource's access level",
      });
      await expect(row).toContainText('statement "ReportsTeamWrites"');
      await row.getByRole('button', { name: /How to fix/ }).click();
      const dialog = page.getByRole('dialog');
      const block = dialog
        .getByRole('region', { name: /command/ })
        .filter({ hasText: 'put-bucket-policy' });
      await expect(block).toBeVisible();
      command = (await block.innerText()).trim();
      await page.keyboard.press('Escape');
    });

    await test.step('the command, run with the AWS CLI, stops the write; the next sweep clears the finding and the grant', async () => {
      expect(command).toMatch(/^aws s3api put-bucket-policy /);
      execFileSync('sh', ['-c', command], {
        env: {
          ...process.env,
          AWS_ACCESS_KEY_ID: testerKeys().accessKeyId,
          AWS_SECRET_ACCESS_KEY: testerKeys().secretAccessKey,
          AWS_DEFAULT_REGION: 'us-east-1',
        },
        stdio: 'pipe',
      });
      expect(await otherMayWrite(bucket)).toBe(false);
      await sweep(request, auth);
      await page.goto(`/s3-resources/resources/${id}?tab=access`);
      const table = page.getByRole('table', { name: 'Access map' });
      const row = table
        .getByRole('row')
        .filter({ has: page.getByRole('rowheader', { name: /user\/other/ }) });
      await expect(row.getByRole('cell').nth(2)).toContainText('Not granted');
      await expect(row.getByRole('cell').nth(0)).toContainText('Granted');
      await page.goto(`/s3-resources/resources/${id}?tab=findings`);
      const panel = page.getByRole('region', {
        name: 'Findings of this resource',
      });
      await expect(panel).toBeVisible();
      await expect(
        panel.getByRole('row').filter({
          hasText:
            "Another principal gets more than the resource's access level",
        }),
      ).toHaveCount(0);
    });
  } finally {
    if (id) {
      await request.delete(`${API}/resources/${id}`, { headers: auth });
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
