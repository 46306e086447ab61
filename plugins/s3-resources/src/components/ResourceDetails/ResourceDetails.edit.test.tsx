import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { mockApis } from '@backstage/frontend-test-utils';
import {
  makeResource,
  makeRun,
  makeStep,
  mockS3Api,
} from '../../__testUtils__/fixtures';
import { responseError } from '../../__testUtils__/responses';
import { ID, renderResourceDetails } from '../../__testUtils__/resourceDetails';

describe('ResourceDetails edit and delete', () => {
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
    await renderResourceDetails(api);
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
    await renderResourceDetails(api);
    await userEvent.click(await screen.findByRole('button', { name: 'Edit' }));
    const dialog = await screen.findByRole('dialog');
    const owner = within(dialog).getByRole('combobox', { name: /Owner/ });
    // catalog pickers, showing the current values
    expect(owner).toHaveValue('group:default/team-a');
    expect(
      within(dialog).getByRole('combobox', { name: /System/ }),
    ).toHaveValue('');
    await userEvent.clear(owner);
    await userEvent.type(owner, 'component:default/x');
    await userEvent.click(
      within(dialog).getByRole('checkbox', { name: /Rotate credentials/ }),
    );
    await userEvent.type(
      within(dialog).getByRole('textbox', { name: /Access key ID/ }),
      'AKNEW',
    );
    await userEvent.type(
      within(dialog).getByLabelText('New secret access key'),
      's3cret',
    );
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    // one plain sentence at the field: no field path, no rule id
    const ownerError = await within(dialog).findByText(/^Must refer to a /);
    expect(ownerError).not.toHaveTextContent(/\[|owner:/);
    expect(api.updateResource).not.toHaveBeenCalled();

    // picked from the catalog, by title
    await userEvent.clear(owner);
    await userEvent.type(owner, 'team-b');
    await userEvent.click(
      await screen.findByRole('option', { name: /group:default\/team-b/ }),
    );
    expect(owner).toHaveValue('group:default/team-b');
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

  /** A resource whose key ID the editor sees whole, as the backend shows it to them. */
  const editable = () =>
    makeResource({
      auth: {
        method: 'access-key',
        accessKeyId: 'S3RTESTERACCESSKEY01',
        hasSecret: true,
      },
    });

  it('refuses a wrong secret before saving: the message at the field, nothing saved', async () => {
    const api = mockS3Api({
      getResource: jest.fn(async () => editable()),
      testResource: jest.fn(async () =>
        makeRun({
          status: 'fail',
          steps: [
            makeStep('credentials', {
              status: 'fail',
              message:
                'The secret access key does not match this access key ID',
              field: 'auth.secretAccessKey',
            }),
            makeStep('bucket', { status: 'skipped' }),
          ],
        }),
      ),
    });
    await renderResourceDetails(api);
    await userEvent.click(await screen.findByRole('button', { name: 'Edit' }));
    const dialog = await screen.findByRole('dialog');
    await userEvent.click(
      within(dialog).getByRole('checkbox', { name: /Rotate credentials/ }),
    );
    // the stored key ID stays filled in: only the secret is typed
    expect(
      within(dialog).getByRole('textbox', { name: /Access key ID/ }),
    ).toHaveValue('S3RTESTERACCESSKEY01');
    const secret = within(dialog).getByLabelText(/New secret access key/);
    await userEvent.type(secret, 'wrong-secret');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save' }));

    expect(
      await within(dialog).findByText(
        'The secret access key does not match this access key ID',
      ),
    ).toBeInTheDocument();
    expect(secret).toHaveAttribute('aria-invalid', 'true');
    // the stored settings with the new credentials, before anything is saved
    expect(api.testResource).toHaveBeenCalledWith(ID, {
      auth: {
        method: 'access-key',
        accessKeyId: 'S3RTESTERACCESSKEY01',
        secretAccessKey: 'wrong-secret',
      },
    });
    expect(api.updateResource).not.toHaveBeenCalled();
    expect(screen.getByRole('dialog')).toBeInTheDocument();

    // a changed secret clears the stale verdict
    await userEvent.type(secret, '!');
    expect(secret).not.toHaveAttribute('aria-invalid', 'true');
  });

  it('saves a secret-only change once it passed the test, and confirms it', async () => {
    const alerts = mockApis.alert();
    const api = mockS3Api({
      getResource: jest.fn(async () => editable()),
      updateResource: jest.fn(async () => editable()),
      testResource: jest.fn(async () => makeRun({ status: 'warn' })),
    });
    await renderResourceDetails(api, { alerts });
    await userEvent.click(await screen.findByRole('button', { name: 'Edit' }));
    const dialog = await screen.findByRole('dialog');
    await userEvent.click(
      within(dialog).getByRole('checkbox', { name: /Rotate credentials/ }),
    );
    await userEvent.type(
      within(dialog).getByLabelText(/New secret access key/),
      'the-new-secret',
    );
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
    // warnings may save; the stored key ID goes with the new secret
    expect(api.updateResource).toHaveBeenCalledWith(ID, {
      version: 3,
      auth: {
        method: 'access-key',
        accessKeyId: 'S3RTESTERACCESSKEY01',
        secretAccessKey: 'the-new-secret',
      },
    });
    expect(alerts.getAlerts()).toEqual([
      expect.objectContaining({
        severity: 'success',
        message: expect.stringMatching(
          /^Saved Team A media: the new credentials passed/,
        ),
      }),
    ]);
    // and the stored credentials are tested at once, on the Connection tab,
    // so the status is about the new secret
    await waitFor(() => expect(api.testResource).toHaveBeenCalledTimes(2));
    expect(api.testResource).toHaveBeenNthCalledWith(
      2,
      ID,
      expect.not.objectContaining({ auth: expect.anything() }),
    );
    expect(screen.getByRole('tab', { name: 'Connection' })).toHaveAttribute(
      'aria-selected',
      'true',
    );
  });

  it('confirms a saved change of settings without testing it', async () => {
    const alerts = mockApis.alert();
    const api = mockS3Api();
    await renderResourceDetails(api, { alerts });
    await userEvent.click(await screen.findByRole('button', { name: 'Edit' }));
    const dialog = await screen.findByRole('dialog');
    await userEvent.type(
      within(dialog).getByRole('textbox', { name: 'Title' }),
      '!',
    );
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
    expect(alerts.getAlerts()).toEqual([
      expect.objectContaining({
        severity: 'success',
        message: 'Saved Team A media',
      }),
    ]);
    // no new credentials, no test
    expect(api.testResource).not.toHaveBeenCalled();
  });

  it('marks a last result from before the credentials changed', async () => {
    const stale = makeResource();
    stale.status.lastTest!.beforeCredentialsChange = true;
    const api = mockS3Api({
      getResource: jest.fn(async () => stale),
      listTestRuns: jest.fn(async () => ({ items: [makeRun()] })),
    });
    await renderResourceDetails(api, { route: '/?tab=connection' });
    // the Connection tab says so above the last run
    expect(
      await screen.findByText(
        /This run used the credentials stored before the last change/,
      ),
    ).toBeInTheDocument();
    // and the header's badge
    expect(
      screen.getAllByText('Not tested since credentials changed'),
    ).toHaveLength(2);
    expect(screen.queryByText('Passing')).not.toBeInTheDocument();
    expect(
      screen.getByText(/^last result \(passing\) .* before the change$/),
    ).toBeInTheDocument();
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
    await renderResourceDetails(api);
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
    await renderResourceDetails(api, { onDeleted });
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
});
