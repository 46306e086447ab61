import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  S3Resource,
  STEP_IDS,
  STEP_TITLES,
  TestRun,
} from '@s3-resources/plugin-s3-resources-common';
import {
  ConnectionTestOptions,
  s3ResourcesApiRef,
} from '../../api/S3ResourcesApi';
import {
  deferred,
  makeResource,
  makeRun,
  makeStep,
  mockS3Api,
} from '../../__testUtils__/fixtures';
import { responseError } from '../../__testUtils__/responses';
import { withFreshPermissionCache } from '../../__testUtils__/permissionCache';
import { ResourceDetails } from './ResourceDetails';
import { mockClipboard } from '../../__testUtils__/clipboard';

const ID = '7d4d1f1e-2b7a-4a38-9a55-0c2f0f6a1a11';

function render(
  api = mockS3Api(),
  options: {
    allow?: boolean;
    auditAllowed?: boolean;
    route?: string;
    onDeleted?: () => void;
  } = {},
) {
  const allow = options.allow ?? true;
  const auditAllowed = options.auditAllowed ?? allow;
  return renderInTestApp(
    withFreshPermissionCache(
      <ResourceDetails id={ID} onDeleted={options.onDeleted} />,
    ),
    {
      apis: [
        [s3ResourcesApiRef, api],
        mockApis.permission({
          authorize: request => {
            if (request.permission.name === 's3.audit.read') {
              return auditAllowed
                ? AuthorizeResult.ALLOW
                : AuthorizeResult.DENY;
            }
            return allow ? AuthorizeResult.ALLOW : AuthorizeResult.DENY;
          },
        }),
      ],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
      initialRouteEntries: [options.route ?? '/'],
    },
  );
}

describe('ResourceDetails', () => {
  it('shows a loading state, then the overview with the masked key and auth method', async () => {
    const resource = deferred<S3Resource>();
    const api = mockS3Api({ getResource: jest.fn(() => resource.promise) });
    await render(api);
    expect(screen.getByLabelText('Loading the resource')).toBeInTheDocument();
    resource.resolve(makeResource());
    expect(
      await screen.findByRole('heading', { level: 2, name: 'Team A media' }),
    ).toBeInTheDocument();
    expect(screen.getByText('****************KEY1')).toBeInTheDocument();
    expect(
      screen.getByText('Access key (key ID and secret)'),
    ).toBeInTheDocument();
    expect(screen.getByText(/secret stored/)).toBeInTheDocument();
    expect(screen.getByText('Passing')).toBeInTheDocument();
    expect(screen.getByText(/last tested 5 minutes ago/)).toBeInTheDocument();
  });

  it('links owner and system in any spelling', async () => {
    const api = mockS3Api({
      getResource: jest.fn(async () =>
        makeResource({
          owner: 'group:default/team-a',
          system: 'media-pipeline',
        }),
      ),
    });
    await render(api);
    expect(
      await screen.findByRole('link', { name: /media-pipeline/ }),
    ).toHaveAttribute('href', '/catalog/default/system/media-pipeline');
    expect(screen.getByRole('link', { name: /^team-a$/ })).toHaveAttribute(
      'href',
      '/catalog/default/group/team-a',
    );
  });

  it('shows an owner it cannot read as text instead of failing', async () => {
    const api = mockS3Api({
      getResource: jest.fn(async () =>
        makeResource({ owner: 'not/a/ref', system: 'component:web' }),
      ),
    });
    await render(api);
    expect(await screen.findByText('not/a/ref')).toBeInTheDocument();
    expect(screen.getByText('component:web')).toBeInTheDocument();
    expect(
      screen.getByRole('heading', { level: 2, name: 'Team A media' }),
    ).toBeInTheDocument();
  });

  it('explains a resource that is not there (404)', async () => {
    const error = await responseError(
      404,
      'NotFoundError',
      `No resource ${ID}`,
    );
    const api = mockS3Api({ getResource: jest.fn().mockRejectedValue(error) });
    await render(api);
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Could not load the resource: not found');
    expect(alert).toHaveTextContent(`No resource ${ID}`);
  });

  it('hides edit, delete, test and the audit trail from those not allowed', async () => {
    const api = mockS3Api();
    await render(api, { allow: false });
    await screen.findByRole('heading', { level: 2, name: 'Team A media' });
    expect(
      screen.queryByRole('button', { name: 'Edit' }),
    ).not.toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Delete' }),
    ).not.toBeInTheDocument();
    expect(
      screen.queryByRole('tab', { name: 'Audit trail' }),
    ).not.toBeInTheDocument();
    await userEvent.click(screen.getByRole('tab', { name: 'Connection' }));
    expect(
      await screen.findByText(
        /Only the resource.s owners and the platform team/,
      ),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Test now' }),
    ).not.toBeInTheDocument();
    expect(api.listAudit).not.toHaveBeenCalled();
  });

  it('shows the actions and the audit trail to those allowed', async () => {
    const api = mockS3Api({
      listAudit: jest.fn(async () => ({
        items: [
          {
            id: 'a1',
            at: '2025-01-02T10:00:00.000Z',
            actor: 'user:default/alice',
            action: 'resource-update',
            resourceId: ID,
            outcome: 'success' as const,
            changedFields: ['title'],
          },
        ],
      })),
    });
    await render(api, { route: '/?tab=audit' });
    expect(
      await screen.findByRole('button', { name: 'Edit' }),
    ).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Delete' })).toBeInTheDocument();
    expect(await screen.findByText('changed title')).toBeInTheDocument();
    expect(screen.getByText('✓ Succeeded')).toBeInTheDocument();
    expect(api.listAudit).toHaveBeenCalledWith({
      resourceId: ID,
      cursor: undefined,
      limit: 50,
    });
  });

  it('handles a 403 from the audit API gracefully', async () => {
    const error = await responseError(
      403,
      'NotAllowedError',
      'You may not read the audit trail',
    );
    const api = mockS3Api({ listAudit: jest.fn().mockRejectedValue(error) });
    await render(api, { route: '/?tab=audit' });
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent(
      'Could not load the audit trail: not allowed',
    );
  });

  it('lists every step while a test runs, fills results in at their places, then shows the outcome', async () => {
    const done = deferred<TestRun>();
    let report: ConnectionTestOptions['onStep'];
    const run = makeRun({
      status: 'fail',
      steps: STEP_IDS.map(id =>
        id === 'bucket'
          ? makeStep('bucket', {
              status: 'fail',
              durationMs: 1200,
              message: 'HeadBucket answered 403',
              errorCode: 'AccessDenied',
              httpStatus: 403,
              remediation: 'Grant s3:ListBucket on the bucket',
            })
          : makeStep(id, { durationMs: 3 }),
      ),
    });
    const step = (id: string) => run.steps.find(s => s.id === id)!;
    const api = mockS3Api({
      testResource: jest.fn((_id, options) => {
        report = options?.onStep;
        return done.promise;
      }),
    });
    await render(api, { route: '/?tab=connection' });
    await userEvent.click(
      await screen.findByRole('checkbox', { name: /Include write probe/ }),
    );
    await userEvent.click(screen.getByRole('button', { name: 'Test now' }));
    expect(api.testResource).toHaveBeenCalledWith(
      ID,
      expect.objectContaining({ writeProbe: true }),
    );
    expect(await screen.findByText('Test in progress')).toBeInTheDocument();

    // before any result: every step, in order, waiting
    const steps = await screen.findByRole('list', {
      name: 'Connection test steps',
    });
    const labels = () =>
      within(steps)
        .getAllByRole('listitem')
        .map(i => i.getAttribute('aria-label'));
    const inOrder = STEP_IDS.map(
      (id, i) => `Step ${i + 1}: ${STEP_TITLES[id]}`,
    );
    expect(labels()).toEqual(inOrder);
    expect(within(steps).getAllByText('Waiting…')).toHaveLength(
      STEP_IDS.length,
    );
    expect(screen.getByText('0 of 11 checks done')).toBeInTheDocument();

    // the bucket step finishes first: it takes the fourth place
    act(() => report!(step('bucket')));
    const bucketRow = within(steps).getAllByRole('listitem')[3];
    await waitFor(() => expect(bucketRow).toHaveTextContent('Failed'));
    expect(bucketRow).toHaveTextContent('Bucket reachable');
    expect(bucketRow).toHaveTextContent('1.2 s');
    expect(bucketRow).toHaveTextContent('Error code: AccessDenied (HTTP 403)');
    expect(bucketRow).toHaveTextContent(
      'How to fix: Grant s3:ListBucket on the bucket',
    );
    expect(within(steps).getAllByRole('listitem')[0]).toHaveTextContent(
      'Waiting…',
    );
    expect(screen.getByText('1 of 11 checks done')).toBeInTheDocument();
    expect(
      screen.getByRole('progressbar', { name: 'Connection test progress' }),
    ).toHaveAttribute('value', '1');

    act(() => report!(step('endpoint')));
    await waitFor(() =>
      expect(within(steps).getAllByRole('listitem')[0]).toHaveTextContent(
        'Passed',
      ),
    );
    expect(labels()).toEqual(inOrder);
    expect(screen.getByText('2 of 11 checks done')).toBeInTheDocument();

    await act(async () => done.resolve(run));
    expect(
      await screen.findByText('Connection test failed'),
    ).toBeInTheDocument();
    expect(labels()).toEqual(inOrder);
    expect(within(steps).queryByText('Waiting…')).not.toBeInTheDocument();
    expect(screen.queryByRole('progressbar')).not.toBeInTheDocument();
    // The header follows the new result.
    expect(screen.getByText('Failing')).toBeInTheDocument();
  });

  it('shows the last run and the history in the fixed step order', async () => {
    const shuffled = ['cors', 'bucket', 'endpoint', 'credentials', 'list'];
    const api = mockS3Api({
      listTestRuns: jest.fn(async () => ({
        items: [makeRun({ steps: shuffled.map(id => makeStep(id)) })],
      })),
    });
    const inOrder = [
      'Step 1: Endpoint policy',
      'Step 2: Credentials',
      'Step 3: Bucket reachable',
      'Step 4: List objects',
      'Step 5: CORS',
    ];
    const labels = (list: HTMLElement) =>
      within(list)
        .getAllByRole('listitem')
        .map(i => i.getAttribute('aria-label'));

    await render(api, { route: '/?tab=connection' });
    const last = await screen.findByRole('list', {
      name: 'Steps of the last test run',
    });
    expect(labels(last)).toEqual(inOrder);

    await userEvent.click(screen.getByRole('tab', { name: 'History' }));
    await userEvent.click(
      await screen.findByRole('button', { name: /Passing/ }),
    );
    const history = await screen.findByRole('list', {
      name: /^Steps of the test at/,
    });
    expect(labels(history)).toEqual(inOrder);
    expect(within(history).queryByText('Waiting…')).not.toBeInTheDocument();
  });

  it('says when the test API is missing or rate limited', async () => {
    const limited = await responseError(
      429,
      'TooManyRequestsError',
      'Too many tests.',
      {
        'Retry-After': '30',
      },
    );
    const api = mockS3Api({
      testResource: jest.fn().mockRejectedValue(limited),
    });
    await render(api, { route: '/?tab=connection' });
    await userEvent.click(
      await screen.findByRole('button', { name: 'Test now' }),
    );
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('too many requests');
    expect(alert).toHaveTextContent('Try again in 30 s.');
  });

  it('explains a version conflict on save, reloads the latest and keeps the edits', async () => {
    const conflict = await responseError(
      409,
      'ConflictError',
      'Resource team-a-media changed since version 3 (now 4); reload it and apply your change again',
    );
    const latest = makeResource({
      version: 4,
      description: 'Changed by Bob',
      updatedBy: 'user:default/bob',
    });
    const api = mockS3Api({
      getResource: jest
        .fn()
        .mockResolvedValueOnce(makeResource())
        .mockResolvedValue(latest),
      updateResource: jest
        .fn()
        .mockRejectedValueOnce(conflict)
        .mockImplementation(async (_id, request) => ({
          ...latest,
          ...request,
          version: 5,
        })),
    });
    await render(api);
    await userEvent.click(await screen.findByRole('button', { name: 'Edit' }));
    const dialog = await screen.findByRole('dialog', {
      name: 'Edit Team A media',
    });
    const title = within(dialog).getByRole('textbox', { name: 'Title' });
    await userEvent.clear(title);
    await userEvent.type(title, 'Media uploads');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save' }));

    const alert = await within(dialog).findByRole('alert');
    expect(alert).toHaveTextContent('Someone else changed this resource');
    expect(alert).toHaveTextContent('You were editing version 3');
    expect(alert).toHaveTextContent('nothing of yours was saved');
    expect(api.updateResource).toHaveBeenCalledWith(ID, {
      version: 3,
      title: 'Media uploads',
    });

    await userEvent.click(
      within(alert).getByRole('button', { name: 'Reload latest version' }),
    );
    expect(
      await within(dialog).findByText('Loaded version 4'),
    ).toBeInTheDocument();
    expect(within(dialog).getByRole('textbox', { name: 'Title' })).toHaveValue(
      'Media uploads',
    );
    expect(
      within(dialog).getByRole('textbox', { name: 'Description' }),
    ).toHaveValue('Changed by Bob');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    await waitFor(() =>
      expect(api.updateResource).toHaveBeenLastCalledWith(ID, {
        version: 4,
        title: 'Media uploads',
      }),
    );
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
    expect(
      screen.getByRole('heading', { level: 2, name: 'Media uploads' }),
    ).toBeInTheDocument();
  });

  it('checks edits with the shared validators before sending and rotates the access key', async () => {
    const api = mockS3Api();
    await render(api);
    await userEvent.click(await screen.findByRole('button', { name: 'Edit' }));
    const dialog = await screen.findByRole('dialog');
    const owner = within(dialog).getByRole('textbox', { name: /Owner/ });
    await userEvent.clear(owner);
    await userEvent.type(owner, 'component:default/x');
    await userEvent.click(
      within(dialog).getByRole('checkbox', { name: /Rotate credentials/ }),
    );
    await userEvent.type(
      within(dialog).getByRole('textbox', { name: 'New access key ID' }),
      'AKNEW',
    );
    await userEvent.type(
      within(dialog).getByLabelText('New secret access key'),
      's3cret',
    );
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    expect(await within(dialog).findByText(/owner: .*\[/)).toBeInTheDocument();
    expect(api.updateResource).not.toHaveBeenCalled();

    await userEvent.clear(owner);
    await userEvent.type(owner, 'group:default/team-b');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    await waitFor(() =>
      expect(api.updateResource).toHaveBeenCalledWith(ID, {
        version: 3,
        owner: 'group:default/team-b',
        auth: {
          method: 'access-key',
          accessKeyId: 'AKNEW',
          secretAccessKey: 's3cret',
        },
      }),
    );
  });

  it('shows a refused save (400) with the field and rule', async () => {
    const refused = await responseError(
      400,
      'InputError',
      'cors.uploadMode: "simple-put" uploads need s3:PutObject [cors-upload-needs-write]',
    );
    const api = mockS3Api({
      updateResource: jest.fn().mockRejectedValue(refused),
    });
    await render(api);
    await userEvent.click(await screen.findByRole('button', { name: 'Edit' }));
    const dialog = await screen.findByRole('dialog');
    await userEvent.type(
      within(dialog).getByRole('textbox', { name: 'Title' }),
      '!',
    );
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    const alert = await within(dialog).findByRole('alert');
    expect(alert).toHaveTextContent('the input was refused');
    expect(alert).toHaveTextContent('[cors-upload-needs-write]');
  });

  it('deletes after confirmation', async () => {
    const onDeleted = jest.fn();
    const api = mockS3Api();
    await render(api, { onDeleted });
    await userEvent.click(
      await screen.findByRole('button', { name: 'Delete' }),
    );
    const dialog = await screen.findByRole('dialog', {
      name: 'Delete Team A media?',
    });
    expect(dialog).toHaveTextContent(
      'The bucket and its objects are not touched',
    );
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Delete' }),
    );
    await waitFor(() => expect(onDeleted).toHaveBeenCalled());
    expect(api.deleteResource).toHaveBeenCalledWith(ID);
  });

  it('shows the external ID with a copy button and why, for assume-role resources', async () => {
    const copied = mockClipboard();
    const api = mockS3Api({
      getResource: jest.fn(async () =>
        makeResource({
          provider: 'aws',
          endpoint: undefined,
          auth: {
            method: 'assume-role',
            roleArn: 'arn:aws:iam::123456789012:role/media-uploader',
            externalId: 'ext-abc123',
            source: { method: 'aws-account', accountId: '123456789012' },
          },
        }),
      ),
    });
    await render(api);
    expect(await screen.findByText('ext-abc123')).toBeInTheDocument();
    expect(screen.getByText(/confused deputy/)).toBeInTheDocument();
    await userEvent.click(
      screen.getByRole('button', { name: 'Copy external ID' }),
    );
    expect(copied).toHaveBeenCalledWith('ext-abc123');
    expect(
      await screen.findByText('Copied to the clipboard'),
    ).toBeInTheDocument();
  });
});
