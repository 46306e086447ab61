import { Locator, expect, test } from '@playwright/test';
import { BACKEND, guestToken, seedDemo } from './demo';
import { watchPage } from './pageProblems';
import { SCREENSHOTS } from './support';

/**
 * A newcomer's first registration, exactly as `npm start` tells it: the
 * lines the demo prints ("Try it: register a bucket") are read and done,
 * field by field, in the development build, from the sign-in page to the
 * new resource's catalog entity with its first connection test stored.
 * Reports the wall time and how many clicks and fields it took.
 */

/** `Label ....... value` lines of the printed instructions. */
function fieldsOf(printed: string): Map<string, string> {
  const box = printed.slice(printed.indexOf('Try it: register a bucket'));
  return new Map(
    [...box.matchAll(/^ {2}(\S[^.\n]*?) \.+ (\S.*)$/gm)].map(m => [m[1], m[2]]),
  );
}

test('a newcomer registers demo-sandbox by following what npm start prints', async ({
  page,
}) => {
  test.setTimeout(240_000);
  const { printed } = await seedDemo();
  const fields = fieldsOf(printed);
  const value = (label: string) => {
    const v = fields.get(label);
    if (!v) throw new Error(`the instructions name no ${label}:\n${printed}`);
    return v;
  };
  const name = value('Name');
  const auth = { Authorization: `Bearer ${await guestToken()}` };
  const watchers = [watchPage(page)];
  let shown = page;
  const done = { clicks: 0, fields: 0 };
  const click = async (target: Locator) => {
    done.clicks++;
    await target.click();
  };
  const type = async (target: Locator, text: string) => {
    done.fields++;
    await target.fill(text);
  };

  try {
    const t0 = Date.now();
    await page.goto('/');
    await click(page.getByRole('button', { name: 'Enter' }));
    await click(
      page.getByTestId('sidebar-root').getByRole('link', {
        name: 'S3 resources',
      }),
    );
    await click(page.getByRole('link', { name: 'Register bucket' }).first());

    await test.step('the resource: name, owner, provider, endpoint, bucket', async () => {
      await type(page.getByRole('textbox', { name: 'Name' }), name);
      // "team-a (then pick it from the list)"
      const [, owner] = /^(\S+) \(then pick it from the list\)$/.exec(
        value('Owner'),
      ) ?? ['', value('Owner')];
      await type(page.getByRole('textbox', { name: 'Owner' }), owner);
      await click(page.getByRole('option', { name: owner }).first());
      await click(page.getByRole('button', { name: /Provider/ }));
      await click(page.getByRole('option', { name: value('Provider') }));
      await type(
        page.getByRole('textbox', { name: 'Endpoint URL' }),
        value('Endpoint URL'),
      );
      await type(
        page.getByRole('textbox', { name: 'Bucket' }),
        value('Bucket'),
      );
      await click(page.getByRole('button', { name: 'Next' }));
      await expect(page.getByText('Access level')).toBeVisible();
      await click(page.getByRole('button', { name: 'Next' }));
    });

    await test.step('the credentials and the connection test', async () => {
      await type(
        page.getByRole('textbox', { name: 'Access key ID' }),
        value('Access key ID'),
      );
      await type(
        page.getByLabel('Secret access key'),
        value('Secret access key'),
      );
      await click(page.getByRole('button', { name: 'Test connection' }));
      await expect(page.getByText(/^Connection test passed$/)).toBeVisible({
        timeout: 60_000,
      });
      await page.screenshot({
        path: `${SCREENSHOTS}/try-it-connection-test.png`,
        fullPage: true,
      });
    });

    await test.step('review, create, and the catalog entity', async () => {
      await click(page.getByRole('button', { name: 'Review' }));
      // the review reads like the form, with the test's state in words
      await expect(
        page.getByText('Connection test', { exact: true }),
      ).toBeVisible();
      await expect(page.getByText('Passed', { exact: true })).toBeVisible();
      await page.screenshot({
        path: `${SCREENSHOTS}/template-review.png`,
        fullPage: true,
      });
      await click(page.getByRole('button', { name: 'Create' }));
      // the output link is absolute and opens in a new tab
      const [entityPage] = await Promise.all([
        page.context().waitForEvent('page'),
        click(page.getByRole('link', { name: 'Open the catalog entity' })),
      ]);
      watchers.push(watchPage(entityPage));
      await expect(entityPage).toHaveURL(
        new RegExp(`/catalog/default/resource/${name}$`),
      );
      const card = entityPage.locator('.bui-Card').filter({
        has: entityPage.getByRole('heading', { name: 'S3 bucket' }),
      });
      await expect(card).toContainText(value('Bucket'));
      // the template stored its first connection test with the resource
      // (warnings when the new bucket has no Block Public Access setting on)
      await expect(card).toContainText(/Passing|Warnings/);
      shown = entityPage;
    });
    const seconds = (Date.now() - t0) / 1000;
    await shown.screenshot({
      path: `${SCREENSHOTS}/template-entity-page.png`,
      fullPage: true,
    });
    const figures = `${seconds.toFixed(1)} s, ${done.clicks} clicks, ${
      done.fields
    } fields typed`;
    // eslint-disable-next-line no-console
    console.log(`newcomer walk: ${figures}`);
    test
      .info()
      .annotations.push({ type: 'newcomer walk', description: figures });
    for (const watch of watchers) expect(await watch.settled()).toEqual([]);
  } finally {
    // leave demo-sandbox unregistered again, for the next newcomer
    const found = await fetch(
      `${BACKEND}/api/s3-resources/resources/by-name/${name}`,
      { headers: auth },
    );
    if (found.ok) {
      const { id } = await found.json();
      await fetch(`${BACKEND}/api/s3-resources/resources/${id}`, {
        method: 'DELETE',
        headers: auth,
      });
    }
  }
});
