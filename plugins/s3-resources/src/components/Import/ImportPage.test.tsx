import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  DiscoverOptions,
  DiscoveredBucket,
  ImportOptions,
  ImportOutcome,
  S3ResourcesApi,
  s3ResourcesApiRef,
} from '../../api/S3ResourcesApi';
import { deferred, mockS3Api } from '../../__testUtils__/fixtures';
import { responseError } from '../../__testUtils__/responses';
import { withFreshPermissionCache } from '../../__testUtils__/permissionCache';
import { rootRouteRef } from '../../routes';
import { ImportPage } from './ImportPage';

const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';

function bucket(name: string, extra: Partial<DiscoveredBucket> = {}) {
  return {
    bucket: name,
    region: 'us-east-1',
    tags: {},
    suggestedName: `${name}--127-0-0-1-7480`,
    warnings: [],
    ...extra,
  };
}

function render(api: jest.Mocked<S3ResourcesApi>, allowed = true) {
  return renderInTestApp(withFreshPermissionCache(<ImportPage />), {
    apis: [
      [s3ResourcesApiRef, api],
      catalogApiMock({
        entities: [
          {
            apiVersion: 'backstage.io/v1alpha1',
            kind: 'Group',
            metadata: { name: 'team-a', namespace: 'default' },
            spec: {},
          },
        ],
      }),
      mockApis.permission({
        authorize: request =>
          request.permission.name === 's3.resource.create' && allowed
            ? AuthorizeResult.ALLOW
            : AuthorizeResult.DENY,
      }),
    ],
    mountedRoutes: { '/s3-resources': rootRouteRef },
    initialRouteEntries: ['/s3-resources/import'],
  });
}

/** Ceph RGW at 127.0.0.1:7480 with an access key. */
async function fillSource() {
  await userEvent.click(
    await screen.findByRole('button', { name: /Provider$/ }),
  );
  await userEvent.click(
    await screen.findByRole('option', { name: 'Ceph RADOS Gateway' }),
  );
  await userEvent.type(
    screen.getByRole('textbox', { name: /Endpoint URL/ }),
    'http://127.0.0.1:7480',
  );
  await userEvent.type(
    screen.getByRole('textbox', { name: /Access key ID/ }),
    'AKIAEXAMPLE',
  );
  await userEvent.type(screen.getByLabelText(/Secret access key/), SECRET);
}

const table = () => screen.getByRole('table', { name: 'Discovered buckets' });
const row = (name: string) =>
  within(table())
    .getAllByRole('row')
    .find(r => within(r).queryByRole('rowheader', { name: new RegExp(name) }))!;

describe('ImportPage', () => {
  it('tells those without s3.resource.create that they may not import', async () => {
    const api = mockS3Api();
    await render(api, false);
    expect(
      await screen.findByText('You may not register S3 resources'),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Discover buckets' }),
    ).not.toBeInTheDocument();
  });

  it('asks for what is missing before discovering', async () => {
    const api = mockS3Api();
    await render(api);
    await userEvent.click(
      await screen.findByRole('button', { name: 'Discover buckets' }),
    );
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Complete the source first');
    expect(alert).toHaveTextContent('Enter the access key ID');
    expect(alert).toHaveTextContent('Enter the secret access key');
    expect(api.discoverBuckets).not.toHaveBeenCalled();
  });

  it('streams discovered buckets into the table as they arrive, with suggested names and owners', async () => {
    const rest = deferred<void>();
    const api = mockS3Api({
      discoverBuckets: jest.fn(async (_source, options?: DiscoverOptions) => {
        const first = bucket('media');
        options?.onBucket?.(first);
        await rest.promise;
        const second = bucket('logs', {
          suggestedOwner: 'group:default/team-b',
          tags: { 'backstage.io/owner': 'group:default/team-b' },
          warnings: ['tags: access denied'],
        });
        options?.onBucket?.(second);
        return [first, second];
      }),
    });
    await render(api);
    await fillSource();
    const secretField = screen.getByLabelText(/Secret access key/);
    expect(secretField).toHaveAttribute('type', 'password');
    await userEvent.click(
      screen.getByRole('button', { name: 'Discover buckets' }),
    );

    expect(
      await screen.findByText('Discovering buckets… 1 bucket found so far'),
    ).toBeInTheDocument();
    expect(
      within(row('media')).getByRole('textbox', {
        name: 'Resource name for media',
      }),
    ).toHaveValue('media--127-0-0-1-7480');
    expect(within(table()).getAllByRole('row')).toHaveLength(2);

    await act(async () => rest.resolve());
    expect(await screen.findByText('Found 2 buckets.')).toBeInTheDocument();
    // In name order, whatever order they arrived in.
    expect(
      within(table())
        .getAllByRole('rowheader')
        .map(h => h.textContent?.split('us-east-1')[0]),
    ).toEqual(['logs', 'media']);
    expect(screen.getByRole('textbox', { name: 'Owner of logs' })).toHaveValue(
      'group:default/team-b',
    );
    expect(
      within(row('logs')).getByText("From the bucket's owner tag"),
    ).toBeVisible();
    expect(
      within(row('logs')).getByText('! tags: access denied'),
    ).toBeVisible();
    expect(screen.getByRole('textbox', { name: 'Owner of media' })).toHaveValue(
      '',
    );

    // The secret went with the request, and nowhere else.
    expect(api.discoverBuckets).toHaveBeenCalledWith(
      {
        provider: 'ceph-rgw',
        endpoint: 'http://127.0.0.1:7480',
        region: 'us-east-1',
        forcePathStyle: true,
        auth: {
          method: 'access-key',
          accessKeyId: 'AKIAEXAMPLE',
          secretAccessKey: SECRET,
        },
      },
      expect.objectContaining({ signal: expect.any(AbortSignal) }),
    );
    expect(document.body.textContent).not.toContain(SECRET);
    // The source is locked to what was discovered until "Change source".
    expect(
      screen.getByRole('textbox', { name: /Access key ID/ }),
    ).toBeDisabled();
  });

  it('cancels a discovery that takes too long', async () => {
    const api = mockS3Api({
      discoverBuckets: jest.fn(
        (_source, options?: DiscoverOptions) =>
          new Promise<DiscoveredBucket[]>((_resolve, reject) => {
            options?.onBucket?.(bucket('media'));
            options?.signal?.addEventListener('abort', () =>
              reject(new DOMException('aborted', 'AbortError')),
            );
          }),
      ),
    });
    await render(api);
    await fillSource();
    await userEvent.click(
      screen.getByRole('button', { name: 'Discover buckets' }),
    );
    await screen.findByText('Discovering buckets… 1 bucket found so far');
    await userEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(
      await screen.findByText('Discovery cancelled after 1 bucket.'),
    ).toBeInTheDocument();
  });

  it('shows a discovery error with the backend message', async () => {
    const api = mockS3Api({
      discoverBuckets: jest
        .fn()
        .mockRejectedValue(
          await responseError(
            400,
            'InputError',
            'endpoint: port 9 is not allowed [endpoint-port]',
          ),
        ),
    });
    await render(api);
    await fillSource();
    await userEvent.click(
      screen.getByRole('button', { name: 'Discover buckets' }),
    );
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent(
      'Could not discover the buckets: the input was refused',
    );
    expect(alert).toHaveTextContent('port 9 is not allowed');
  });

  describe('import', () => {
    async function discovered(api: jest.Mocked<S3ResourcesApi>) {
      api.discoverBuckets.mockImplementation(async (_s, options) => {
        const list = [
          bucket('alpha'),
          bucket('beta', { suggestedOwner: 'group:default/team-b' }),
          bucket('gamma'),
        ];
        list.forEach(b => options?.onBucket?.(b));
        return list;
      });
      await render(api);
      await fillSource();
      await userEvent.click(
        screen.getByRole('button', { name: 'Discover buckets' }),
      );
      await screen.findByText('Found 3 buckets.');
    }

    it('selects all and none, and counts the selection', async () => {
      const api = mockS3Api();
      await discovered(api);
      expect(screen.getByText('0 of 3 buckets selected')).toBeVisible();
      expect(
        screen.getByRole('button', { name: 'Import selected (0)' }),
      ).toBeDisabled();
      await userEvent.click(screen.getByRole('button', { name: 'Select all' }));
      expect(screen.getByText('3 of 3 buckets selected')).toBeVisible();
      expect(
        screen.getByRole('checkbox', { name: 'Select all buckets' }),
      ).toBeChecked();
      await userEvent.click(
        screen.getByRole('checkbox', { name: 'Select beta' }),
      );
      expect(screen.getByText('2 of 3 buckets selected')).toBeVisible();
      await userEvent.click(
        screen.getByRole('button', { name: 'Select none' }),
      );
      expect(screen.getByText('0 of 3 buckets selected')).toBeVisible();
      await userEvent.click(
        screen.getByRole('checkbox', { name: 'Select all buckets' }),
      );
      expect(screen.getByText('3 of 3 buckets selected')).toBeVisible();
    });

    it('refuses to send rows without a valid owner or name, and says which', async () => {
      const api = mockS3Api();
      await discovered(api);
      await userEvent.click(
        screen.getByRole('checkbox', { name: 'Select alpha' }),
      );
      await userEvent.click(
        screen.getByRole('checkbox', { name: 'Select beta' }),
      );
      const name = screen.getByRole('textbox', {
        name: 'Resource name for beta',
      });
      await userEvent.clear(name);
      await userEvent.type(name, 'bad name!');
      await userEvent.click(
        screen.getByRole('button', { name: 'Import selected (2)' }),
      );
      const alert = await screen.findByRole('alert');
      expect(alert).toHaveTextContent(
        '2 selected rows need a valid name and owner',
      );
      expect(
        screen.getByText('Choose a default owner above or enter one here'),
      ).toBeVisible();
      expect(
        screen.getByText(/Name may contain letters, digits and - _ \. inside/),
      ).toBeVisible();
      expect(api.importBuckets).not.toHaveBeenCalled();
    });

    it('imports the selection with live progress and an outcome per row, linking created resources', async () => {
      const second = deferred<void>();
      const api = mockS3Api({
        importBuckets: jest.fn(async (_request, options?: ImportOptions) => {
          const results: ImportOutcome['results'] = [
            {
              bucket: 'alpha',
              name: 'alpha--127-0-0-1-7480',
              outcome: 'created',
              resourceId: 'id-alpha',
            },
            {
              bucket: 'beta',
              name: 'beta-renamed',
              outcome: 'exists',
              message: 'bucket beta is already registered as beta-old',
            },
            {
              bucket: 'gamma',
              name: 'gamma--127-0-0-1-7480',
              outcome: 'failed',
              message: 'owner: must refer to a Group or User',
            },
          ];
          options?.onProgress?.({ result: results[0], done: 1, total: 3 });
          await second.promise;
          options?.onProgress?.({ result: results[1], done: 2, total: 3 });
          options?.onProgress?.({ result: results[2], done: 3, total: 3 });
          return { created: 1, exists: 1, failed: 1, results };
        }),
      });
      await discovered(api);
      await userEvent.type(
        screen.getByRole('combobox', { name: 'Default owner' }),
        'team',
      );
      await userEvent.click(
        await screen.findByRole('option', { name: /team-a/ }),
      );
      expect(
        screen.getByRole('textbox', { name: 'Owner of alpha' }),
      ).toHaveValue('group:default/team-a');
      expect(
        screen.getByRole('textbox', { name: 'Owner of beta' }),
      ).toHaveValue('group:default/team-b');
      const name = screen.getByRole('textbox', {
        name: 'Resource name for beta',
      });
      await userEvent.clear(name);
      await userEvent.type(name, 'beta-renamed');
      await userEvent.click(screen.getByRole('button', { name: 'Select all' }));
      await userEvent.click(
        screen.getByRole('button', { name: 'Import selected (3)' }),
      );

      expect(
        await screen.findByText('Importing… 1 of 3 done'),
      ).toBeInTheDocument();
      expect(
        screen.getByRole('progressbar', { name: 'Import progress' }),
      ).toHaveAttribute('value', '1');
      expect(within(row('alpha')).getByText('✓ Created')).toBeVisible();
      expect(
        within(row('alpha')).getByRole('link', {
          name: 'Open alpha--127-0-0-1-7480',
        }),
      ).toHaveAttribute('href', '/s3-resources/resources/id-alpha');
      expect(within(row('gamma')).getByText('… Waiting')).toBeVisible();

      await act(async () => second.resolve());
      expect(
        await screen.findByText(
          'Import finished: 1 created, 1 already registered, 1 failed',
        ),
      ).toBeInTheDocument();
      expect(
        within(row('beta')).getByText('= Already registered'),
      ).toBeVisible();
      expect(
        within(row('beta')).getByText(
          'bucket beta is already registered as beta-old',
        ),
      ).toBeVisible();
      expect(within(row('gamma')).getByText('✕ Failed')).toBeVisible();
      expect(
        within(row('gamma')).getByText('owner: must refer to a Group or User'),
      ).toBeVisible();
      // Created rows are deselected; the others stay selected to retry.
      expect(
        screen.getByRole('checkbox', { name: 'Select alpha' }),
      ).not.toBeChecked();
      expect(
        screen.getByRole('checkbox', { name: 'Select gamma' }),
      ).toBeChecked();

      expect(api.importBuckets).toHaveBeenCalledWith(
        {
          source: expect.objectContaining({
            provider: 'ceph-rgw',
            auth: {
              method: 'access-key',
              accessKeyId: 'AKIAEXAMPLE',
              secretAccessKey: SECRET,
            },
          }),
          accessLevel: 'read',
          buckets: [
            {
              bucket: 'alpha',
              name: 'alpha--127-0-0-1-7480',
              owner: 'group:default/team-a',
              region: 'us-east-1',
            },
            {
              bucket: 'beta',
              name: 'beta-renamed',
              owner: 'group:default/team-b',
              region: 'us-east-1',
            },
            {
              bucket: 'gamma',
              name: 'gamma--127-0-0-1-7480',
              owner: 'group:default/team-a',
              region: 'us-east-1',
            },
          ],
        },
        expect.anything(),
      );
      expect(document.body.textContent).not.toContain(SECRET);
    });

    it('shows an import that failed as a whole', async () => {
      const api = mockS3Api({
        importBuckets: jest
          .fn()
          .mockRejectedValue(
            await responseError(
              403,
              'NotAllowedError',
              'You may not register S3 resources',
            ),
          ),
      });
      await discovered(api);
      await userEvent.click(
        screen.getByRole('checkbox', { name: 'Select beta' }),
      );
      await userEvent.click(
        screen.getByRole('button', { name: 'Import selected (1)' }),
      );
      const alert = await screen.findByRole('alert');
      expect(alert).toHaveTextContent(
        'Could not import the buckets: not allowed',
      );
      await waitFor(() =>
        expect(
          screen.getByRole('button', { name: 'Import selected (1)' }),
        ).toBeEnabled(),
      );
    });
  });
});
