import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { makeResource, mockS3Api } from '../../__testUtils__/fixtures';
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
    expect(await within(dialog).findByText(/owner: .*\[/)).toBeInTheDocument();
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
