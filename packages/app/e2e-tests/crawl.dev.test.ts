import { Page, expect, test } from '@playwright/test';
import { seedDemo } from './demo';
import { watchPage } from './pageProblems';
import { SCREENSHOTS, signIn } from './support';

/**
 * Every route the plugins add, with the demo data of `npm start`, in the
 * development build (where React reports missing keys and bad nesting):
 * the resources page with its filters and both orders, each demo resource's
 * details with every tab and dialog, its catalog entity page with every
 * tab, the audit view with every tab, and the import page through a
 * discovery. Fails on any page error, error panel, failed request of the
 * plugin's API, and console error or warning of the project's own code.
 */

test.describe.configure({ mode: 'serial' });

const DETAIL_TABS = [
  'Overview',
  'Connection',
  'Objects',
  'Storage',
  'Policies',
  'Access',
  'History',
  'Findings',
  'Audit trail',
];

let demo: Awaited<ReturnType<typeof seedDemo>>;

test.beforeAll(async () => {
  test.setTimeout(180_000);
  demo = await seedDemo();
});

/** A line in the test's output: the crawl's figures and what it found. */
function report(line: string) {
  // eslint-disable-next-line no-console
  console.log(line);
}

/** Follows a link of the app's sidebar. */
async function sidebar(page: Page, name: string) {
  await page.getByTestId('sidebar-root').getByRole('link', { name }).click();
}

/** Clicks through the tabs of a resource (its page or the entity's S3 tab). */
async function everyTab(
  page: Page,
  where: string,
  view: (name: string) => Promise<void>,
  tabs: string[] = DETAIL_TABS,
) {
  for (const tab of tabs) {
    await page.getByRole('tab', { name: tab, exact: true }).click();
    await expect(
      page.getByRole('tab', { name: tab, exact: true }),
    ).toHaveAttribute('aria-selected', 'true');
    await expect(page.getByRole('tabpanel')).toBeVisible();
    // let the panel's own request finish before judging it
    await page.waitForLoadState('networkidle');
    await view(`${where} · ${tab}`);
  }
}

test('crawl: every page and tab on the demo data, with no error of our own', async ({
  page,
}) => {
  test.setTimeout(420_000);
  const watch = watchPage(page);
  // the demo resource whose bucket was deleted: its Objects tab says so
  const retired = demo.resources.find(r => r.name === 'demo-exports')!;
  watch.expectFailure(404, new RegExp(`/resources/${retired.id}/objects\\?`));
  const views: string[] = [];
  const t0 = Date.now();
  const view = async (name: string) => {
    if (process.env.S3R_CRAWL_TRACE) {
      report(`${((Date.now() - t0) / 1000).toFixed(1)}s ${name}`);
    }
    views.push(name);
    await watch.checkPanels(name);
  };

  try {
    await signIn(page);
    // the catalog index (the start page) settles first, so that what its
    // Backstage components warn is the same in every run
    await page.waitForLoadState('networkidle');

    await test.step('the audit view: a sweep, findings, how to fix, sweeps, trail', async () => {
      await sidebar(page, 'S3 resources');
      await page.getByRole('link', { name: 'Audit' }).click();
      await expect(
        page.getByRole('heading', { level: 2, name: 'Audit' }),
      ).toBeVisible();
      await page.getByRole('button', { name: 'Run sweep now' }).click();
      await expect(page.getByText(/^Sweep finished: /)).toBeVisible({
        timeout: 120_000,
      });
      await view('audit · findings');
      const findings = page.getByRole('region', { name: 'Findings' });
      await expect(
        findings.getByRole('row').filter({ hasText: 'demo-exports' }).first(),
      ).toBeVisible();
      await page
        .getByRole('button', { name: /^How to fix: / })
        .first()
        .click();
      await expect(page.getByRole('dialog')).toBeVisible();
      await view('audit · how to fix');
      await page.keyboard.press('Escape');
      // a bar of the chart filters the table, and a second press clears it
      const highBar = page.getByRole('button', {
        name: /^High: \d+ findings?$/,
      });
      await highBar.click();
      await expect(page).toHaveURL(/severity=high/);
      await expect(highBar).toHaveAttribute('aria-pressed', 'true');
      await view('audit · filtered by a bar');
      await highBar.click();
      await expect(page).not.toHaveURL(/severity=/);
      await page.getByRole('button', { name: /Severity$/ }).click();
      await page.getByRole('option', { name: 'High' }).click();
      await page.keyboard.press('Escape');
      await expect(page).toHaveURL(/severity=high/);
      await view('audit · findings filtered');
      // reconciliation ran after the sweep: the demo's gone bucket is a
      // ghost, demo-reports' owner tag differs from the catalog
      await page.getByRole('tab', { name: 'Reconciliation' }).click();
      await expect(
        page
          .getByRole('table', { name: 'Ghost resources' })
          .getByRole('row')
          .filter({ hasText: 'demo-exports-retired' }),
      ).toBeVisible();
      await expect(
        page
          .getByRole('table', { name: 'Owner tag differs' })
          .getByRole('row')
          .filter({ hasText: 'demo-reports' }),
      ).toBeVisible();
      await view('audit · reconciliation');
      // the sweep scanned the demo: the upload it left incomplete is waste
      await page.getByRole('tab', { name: 'Storage' }).click();
      await expect(
        page
          .getByRole('table', { name: 'Buckets with waste' })
          .getByRole('row')
          .filter({ hasText: 'demo-media' }),
      ).toBeVisible();
      await view('audit · storage');
      await page.getByRole('tab', { name: 'Sweeps' }).click();
      await expect(
        page.getByRole('region', { name: 'Last sweeps' }),
      ).toBeVisible();
      await view('audit · sweeps');
      await page.getByRole('tab', { name: 'Audit trail' }).click();
      await expect(
        page.getByRole('region', { name: 'Audit trail' }),
      ).toBeVisible();
      // the demo's failing resource was tested once: the trail says the
      // test failed, not that the audit event succeeded
      await expect(
        page
          .getByRole('region', { name: 'Audit trail' })
          .getByText('Test failed')
          .first(),
      ).toBeVisible();
      await page.screenshot({
        path: `${SCREENSHOTS}/audit-trail-verdicts.png`,
        fullPage: true,
      });
      await view('audit · trail');
      await page.getByRole('tab', { name: 'Share links' }).click();
      await expect(
        page.getByRole('region', { name: 'Share links' }),
      ).toBeVisible();
      await page.waitForLoadState('networkidle');
      await view('audit · share links');
    });

    await test.step('the resources page: search, filters, both orders', async () => {
      await sidebar(page, 'S3 resources');
      const table = page.getByRole('region', { name: 'S3 resources' });
      for (const r of demo.resources) {
        await expect(table.getByRole('link', { name: r.title })).toBeVisible();
      }
      await view('resources');
      await page
        .getByRole('searchbox', { name: /search resources/i })
        .fill('media');
      await expect(page).toHaveURL(/q=media/);
      await expect(
        table.getByRole('link', { name: 'Media uploads' }),
      ).toBeVisible();
      await view('resources · searched');
      await page.getByRole('button', { name: 'Clear', exact: true }).click();
      await page.getByRole('button', { name: /Last test/ }).click();
      await page.getByRole('option', { name: 'Failing' }).click();
      await page.keyboard.press('Escape');
      await expect(page).toHaveURL(/status=fail/);
      await expect(
        table.getByRole('link', { name: 'Retired exports' }),
      ).toBeVisible();
      await view('resources · failing');
      await page.getByRole('button', { name: /Provider/ }).click();
      await page.getByRole('option', { name: 'Ceph RADOS Gateway' }).click();
      await page.keyboard.press('Escape');
      await expect(page).toHaveURL(/provider=ceph-rgw/);
      await view('resources · failing on Ceph RGW');
      await page.getByRole('button', { name: 'Clear', exact: true }).click();
      await page.getByRole('combobox', { name: /Owner/ }).click();
      await page
        .getByRole('option', { name: /team-b/ })
        .first()
        .click();
      await expect(page).toHaveURL(/owner=/);
      await expect(
        table.getByRole('link', { name: 'Monthly reports' }),
      ).toBeVisible();
      await view('resources · owner');
      await page.getByRole('button', { name: 'Clear', exact: true }).click();
      await page.getByRole('columnheader', { name: /Name/ }).click();
      await expect(page).toHaveURL(/order=desc/);
      await expect(page.getByText(/Sorted by name, Z to A/)).toBeVisible();
      await view('resources · Z to A');
      await page.getByRole('columnheader', { name: /Name/ }).click();
      await expect(page.getByText(/Sorted by name, A to Z/)).toBeVisible();
      await view('resources · A to Z');
      // triage: failing first
      await page.getByRole('columnheader', { name: /Last test/ }).click();
      await expect(page).toHaveURL(/sort=lastTest/);
      await expect(
        page.getByText(/Sorted by last test, failing first/),
      ).toBeVisible();
      await expect(table.getByRole('row').nth(1)).toContainText(
        'Retired exports',
      );
      await view('resources · failing first');
      await page.screenshot({
        path: `${SCREENSHOTS}/resources-sorted.png`,
        fullPage: true,
      });
    });

    for (const resource of demo.resources) {
      await test.step(`${resource.title}: details, every tab, a test, the dialogs`, async () => {
        await sidebar(page, 'S3 resources');
        await page
          .getByRole('link', { name: resource.title, exact: true })
          .click();
        await expect(
          page.getByRole('heading', { level: 2, name: resource.title }),
        ).toBeVisible();
        await everyTab(page, resource.name, view, DETAIL_TABS);
        await page
          .getByRole('tab', { name: 'Connection', exact: true })
          .click();
        await page.getByRole('button', { name: 'Test now' }).click();
        await expect(
          page.getByText(
            /^Connection test (passed|passed with warnings|failed)$/,
          ),
        ).toBeVisible({ timeout: 60_000 });
        await view(`${resource.name} · test run`);
        await page.getByRole('button', { name: 'Edit' }).click();
        await expect(page.getByRole('dialog')).toBeVisible();
        await view(`${resource.name} · edit dialog`);
        await page.keyboard.press('Escape');
        await expect(page.getByRole('dialog')).toBeHidden();
        await page.getByRole('button', { name: 'Delete' }).click();
        await expect(page.getByRole('dialog')).toBeVisible();
        await view(`${resource.name} · delete dialog`);
        await page.getByRole('button', { name: 'Cancel' }).click();
        await expect(page.getByRole('dialog')).toBeHidden();
      });

      await test.step(`${resource.title}: the catalog entity, overview card and S3 tab`, async () => {
        // as a person gets there: the Catalog entity link of the overview
        await page.getByRole('tab', { name: 'Overview', exact: true }).click();
        await page
          .getByRole('tabpanel')
          .getByRole('link', { name: resource.title, exact: true })
          .click();
        await expect(page).toHaveURL(
          new RegExp(`/catalog/default/resource/${resource.name}$`),
        );
        await expect(
          page.getByRole('heading', { name: 'S3 bucket' }).first(),
        ).toBeVisible();
        await page.waitForLoadState('networkidle');
        await view(`entity ${resource.name} · overview`);
        await page.getByRole('link', { name: 'S3', exact: true }).click();
        // on the entity page the first tab is Settings, not a second Overview
        await expect(
          page.getByRole('tab', { name: 'Settings', exact: true }),
        ).toBeVisible();
        await everyTab(page, `entity ${resource.name}`, view, [
          'Settings',
          ...DETAIL_TABS.slice(1),
        ]);
      });
    }

    await test.step('the import page, through a discovery with the demo keys', async () => {
      await sidebar(page, 'S3 resources');
      await page.getByRole('link', { name: 'Import buckets' }).click();
      await expect(
        page.getByRole('heading', { level: 2, name: 'Import buckets' }),
      ).toBeVisible();
      await view('import');
      await page.getByRole('button', { name: /Provider$/ }).click();
      await page.getByRole('option', { name: 'Ceph RADOS Gateway' }).click();
      await page
        .getByRole('textbox', { name: 'Endpoint URL' })
        .fill(demo.endpoint);
      await page
        .getByRole('textbox', { name: 'Access key ID' })
        .fill(demo.accessKeyId);
      await page.getByLabel('Secret access key').fill(demo.secretAccessKey);
      await page.getByRole('button', { name: 'Discover buckets' }).click();
      await expect(page.getByText(/^Found \d+ buckets?\.$/)).toBeVisible({
        timeout: 60_000,
      });
      await expect(
        page
          .getByRole('table', { name: 'Discovered buckets' })
          .getByRole('rowheader')
          .filter({ hasText: 'demo-sandbox' }),
      ).toBeVisible();
      await view('import · discovered');
    });

    await test.step('the template form through its steps, bucket-name rules live', async () => {
      await sidebar(page, 'S3 resources');
      await page.getByRole('link', { name: 'Register bucket' }).first().click();
      await expect(page.getByRole('textbox', { name: 'Name' })).toBeVisible();
      await view('template · resource');
      await page.getByRole('button', { name: /Provider/ }).click();
      await page.getByRole('option', { name: 'Ceph RADOS Gateway' }).click();
      await expect(page.getByRole('textbox', { name: 'Region' })).toHaveValue(
        'us-east-1',
      );
      await expect(
        page.getByRole('switch', { name: /Path-style addressing/ }),
      ).toBeChecked();
      const bucket = page.getByRole('textbox', { name: 'Bucket' });
      await bucket.fill('Media_Uploads');
      await expect(
        page.getByText(
          'Bucket name may contain only lowercase letters, digits, dots (.) and hyphens (-)',
          { exact: true },
        ),
      ).toBeVisible();
      await view('template · bucket-name rules');
      await page.screenshot({
        path: `${SCREENSHOTS}/template-bucket-name.png`,
        fullPage: true,
      });
      await bucket.fill('crawl-bucket');
      await page.getByRole('textbox', { name: 'Name' }).fill('crawl-bucket');
      await page.getByRole('textbox', { name: 'Owner' }).fill('team-a');
      await page
        .getByRole('option', { name: /team-a/ })
        .first()
        .click();
      await page
        .getByRole('textbox', { name: 'Endpoint URL' })
        .fill(demo.endpoint);
      await page.getByRole('button', { name: 'Next' }).click();
      await expect(page.getByText('Access level')).toBeVisible();
      await view('template · access');
      await page.getByRole('button', { name: 'Next' }).click();
      await expect(
        page.getByRole('button', { name: 'Test connection' }),
      ).toBeVisible();
      await view('template · credentials');
    });
  } finally {
    // what the pages showed, also when a step failed first
    const problems = await watch.settled();
    const pages = new Set(views).size;
    report(
      `crawl: ${pages} views of ${watch.visited.size} routes, ${problems.length} problems`,
    );
    for (const p of problems) report(`  ${p.kind} at ${p.url}: ${p.text}`);
    test.info().annotations.push({
      type: 'crawl',
      description: `${pages} views of ${watch.visited.size} routes`,
    });
  }
  expect(watch.problems).toEqual([]);
});
