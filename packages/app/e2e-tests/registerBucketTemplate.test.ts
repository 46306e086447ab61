import {
  CreateBucketCommand,
  DeleteBucketCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { expect, test } from '@playwright/test';
import { SCREENSHOTS, required, endpoint, guestToken } from './support';

/**
 * The "Register an S3 bucket" template with the plugin's field extensions
 * (S3ProviderEndpoint, S3BucketName, S3ConnectionTest) in real Chromium,
 * against a real bucket on the harness's Ceph RGW.
 */

test('register a bucket with the template: live bucket-name rules, provider profile, streamed connection test', async ({
  page,
  request,
}) => {
  test.setTimeout(240_000);
  const suffix = Date.now().toString(36);
  const bucket = `e2e-tpl-${suffix}`;
  const name = `e2e-tpl-${suffix}`;
  const s3 = new S3Client({
    endpoint: endpoint(),
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: {
      accessKeyId: required('S3R_TEST_S3_TESTER_ACCESS_KEY'),
      secretAccessKey: required('S3R_TEST_S3_TESTER_SECRET_KEY'),
    },
  });
  const auth = { Authorization: `Bearer ${await guestToken(request)}` };
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));

  try {
    await page.goto('/');
    await page.getByRole('button', { name: 'Enter' }).click();
    await expect(
      page.getByRole('link', { name: 'S3 resources' }),
    ).toBeVisible();
    // The catalog loads the template from config shortly after start.
    await expect
      .poll(
        async () =>
          (
            await request.get(
              '/api/catalog/entities/by-name/template/default/register-s3-bucket',
              { headers: auth },
            )
          ).status(),
        { timeout: 60_000, intervals: [1000] },
      )
      .toBe(200);
    await page.goto('/create/templates/default/register-s3-bucket');

    await test.step('resource: name, owner, provider profile, bucket name rules', async () => {
      await page.getByRole('textbox', { name: 'Name' }).fill(name);
      await page.getByRole('textbox', { name: 'Owner' }).fill('team-a');
      await page
        .getByRole('option', { name: /team-a/ })
        .first()
        .click();

      await page.getByRole('button', { name: /Provider/ }).click();
      await page.getByRole('option', { name: 'Ceph RADOS Gateway' }).click();
      await expect(page.getByRole('textbox', { name: 'Region' })).toHaveValue(
        'us-east-1',
      );
      await expect(
        page.getByRole('switch', { name: /Path-style addressing/ }),
      ).toBeChecked();
      await page
        .getByRole('textbox', { name: 'Endpoint URL' })
        .fill(endpoint());

      const bucketName = page.getByRole('textbox', { name: 'Bucket' });
      await bucketName.fill('Media_Uploads');
      await expect(
        page.getByText(
          'Bucket name may contain only lowercase letters, digits, dots (.) and hyphens (-) [bucket-charset]',
        ),
      ).toBeVisible();
      await page.screenshot({
        path: `${SCREENSHOTS}/template-bucket-name.png`,
        fullPage: true,
      });
      await bucketName.fill(bucket);
      await expect(page.getByText(/\[bucket-charset\]/)).toHaveCount(0);
      await page.getByRole('button', { name: 'Next' }).click();
    });

    await test.step('access: the defaults', async () => {
      await expect(page.getByText('Access level')).toBeVisible();
      await page.getByRole('button', { name: 'Next' }).click();
    });

    await test.step('credentials: the connection test uses what was entered, secret included', async () => {
      await page
        .getByRole('textbox', { name: 'Access key ID' })
        .fill(required('S3R_TEST_S3_TESTER_ACCESS_KEY'));
      await page
        .getByLabel('Secret access key')
        .fill(required('S3R_TEST_S3_TESTER_SECRET_KEY'));
      const testButton = page.getByRole('button', { name: 'Test connection' });
      await expect(testButton).toBeEnabled();
      await testButton.click();
      const steps = page.getByRole('list', { name: 'Connection test steps' });
      await expect(steps.getByRole('listitem').first()).toBeVisible();
      await expect(
        page.getByText(/^Connection test (passed|passed with warnings)$/),
      ).toBeVisible({ timeout: 90_000 });
      expect(await steps.getByRole('listitem').count()).toBeGreaterThanOrEqual(
        4,
      );
      await page.screenshot({
        path: `${SCREENSHOTS}/template-connection-test.png`,
        fullPage: true,
      });
    });

    await test.step('review and create: the resource is registered', async () => {
      await page.getByRole('button', { name: 'Review' }).click();
      await page.getByRole('button', { name: 'Create' }).click();
      await expect(
        page.getByRole('link', { name: 'Open in S3 resources' }),
      ).toBeVisible({ timeout: 90_000 });
      // The output link is absolute (it may open a new tab): follow its address.
      const href = await page
        .getByRole('link', { name: 'Open in S3 resources' })
        .getAttribute('href');
      expect(href).toMatch(/\/s3-resources\/resources\/[0-9a-f-]{36}$/);
      const entityHref = await page
        .getByRole('link', { name: 'Open the catalog entity' })
        .getAttribute('href');
      expect(entityHref).toMatch(
        new RegExp(`/catalog/default/resource/${name}$`),
      );
      await page.goto(href!);
      await expect(page.getByText('(secret stored)')).toBeVisible();
      await expect(page.getByText(bucket).first()).toBeVisible();

      // the entity reaches the catalog within seconds (a delta mutation)
      await expect
        .poll(
          async () =>
            (
              await request.get(
                `/api/catalog/entities/by-name/resource/default/${name}`,
                { headers: auth },
              )
            ).status(),
          { timeout: 30_000, intervals: [500] },
        )
        .toBe(200);
      await page.goto(entityHref!);
      await expect(
        page.getByRole('heading', { name, exact: true }),
      ).toBeVisible();
      const card = page
        .locator('.bui-Card')
        .filter({ has: page.getByRole('heading', { name: 'S3 bucket' }) });
      await expect(card).toContainText(bucket);
      // the template recorded its first connection test
      await expect(card).toContainText(/Passing|Warnings/);
      await page.screenshot({
        path: `${SCREENSHOTS}/template-entity-page.png`,
        fullPage: true,
      });
    });
  } finally {
    const found = await request.get(
      `/api/s3-resources/resources?q=${encodeURIComponent(name)}`,
      { headers: auth },
    );
    for (const item of found.ok() ? (await found.json()).items : []) {
      await request.delete(`/api/s3-resources/resources/${item.id}`, {
        headers: auth,
      });
    }
    await s3.send(new DeleteBucketCommand({ Bucket: bucket })).catch(() => {});
    s3.destroy();
  }
});
