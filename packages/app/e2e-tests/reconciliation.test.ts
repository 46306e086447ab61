import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { expect, test } from '@playwright/test';
import {
  SCREENSHOTS,
  endpoint,
  guestToken,
  required,
  signIn,
  wholePage,
} from './support';

/**
 * Reconciliation in real Chromium against the real backend and Ceph RGW:
 * buckets made outside the portal with the aws CLI and the harness's
 * `other` user. After a sweep started from the page, a bucket no resource
 * registers is a shadow and is imported from its entry; a resource whose
 * bucket was deleted is a ghost and is retired with confirmation, which
 * the audit trail shows; a bucket whose owner tag names another team
 * shows under "Owner tag differs" with both ways to align it.
 */

const run = promisify(execFile);

const otherKeys = () => ({
  accessKeyId: required('S3R_TEST_S3_OTHER_ACCESS_KEY'),
  secretAccessKey: required('S3R_TEST_S3_OTHER_SECRET_KEY'),
});

/** The aws CLI as the `other` user, against the harness's endpoint. */
async function aws(...args: string[]) {
  const keys = otherKeys();
  await run('aws', [...args, '--endpoint-url', endpoint()], {
    env: {
      ...process.env,
      AWS_ACCESS_KEY_ID: keys.accessKeyId,
      AWS_SECRET_ACCESS_KEY: keys.secretAccessKey,
      AWS_DEFAULT_REGION: 'us-east-1',
    },
  });
}

test('reconciliation: a shadow bucket is imported, a ghost resource retired, an owner tag differs', async ({
  page,
  request,
}) => {
  test.setTimeout(360_000);
  const suffix = Date.now().toString(36);
  const bucket = (what: string) => `e2e-rec-${suffix}-${what}`;
  const auth = { Authorization: `Bearer ${await guestToken(request)}` };
  const ids: string[] = [];
  const register = async (name: string, on: string) => {
    const created = await request.post('/api/s3-resources/resources', {
      headers: auth,
      data: {
        name,
        owner: 'group:default/team-a',
        provider: 'ceph-rgw',
        endpoint: endpoint(),
        region: 'us-east-1',
        bucket: on,
        auth: { method: 'access-key', ...otherKeys() },
      },
    });
    expect(created.status(), await created.text()).toBe(201);
    const id = (await created.json()).id as string;
    ids.push(id);
    return id;
  };
  const ghostName = `a-e2e-rec-${suffix}-gone`;

  try {
    await test.step('buckets made outside the portal with the aws CLI', async () => {
      for (const b of ['shadow', 'gone', 'tagged']) {
        await aws('s3api', 'create-bucket', '--bucket', bucket(b));
      }
      await aws(
        's3api',
        'put-bucket-tagging',
        '--bucket',
        bucket('shadow'),
        '--tagging',
        'TagSet=[{Key=backstage.io/owner,Value=group:default/team-a}]',
      );
      await aws(
        's3api',
        'put-bucket-tagging',
        '--bucket',
        bucket('tagged'),
        '--tagging',
        'TagSet=[{Key=owner,Value=group:default/team-b},{Key=cost-center,Value=cc-7}]',
      );
      await register(ghostName, bucket('gone'));
      await register(`e2e-rec-${suffix}-tagged`, bucket('tagged'));
      // the registered bucket is deleted behind the portal's back
      await aws('s3api', 'delete-bucket', '--bucket', bucket('gone'));
    });

    await signIn(page);

    await test.step('a sweep from the audit page, then its Reconciliation tab', async () => {
      await page.getByRole('link', { name: 'S3 resources' }).click();
      await page.getByRole('link', { name: 'Audit' }).click();
      await page.getByRole('button', { name: 'Run sweep now' }).click();
      await expect(page.getByText(/^Sweep finished: /)).toBeVisible({
        timeout: 240_000,
      });
      await page.getByRole('tab', { name: 'Reconciliation' }).click();
      await expect(page).toHaveURL(/tab=reconciliation/);
      // only what the other user's key lists (the harness's tester owns
      // the buckets of every other test)
      await page.getByRole('button', { name: /Source$/ }).click();
      await page
        .getByRole('option', {
          name: new RegExp(`${otherKeys().accessKeyId.slice(-4)} of `),
        })
        .click();
      await expect(
        page
          .getByRole('table', { name: 'Shadow buckets' })
          .getByRole('row')
          .filter({ hasText: bucket('shadow') }),
      ).toBeVisible();
      await expect(
        page
          .getByRole('table', { name: 'Ghost resources' })
          .getByRole('row')
          .filter({ hasText: ghostName }),
      ).toContainText('no longer exists');
      const differs = page
        .getByRole('table', { name: 'Owner tag differs' })
        .getByRole('row')
        .filter({ hasText: bucket('tagged') });
      await expect(differs).toContainText('group:default/team-b');
      await wholePage(page, `${SCREENSHOTS}/reconciliation.png`);
    });

    await test.step('align an owner: both ways, the command keeps the other tags', async () => {
      await page
        .getByRole('button', {
          name: `Align the owner of e2e-rec-${suffix}-tagged`,
        })
        .click();
      const dialog = page.getByRole('dialog');
      await expect(
        dialog.getByRole('button', {
          name: 'Make group:default/team-b the owner',
        }),
      ).toBeVisible();
      await expect(dialog).toContainText(
        '{"Key":"owner","Value":"group:default/team-a"}',
      );
      await expect(dialog).toContainText('cc-7');
      await page.keyboard.press('Escape');
      await expect(dialog).toBeHidden();
    });

    await test.step('retire the ghost, with confirmation', async () => {
      await page.getByRole('button', { name: `Retire ${ghostName}` }).click();
      const dialog = page.getByRole('dialog');
      await expect(dialog).toContainText('The bucket no longer exists');
      await dialog.getByRole('button', { name: 'Delete' }).click();
      await expect(dialog).toBeHidden();
      await expect(
        page
          .getByRole('table', { name: 'Ghost resources' })
          .getByRole('row')
          .filter({ hasText: ghostName }),
      ).toHaveCount(0);
      ids.shift();
    });

    await test.step('the audit trail shows the retirement', async () => {
      await page.getByRole('tab', { name: 'Audit trail' }).click();
      await page.getByRole('button', { name: /Action$/ }).click();
      await page.getByRole('option', { name: 'Resource deleted' }).click();
      await expect(
        page
          .getByRole('region', { name: 'Audit trail' })
          .getByRole('row')
          .filter({ hasText: ghostName })
          .first(),
      ).toContainText('Succeeded');
    });

    await test.step('import the shadow bucket from its entry, pre-filled', async () => {
      await page.getByRole('tab', { name: 'Reconciliation' }).click();
      await page
        .getByRole('link', { name: `Import ${bucket('shadow')}` })
        .click();
      await expect(page).toHaveURL(/\/s3-resources\/import\?/);
      await expect(
        page.getByRole('textbox', { name: 'Endpoint URL' }),
      ).toHaveValue(endpoint());
      // the secret never travels in the address: it is entered here
      expect(page.url()).not.toContain(otherKeys().secretAccessKey);
      await page
        .getByRole('textbox', { name: 'Access key ID' })
        .fill(otherKeys().accessKeyId);
      await page
        .getByLabel('Secret access key')
        .fill(otherKeys().secretAccessKey);
      await page.getByRole('button', { name: 'Discover buckets' }).click();
      await expect(page.getByText(/^Found \d+ buckets?\.$/)).toBeVisible({
        timeout: 60_000,
      });
      await expect(
        page.getByRole('checkbox', { name: `Select ${bucket('shadow')}` }),
      ).toBeChecked();
      await page.getByRole('button', { name: 'Import selected (1)' }).click();
      await expect(
        page.getByText(
          'Import finished: 1 created, 0 already registered, 0 failed',
        ),
      ).toBeVisible({ timeout: 60_000 });
    });
  } finally {
    for (const b of ['shadow', 'gone', 'tagged']) {
      await aws('s3api', 'delete-bucket', '--bucket', bucket(b)).catch(
        () => undefined,
      );
    }
    // the resources live in the e2e backend's database; best effort
    try {
      const token = { headers: auth };
      const listed = await request.get(
        `/api/s3-resources/resources?q=e2e-rec-${suffix}&limit=50`,
        token,
      );
      const found = listed.ok()
        ? ((await listed.json()).items as Array<{ id: string }>).map(r => r.id)
        : [];
      for (const id of new Set([...ids, ...found])) {
        await request.delete(`/api/s3-resources/resources/${id}`, token);
      }
    } catch {
      // the request context is gone with the page after a timeout
    }
  }
});
