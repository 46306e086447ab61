import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { mockS3Api } from '../../__testUtils__/fixtures';
import { makeDetails, makeListing } from '../../__testUtils__/objects';
import { responseError } from '../../__testUtils__/responses';
import { ID, renderResourceDetails } from '../../__testUtils__/resourceDetails';

const objectsTab = '/?tab=objects';

describe('ObjectsPanel', () => {
  it('lists the folder under the prefix with breadcrumbs, opens a folder and shows the details of the selected object', async () => {
    const api = mockS3Api({
      listObjects: jest.fn(async (_id, q) =>
        q?.folder === 'media/photos/'
          ? makeListing({
              folder: 'media/photos/',
              folders: [],
              objects: [{ key: 'media/photos/cat.png', size: 1536 }],
            })
          : makeListing(),
      ),
      getObject: jest.fn(async () =>
        makeDetails({
          tags: undefined,
          tagsUnavailable: 'The bucket refused GetObjectTagging.',
        }),
      ),
    });
    await renderResourceDetails(api, { route: objectsTab });
    const crumbs = await screen.findByRole('navigation', {
      name: 'Folder path',
    });
    expect(within(crumbs).getByText('media/')).toHaveAttribute(
      'aria-current',
      'location',
    );
    expect(api.listObjects).toHaveBeenCalledWith(
      ID,
      { folder: undefined, search: undefined, cursor: undefined, limit: 200 },
      expect.anything(),
    );
    const table = screen.getByRole('region', { name: 'Objects' });
    expect(within(table).getByText('2.0 KiB')).toBeInTheDocument();

    await userEvent.click(screen.getByRole('button', { name: 'readme.txt' }));
    expect(await screen.findByText('text/plain')).toBeInTheDocument();
    expect(screen.getByText('origin: camera-7')).toBeInTheDocument();
    expect(
      screen.getByText('The bucket refused GetObjectTagging.'),
    ).toBeInTheDocument();
    expect(api.getObject).toHaveBeenCalledWith(ID, 'media/readme.txt');

    await userEvent.click(
      screen.getByRole('button', { name: 'Open folder photos' }),
    );
    expect(
      await screen.findByRole('button', { name: 'cat.png' }),
    ).toBeInTheDocument();
    expect(
      within(screen.getByRole('navigation', { name: 'Folder path' })).getByText(
        'photos',
      ),
    ).toHaveAttribute('aria-current', 'location');
    await userEvent.click(screen.getByRole('button', { name: 'media/' }));
    expect(
      await screen.findByRole('button', { name: 'readme.txt' }),
    ).toBeInTheDocument();
  });

  it('opens a deep link to a key in its folder with the details shown', async () => {
    const api = mockS3Api();
    await renderResourceDetails(api, {
      route: '/?tab=objects&key=media%2Freadme.txt',
    });
    expect(await screen.findByText('origin: camera-7')).toBeInTheDocument();
    expect(api.listObjects).toHaveBeenCalledWith(
      ID,
      expect.objectContaining({ folder: 'media/' }),
      expect.anything(),
    );
  });

  it("shows the backend's refusal when the caller may not read the objects", async () => {
    const api = mockS3Api({
      listObjects: jest.fn(async () => {
        throw await responseError(
          403,
          'NotAllowedError',
          'You may not read the objects of team-a-media.',
        );
      }),
    });
    await renderResourceDetails(api, { route: objectsTab });
    expect(
      await screen.findByText(/You may not read the objects of team-a-media\./),
    ).toBeInTheDocument();
    expect(
      screen.getByText('The objects cannot be listed: refused'),
    ).toBeInTheDocument();
  });

  it('shows the refusal of a deep link outside the prefix, and goes back to the own folder', async () => {
    const api = mockS3Api({
      listObjects: jest.fn(async (_id, q) => {
        if (q?.folder === 'other/') {
          throw await responseError(
            400,
            'InputError',
            "folder: must start with the resource's prefix media/ [prefix]",
          );
        }
        return makeListing();
      }),
    });
    await renderResourceDetails(api, {
      route: '/?tab=objects&key=other%2Fsecret.txt',
    });
    expect(
      await screen.findByText(
        "folder: must start with the resource's prefix media/ [prefix]",
      ),
    ).toBeInTheDocument();
    expect(api.getObject).not.toHaveBeenCalled();
    await userEvent.click(
      screen.getByRole('button', { name: 'Open the resource’s own folder' }),
    );
    expect(
      await screen.findByRole('button', { name: 'readme.txt' }),
    ).toBeInTheDocument();
  });

  it('pages forward and back by continuation token and searches by key prefix', async () => {
    const api = mockS3Api({
      listObjects: jest.fn(async (_id, q) =>
        q?.cursor === 'c2'
          ? makeListing({
              folders: [],
              objects: [{ key: 'media/zz.txt', size: 1 }],
            })
          : makeListing({ nextCursor: 'c2' }),
      ),
    });
    await renderResourceDetails(api, { route: objectsTab });
    await userEvent.click(
      await screen.findByRole('button', { name: 'Next page' }),
    );
    expect(
      await screen.findByRole('button', { name: 'zz.txt' }),
    ).toBeInTheDocument();
    // only the page on screen is rendered
    expect(
      screen.queryByRole('button', { name: 'readme.txt' }),
    ).not.toBeInTheDocument();
    expect(screen.getByText('Page 2')).toBeInTheDocument();
    await userEvent.click(
      screen.getByRole('button', { name: 'Previous page' }),
    );
    expect(
      await screen.findByRole('button', { name: 'readme.txt' }),
    ).toBeInTheDocument();

    await userEvent.type(
      screen.getByRole('searchbox', {
        name: 'Search keys',
      }),
      'media/re',
    );
    await waitFor(() =>
      expect(api.listObjects).toHaveBeenLastCalledWith(
        ID,
        expect.objectContaining({ search: 'media/re', cursor: undefined }),
        expect.anything(),
      ),
    );
  });
});
