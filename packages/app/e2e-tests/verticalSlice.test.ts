import { expect, test } from '@playwright/test';
import { SCREENSHOTS, guestToken, signIn } from './support';

test('a resource created through the API reaches the catalog, the plugin page and the entity S3 tab', async ({
  page,
  request,
}) => {
  const token = await guestToken(request);
  const suffix = Date.now().toString(36);
  const name = `e2e-slice-${suffix}`;
  const created = await request.post('/api/s3-resources/resources', {
    headers: { Authorization: `Bearer ${token}` },
    data: {
      name,
      title: `Slice ${suffix}`,
      owner: 'group:default/team-a',
      provider: 'ceph-rgw',
      bucket: `slice-${suffix}`,
      endpoint: process.env.S3R_TEST_S3_ENDPOINT ?? 'http://127.0.0.1:7480',
      auth: {
        method: 'access-key',
        accessKeyId: 'E2EACCESSKEY00000001',
        secretAccessKey: 'e2e-secret-never-shown',
      },
    },
  });
  expect(created.status()).toBe(201);
  const resource = await created.json();
  expect(JSON.stringify(resource)).not.toContain('e2e-secret-never-shown');

  // The entity provider publishes it within a few seconds.
  await expect
    .poll(
      async () =>
        (
          await request.get(
            `/api/catalog/entities/by-name/resource/default/${name}`,
            { headers: { Authorization: `Bearer ${token}` } },
          )
        ).status(),
      { timeout: 30_000, intervals: [500] },
    )
    .toBe(200);
  const entity = await (
    await request.get(
      `/api/catalog/entities/by-name/resource/default/${name}`,
      {
        headers: { Authorization: `Bearer ${token}` },
      },
    )
  ).json();
  expect(entity.kind).toBe('Resource');
  expect(entity.spec.type).toBe('s3-bucket');
  expect(JSON.stringify(entity)).not.toContain('e2e-secret-never-shown');

  await signIn(page);
  await page.getByRole('link', { name: 'S3 resources' }).click();
  await page.getByRole('searchbox', { name: /search resources/i }).fill(name);
  await expect(
    page.getByRole('link', { name: `Slice ${suffix}` }),
  ).toBeVisible();
  await page.screenshot({
    path: `${SCREENSHOTS}/s3-resources-page.png`,
    fullPage: true,
  });

  await page.goto(`/catalog/default/resource/${name}`);
  await page
    .getByRole('navigation', { name: 'Content navigation' })
    .getByRole('link', { name: 'S3', exact: true })
    .click();
  await expect(page.getByText(`slice-${suffix}`).first()).toBeVisible();
  await expect(page.getByText('(secret stored)')).toBeVisible();
  await page.screenshot({
    path: `${SCREENSHOTS}/entity-s3-tab.png`,
    fullPage: true,
  });
});
