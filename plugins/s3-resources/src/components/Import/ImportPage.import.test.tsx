import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ImportOptions, ImportOutcome } from '../../api/S3ResourcesApi';
import { deferred, mockS3Api } from '../../__testUtils__/fixtures';
import {
  SECRET,
  bucket,
  discoverThree,
  row,
} from '../../__testUtils__/importPage';
import { responseError } from '../../__testUtils__/responses';

// Each test types and clicks through a discovery and an import (about 20 s
// on two busy cores); the default 30 s left too little room.
jest.setTimeout(90_000);

describe('ImportPage import', () => {
  it('selects all and none, and counts the selection', async () => {
    const api = mockS3Api();
    await discoverThree(api);
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
    await userEvent.click(screen.getByRole('button', { name: 'Select none' }));
    expect(screen.getByText('0 of 3 buckets selected')).toBeVisible();
    await userEvent.click(
      screen.getByRole('checkbox', { name: 'Select all buckets' }),
    );
    expect(screen.getByText('3 of 3 buckets selected')).toBeVisible();
  });

  it('refuses to send rows without a valid owner or name, and says which', async () => {
    const api = mockS3Api();
    await discoverThree(api);
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
            test: {
              status: 'warn',
              runId: 'run-alpha',
              problem: 'CORS: no CORS configuration on the bucket',
            },
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
    await discoverThree(api);
    await userEvent.type(
      screen.getByRole('combobox', { name: 'Default owner' }),
      'team',
    );
    await userEvent.click(
      await screen.findByRole('option', { name: /team-a/ }),
    );
    expect(screen.getByRole('textbox', { name: 'Owner of alpha' })).toHaveValue(
      'group:default/team-a',
    );
    expect(screen.getByRole('textbox', { name: 'Owner of beta' })).toHaveValue(
      'group:default/team-b',
    );
    const name = screen.getByRole('textbox', {
      name: 'Resource name for beta',
    });
    await userEvent.clear(name);
    await userEvent.type(name, 'beta-renamed');
    const title = screen.getByRole('textbox', { name: 'Title for gamma' });
    expect(title).toHaveValue('gamma');
    await userEvent.clear(title);
    await userEvent.type(title, 'Gamma photos');
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
    // the row's connection test, run once on the created resource
    expect(within(row('alpha')).getByText('Connection test:')).toBeVisible();
    expect(within(row('alpha')).getByText('Warnings')).toBeVisible();
    expect(
      within(row('alpha')).getByText(
        'CORS: no CORS configuration on the bucket',
      ),
    ).toBeVisible();
    expect(within(row('gamma')).getByText('… Waiting')).toBeVisible();

    await act(async () => second.resolve());
    expect(
      await screen.findByText(
        'Import finished: 1 created, 1 already registered, 1 failed',
      ),
    ).toBeInTheDocument();
    expect(within(row('beta')).getByText('= Already registered')).toBeVisible();
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
            title: 'alpha',
          },
          {
            bucket: 'beta',
            name: 'beta-renamed',
            owner: 'group:default/team-b',
            region: 'us-east-1',
            title: 'beta',
          },
          {
            bucket: 'gamma',
            name: 'gamma--127-0-0-1-7480',
            owner: 'group:default/team-a',
            region: 'us-east-1',
            title: 'Gamma photos',
          },
        ],
      },
      expect.anything(),
    );
    expect(document.body.textContent).not.toContain(SECRET);
  });

  it('flags buckets registered already as they are discovered, and leaves them out', async () => {
    const api = mockS3Api();
    await discoverThree(api, [
      bucket('delta', {
        registered: { name: 'delta-old', resourceId: 'id-delta' },
      }),
      bucket('epsilon', { registered: {} }),
    ]);
    expect(
      within(row('delta')).getByText('= Already registered'),
    ).toBeVisible();
    expect(
      within(row('delta')).getByRole('link', { name: 'Open delta-old' }),
    ).toHaveAttribute('href', '/s3-resources/resources/id-delta');
    // a resource the user may not read is named, not linked
    expect(
      within(row('epsilon')).getByText('by a resource you may not see'),
    ).toBeVisible();
    expect(within(row('epsilon')).queryByRole('link')).toBeNull();
    const delta = screen.getByRole('checkbox', { name: 'Select delta' });
    expect(delta).not.toBeChecked();
    expect(delta).toBeDisabled();

    await userEvent.click(screen.getByRole('button', { name: 'Select all' }));
    expect(screen.getByText('3 of 5 buckets selected')).toBeVisible();
    expect(
      screen.getByRole('checkbox', { name: 'Select all buckets' }),
    ).toBeChecked();
    expect(delta).not.toBeChecked();
    expect(
      screen.getByRole('button', { name: 'Import selected (3)' }),
    ).toBeEnabled();
  });

  it("lists the default owner's options on open, the user's own first, without typing", async () => {
    const api = mockS3Api();
    await discoverThree(api);
    await userEvent.click(
      screen.getByRole('combobox', { name: 'Default owner' }),
    );
    const listbox = await screen.findByRole('listbox');
    const yours = within(listbox).getByRole('group', { name: 'Yours' });
    expect(within(yours).getByRole('option', { name: /team-a/ })).toBeVisible();
    await userEvent.click(
      within(yours).getByRole('option', { name: /team-a/ }),
    );
    expect(screen.getByRole('textbox', { name: 'Owner of alpha' })).toHaveValue(
      'group:default/team-a',
    );
  });

  it('says how many created resources fail their connection test', async () => {
    const results: ImportOutcome['results'] = ['alpha', 'beta'].map(b => ({
      bucket: b,
      name: b,
      outcome: 'created',
      resourceId: `id-${b}`,
      test: {
        status: 'fail',
        runId: `run-${b}`,
        problem: 'Credentials: the secret access key does not match',
      },
    }));
    const api = mockS3Api({
      importBuckets: jest.fn(async () => ({
        created: 2,
        exists: 0,
        failed: 0,
        results,
      })),
    });
    await discoverThree(api);
    await userEvent.click(
      screen.getByRole('checkbox', { name: 'Select alpha' }),
    );
    await userEvent.click(
      screen.getByRole('checkbox', { name: 'Select beta' }),
    );
    await userEvent.type(
      screen.getByRole('textbox', { name: 'Owner of alpha' }),
      'group:default/team-a',
    );
    await userEvent.click(
      screen.getByRole('button', { name: 'Import selected (2)' }),
    );
    expect(
      await screen.findByText(
        /2 created resources fail their connection test; each row says why/,
      ),
    ).toBeInTheDocument();
    expect(within(row('beta')).getByText('Failing')).toBeVisible();
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
    await discoverThree(api);
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
