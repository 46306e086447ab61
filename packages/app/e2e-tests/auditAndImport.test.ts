import {
  CreateBucketCommand,
  DeleteBucketCommand,
  PutBucketTaggingCommand,
} from '@aws-sdk/client-s3';
import { Page, expect, test } from '@playwright/test';
import {
  SCREENSHOTS,
  downloadText,
  endpoint,
  parseCsv,
  wholePage,
  testerKeys,
  testerClient,
  guestToken,
  signIn,
} from './support';

/**
 * The audit view and the import of buckets in real Chromium, as the guest
 * (member of platform-team and team-a), against the real backend and the
 * harness's Ceph RGW: a sweep started from the page finds problems on real
 * buckets, the chart and the findings show them, filters and exports work;
 * three real buckets are discovered, selected and imported.
 */

/** The number after a bar of the chart. */
async function barValue(page: Page, chart: string, label: string) {
  const bar = page
    .getByRole('figure', { name: chart })
    .getByRole('listitem')
    .filter({ hasText: label });
  return Number(await bar.locator('span').last().innerText());
}

/** Ticks a BUI checkbox the way a person does: by clicking its box (the input itself is visually hidden). */
async function tick(page: Page, name: string) {
  const box = page.getByRole('checkbox', { name });
  await page.locator('label', { has: box }).click();
  await expect(box).toBeChecked();
}

test.describe.configure({ mode: 'serial' });

test('audit: run a sweep from the page, see the findings and the chart, filter, export', async ({
  page,
  request,
}) => {
  test.setTimeout(300_000);
  const suffix = Date.now().toString(36);
  const s3 = testerClient();
  const auth = { Authorization: `Bearer ${await guestToken(request)}` };
  const buckets = [`e2e-aud-${suffix}-a`, `e2e-aud-${suffix}-b`];
  // Never created: its connection test fails, a high finding.
  const missingBucket = `e2e-aud-${suffix}-missing`;
  const ids: string[] = [];

  const register = async (data: Record<string, unknown>) => {
    const created = await request.post('/api/s3-resources/resources', {
      headers: auth,
      data: {
        provider: 'ceph-rgw',
        endpoint: endpoint(),
        region: 'us-east-1',
        auth: { method: 'access-key', ...testerKeys() },
        ...data,
      },
    });
    expect(created.status(), await created.text()).toBe(201);
    const id = (await created.json()).id as string;
    ids.push(id);
    return id;
  };

  try {
    let driftId = '';
    await test.step('real buckets on Ceph RGW, registered with problems the sweep finds', async () => {
      for (const bucket of buckets) {
        await s3.send(new CreateBucketCommand({ Bucket: bucket }));
      }
      // No CORS applied, read-write for a download-only bucket: CORS drift, access broader than used.
      driftId = await register({
        name: buckets[0],
        owner: 'group:default/team-a',
        bucket: buckets[0],
        accessLevel: 'read-write',
        cors: { uploadMode: 'download-only' },
      });
      // An owner that is not in the catalog and a wildcard CORS origin.
      await register({
        name: buckets[1],
        owner: 'group:default/ghost-team',
        bucket: buckets[1],
        cors: { uploadMode: 'download-only', origins: ['*'] },
      });
      await register({
        name: missingBucket,
        owner: 'group:default/team-a',
        bucket: missingBucket,
      });
    });

    await signIn(page);

    await test.step('the audit view, linked from the page header', async () => {
      await page.getByRole('link', { name: 'S3 resources' }).click();
      await page.getByRole('link', { name: 'Audit' }).click();
      await expect(page).toHaveURL(/\/s3-resources\/audit/);
      await expect(
        page.getByRole('heading', { level: 2, name: 'Audit' }),
      ).toBeVisible();
    });

    await test.step('run a sweep now and wait for it to finish', async () => {
      await page.getByRole('button', { name: 'Run sweep now' }).click();
      await expect(
        page.getByText(/^Sweep (requested|running)/).first(),
      ).toBeVisible();
      await expect(page.getByText(/^Sweep finished: /)).toBeVisible({
        timeout: 180_000,
      });
    });

    await test.step('findings and the chart', async () => {
      const findings = page.getByRole('region', { name: 'Findings' });
      const failing = findings
        .getByRole('row')
        .filter({ hasText: missingBucket })
        .filter({ hasText: 'Connection test fails' });
      await expect(failing).toBeVisible();
      await expect(failing).toContainText('High');
      await expect(
        findings
          .getByRole('row')
          .filter({ hasText: buckets[0] })
          .filter({ hasText: 'CORS differs from the generated rules' }),
      ).toBeVisible();
      await expect(
        findings
          .getByRole('row')
          .filter({ hasText: buckets[1] })
          .filter({ hasText: 'Owner missing from the catalog' }),
      ).toBeVisible();

      expect(
        await barValue(page, 'Findings by severity', 'High'),
      ).toBeGreaterThanOrEqual(1);
      expect(
        await barValue(page, 'Findings by kind', 'Connection test fails'),
      ).toBeGreaterThanOrEqual(1);
      expect(
        await barValue(page, 'Findings by kind', 'Wildcard CORS origin'),
      ).toBeGreaterThanOrEqual(1);
      expect(
        await barValue(
          page,
          'Findings by kind',
          'Owner missing from the catalog',
        ),
      ).toBeGreaterThanOrEqual(1);

      await page
        .getByRole('button', { name: /How to fix: CORS differs/ })
        .first()
        .click();
      const dialog = page.getByRole('dialog');
      await expect(dialog).toContainText('CORSRules');
      await page.screenshot({
        path: `${SCREENSHOTS}/audit-fix-dialog.png`,
      });
      await page.keyboard.press('Escape');
      await expect(dialog).toBeHidden();
      await wholePage(page, `${SCREENSHOTS}/audit-view.png`);
    });

    await test.step('filter the findings by severity, in the URL', async () => {
      await page.getByRole('button', { name: /Severity$/ }).click();
      await page.getByRole('option', { name: 'High' }).click();
      await page.keyboard.press('Escape');
      await expect(page).toHaveURL(/severity=high/);
      const findings = page.getByRole('region', { name: 'Findings' });
      // other findings (a shared key's) name the bucket too until the
      // filtered page replaces them: wait for the one high finding
      await expect(
        findings.getByRole('row').filter({ hasText: missingBucket }),
      ).toHaveCount(1);
      await expect(
        findings.getByRole('row').filter({ hasText: missingBucket }),
      ).toBeVisible();
      await expect(
        findings.getByRole('row').filter({ hasText: buckets[0] }),
      ).toHaveCount(0);
      for (const row of await findings.getByRole('row').all()) {
        const text = await row.innerText();
        if (text.includes('Severity')) continue; // the header
        expect(text).toContain('High');
      }
    });

    await test.step('export the filtered findings as CSV (through the API client, with the token)', async () => {
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page
          .getByRole('button', { name: 'Export CSV of the findings' })
          .click(),
      ]);
      expect(download.suggestedFilename()).toBe('s3-resources-findings.csv');
      const [header, ...rows] = parseCsv(await downloadText(download));
      expect(header.slice(0, 3)).toEqual(['severity', 'kind', 'resourceName']);
      expect(rows.length).toBeGreaterThanOrEqual(1);
      expect(rows.map(r => r[0])).toEqual(rows.map(() => 'high'));
      expect(rows.map(r => r[2])).toContain(missingBucket);
      await expect(
        page.getByText('Downloaded s3-resources-findings.csv'),
      ).toBeVisible();
    });

    await test.step('the audit trail, filtered by action, exported as NDJSON', async () => {
      await page.getByRole('tab', { name: 'Audit trail' }).click();
      await page.getByRole('button', { name: /Action$/ }).click();
      await page.getByRole('option', { name: 'Audit sweep started' }).click();
      const trail = page.getByRole('region', { name: 'Audit trail' });
      const row = trail
        .getByRole('row')
        .filter({ hasText: 'user:default/guest' });
      await expect(row.first()).toContainText('Audit sweep started');
      await expect(row.first()).toContainText('Succeeded');
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page
          .getByRole('button', { name: 'Export NDJSON of the audit trail' })
          .click(),
      ]);
      const records = (await downloadText(download))
        .trim()
        .split('\n')
        .map(line => JSON.parse(line));
      expect(records.length).toBeGreaterThanOrEqual(1);
      expect(records.every(r => r.action === 'audit-sweep-trigger')).toBe(true);
      await wholePage(page, `${SCREENSHOTS}/audit-trail.png`);
      await page.getByRole('tab', { name: 'Sweeps' }).click();
      await expect(
        page
          .getByRole('region', { name: 'Last sweeps' })
          .getByRole('row')
          .nth(1),
      ).toContainText(/Succeeded|Partial/);
    });

    await test.step('an owner sees the findings of a resource on its Findings tab', async () => {
      await page.goto(`/s3-resources/resources/${driftId}?tab=findings`);
      const panel = page.getByRole('region', {
        name: 'Findings of this resource',
      });
      await expect(
        panel
          .getByRole('row')
          .filter({ hasText: 'CORS differs from the generated rules' }),
      ).toBeVisible();
      await expect(
        panel
          .getByRole('row')
          .filter({ hasText: 'Access level broader than used' }),
      ).toBeVisible();
      await wholePage(page, `${SCREENSHOTS}/resource-findings.png`);
    });
  } finally {
    for (const id of ids) {
      await request
        .delete(`/api/s3-resources/resources/${id}`, { headers: auth })
        .catch(() => undefined);
    }
    for (const bucket of buckets) {
      await s3
        .send(new DeleteBucketCommand({ Bucket: bucket }))
        .catch(() => undefined);
    }
    s3.destroy();
  }
});

test('import: discover three real buckets as they stream in, select them, import with live progress', async ({
  page,
  request,
}) => {
  test.setTimeout(240_000);
  const suffix = Date.now().toString(36);
  const s3 = testerClient();
  const auth = { Authorization: `Bearer ${await guestToken(request)}` };
  const buckets = ['a', 'b', 'c'].map(x => `e2e-imp-${suffix}-${x}`);

  try {
    await test.step('three real buckets, one tagged with its owner', async () => {
      for (const bucket of buckets) {
        await s3.send(new CreateBucketCommand({ Bucket: bucket }));
      }
      await s3.send(
        new PutBucketTaggingCommand({
          Bucket: buckets[2],
          Tagging: {
            TagSet: [
              { Key: 'backstage.io/owner', Value: 'group:default/team-b' },
            ],
          },
        }),
      );
    });

    await signIn(page);

    await test.step('from the resources page to the import form', async () => {
      await page.getByRole('link', { name: 'S3 resources' }).click();
      await page.getByRole('link', { name: 'Import buckets' }).click();
      await expect(page).toHaveURL(/\/s3-resources\/import/);
      await expect(
        page.getByRole('heading', { level: 2, name: 'Import buckets' }),
      ).toBeVisible();
    });

    await test.step('the source: Ceph RGW with the tester keys, then discover', async () => {
      await page.getByRole('button', { name: /Provider$/ }).click();
      await page.getByRole('option', { name: 'Ceph RADOS Gateway' }).click();
      await page
        .getByRole('textbox', { name: 'Endpoint URL' })
        .fill(endpoint());
      await page
        .getByRole('textbox', { name: 'Access key ID' })
        .fill(testerKeys().accessKeyId);
      const secret = page.getByLabel('Secret access key');
      await secret.fill(testerKeys().secretAccessKey);
      await expect(secret).toHaveAttribute('type', 'password');
      await page.getByRole('button', { name: 'Discover buckets' }).click();
      await expect(page.getByText(/^Found \d+ buckets?\.$/)).toBeVisible({
        timeout: 60_000,
      });
      const table = page.getByRole('table', { name: 'Discovered buckets' });
      for (const bucket of buckets) {
        await expect(
          table.getByRole('rowheader').filter({ hasText: bucket }),
        ).toBeVisible();
      }
      await expect(
        page.getByRole('textbox', { name: `Owner of ${buckets[2]}` }),
      ).toHaveValue('group:default/team-b');
    });

    await test.step('select the three, a default owner for the untagged, import with progress', async () => {
      // Focus first, then type, as a person does: the suggestions open on
      // focus, and text filled in the same step as the focus is cleared then.
      const defaultOwner = page.getByRole('combobox', {
        name: 'Default owner',
      });
      // the owners are loaded (the field is disabled until then)
      await expect(defaultOwner).toHaveAttribute(
        'placeholder',
        'Choose a group or user',
      );
      await defaultOwner.click();
      await defaultOwner.pressSequentially('team-a', { delay: 30 });
      const option = page.getByRole('option', {
        name: /group:default\/team-a/,
      });
      await option.click();
      await expect(defaultOwner).toHaveValue(/team-a/);
      for (const bucket of buckets) {
        await tick(page, `Select ${bucket}`);
      }
      await expect(
        page.getByRole('textbox', { name: `Owner of ${buckets[0]}` }),
      ).toHaveValue('group:default/team-a');
      await page
        .getByRole('textbox', { name: `Resource name for ${buckets[1]}` })
        .fill(`imported-${suffix}-b`);
      await page.getByRole('button', { name: 'Import selected (3)' }).click();
      await expect(
        page.getByText(
          'Import finished: 3 created, 0 already registered, 0 failed',
        ),
      ).toBeVisible({ timeout: 60_000 });
      const table = page.getByRole('table', { name: 'Discovered buckets' });
      for (const bucket of buckets) {
        await expect(
          table.getByRole('row').filter({ hasText: bucket }),
        ).toContainText('✓ Created');
      }
      await expect(
        table.getByRole('link', { name: `Open imported-${suffix}-b` }),
      ).toBeVisible();
      await wholePage(page, `${SCREENSHOTS}/import-buckets.png`);
    });

    await test.step('importing one again says it is already registered', async () => {
      await tick(page, `Select ${buckets[0]}`);
      await page.getByRole('button', { name: 'Import selected (1)' }).click();
      await expect(
        page.getByText(
          'Import finished: 0 created, 1 already registered, 0 failed',
        ),
      ).toBeVisible({ timeout: 60_000 });
      await expect(
        page
          .getByRole('table', { name: 'Discovered buckets' })
          .getByRole('row')
          .filter({ hasText: buckets[0] }),
      ).toContainText('Already registered');
    });

    await test.step('the imported buckets are in the list', async () => {
      await page
        .getByRole('table', { name: 'Discovered buckets' })
        .getByRole('link', { name: `Open imported-${suffix}-b` })
        .click();
      // titled after its bucket, the import's default title
      await expect(
        page.getByRole('heading', { level: 2, name: buckets[1] }),
      ).toBeVisible();
      await page.getByRole('link', { name: 'All S3 resources' }).click();
      await page
        .getByRole('searchbox', { name: /search resources/i })
        .fill(suffix);
      for (const bucket of buckets) {
        await expect(
          page.getByRole('row').filter({ hasText: bucket }),
        ).toBeVisible();
      }
      await expect(
        page.getByRole('row').filter({ hasText: buckets[2] }),
      ).toContainText('team-b');
    });
  } finally {
    const listed = await request
      .get(`/api/s3-resources/resources?q=${suffix}&limit=50`, {
        headers: auth,
      })
      .catch(() => undefined);
    if (listed?.ok()) {
      for (const item of (await listed.json()).items as Array<{ id: string }>) {
        await request
          .delete(`/api/s3-resources/resources/${item.id}`, { headers: auth })
          .catch(() => undefined);
      }
    }
    for (const bucket of buckets) {
      await s3
        .send(new DeleteBucketCommand({ Bucket: bucket }))
        .catch(() => undefined);
    }
    s3.destroy();
  }
});
