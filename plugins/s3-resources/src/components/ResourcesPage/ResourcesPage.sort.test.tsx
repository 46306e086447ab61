import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { s3ResourcesApiRef } from '../../api/S3ResourcesApi';
import { makeResource, mockS3Api } from '../../__testUtils__/fixtures';
import { renderResourcesPage as render } from '../../__testUtils__/resourcesPage';
import { rootRouteRef } from '../../routes';
import { ResourcesPage } from './ResourcesPage';

describe('ResourcesPage sorting and owners', () => {
  it('sorts by last test, owner and provider on the server from the headers, kept in the URL', async () => {
    const api = mockS3Api({
      listResources: jest.fn(async () => ({
        items: [makeResource()],
        totalCount: 1,
      })),
    });
    await render(api, ['/s3-resources?provider=minio']);
    await screen.findByRole('link', { name: 'Team A media' });
    const url = screen.getByRole('status', { name: 'URL query' });

    await userEvent.click(
      screen.getByRole('columnheader', { name: /^Last test/ }),
    );
    await waitFor(() =>
      expect(api.listResources).toHaveBeenLastCalledWith(
        expect.objectContaining({
          sort: 'lastTest',
          provider: ['minio'],
          cursor: undefined,
        }),
        expect.anything(),
      ),
    );
    expect(url).toHaveTextContent('?provider=minio&sort=lastTest');
    expect(
      screen.getByRole('columnheader', { name: /^Last test/ }),
    ).toHaveAttribute('aria-sort', 'ascending');
    expect(
      screen.getByText(/Sorted by last test, failing first, never tested last/),
    ).toBeInTheDocument();

    await userEvent.click(
      screen.getByRole('columnheader', { name: /^Last test/ }),
    );
    await waitFor(() =>
      expect(api.listResources).toHaveBeenLastCalledWith(
        expect.objectContaining({ sort: 'lastTest', order: 'desc' }),
        expect.anything(),
      ),
    );
    expect(url).toHaveTextContent('sort=lastTest&order=desc');

    await userEvent.click(screen.getByRole('columnheader', { name: /^Owner/ }));
    await waitFor(() =>
      expect(api.listResources).toHaveBeenLastCalledWith(
        expect.objectContaining({ sort: 'owner' }),
        expect.anything(),
      ),
    );
    await userEvent.click(
      screen.getByRole('columnheader', { name: /^Provider/ }),
    );
    await waitFor(() =>
      expect(api.listResources).toHaveBeenLastCalledWith(
        expect.objectContaining({ sort: 'provider' }),
        expect.anything(),
      ),
    );
    expect(url).toHaveTextContent('sort=provider');
  });

  it('opens sorted as the URL says', async () => {
    const api = mockS3Api({
      listResources: jest.fn(async () => ({
        items: [makeResource()],
        totalCount: 1,
      })),
    });
    await render(api, ['/s3-resources?sort=owner&order=desc']);
    await screen.findByRole('link', { name: 'Team A media' });
    expect(api.listResources).toHaveBeenLastCalledWith(
      { cursor: undefined, limit: 20, sort: 'owner', order: 'desc' },
      expect.anything(),
    );
    expect(
      screen.getByRole('columnheader', { name: /^Owner/ }),
    ).toHaveAttribute('aria-sort', 'descending');
  });

  it('shows each owner by name, with the ref on hover, from one catalog request for the page', async () => {
    const api = mockS3Api({
      listResources: jest.fn(async () => ({
        items: [
          makeResource(),
          makeResource({ id: 'r2', name: 'b', owner: 'group:default/team-a' }),
          makeResource({
            id: 'r3',
            name: 'c',
            owner: 'group:default/no-title',
          }),
        ],
        totalCount: 3,
      })),
    });
    const catalogApi = catalogApiMock.mock({
      getEntitiesByRefs: jest.fn(async () => ({
        items: [
          {
            apiVersion: 'backstage.io/v1alpha1',
            kind: 'Group',
            metadata: { name: 'no-title', namespace: 'default' },
          },
          {
            apiVersion: 'backstage.io/v1alpha1',
            kind: 'Group',
            metadata: { name: 'team-a', namespace: 'default', title: 'Team A' },
          },
        ],
      })),
    });
    await renderInTestApp(<ResourcesPage />, {
      apis: [
        [s3ResourcesApiRef, api],
        [catalogApiRef, catalogApi],
      ],
      mountedRoutes: { '/s3-resources': rootRouteRef },
    });
    await waitFor(() => expect(screen.getAllByText('Team A')).toHaveLength(2));
    expect(screen.getAllByText('Team A')[0]).toHaveAttribute(
      'title',
      'group:default/team-a',
    );
    // no title in the catalog: the name, not the ref's kind and namespace
    expect(screen.getByText('no-title')).toHaveAttribute(
      'title',
      'group:default/no-title',
    );
    expect(catalogApi.getEntitiesByRefs).toHaveBeenCalledTimes(1);
    expect(catalogApi.getEntitiesByRefs).toHaveBeenCalledWith(
      expect.objectContaining({
        entityRefs: ['group:default/no-title', 'group:default/team-a'],
      }),
    );
  });
});
