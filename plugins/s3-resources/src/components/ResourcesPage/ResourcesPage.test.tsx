import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { s3ResourcesApiRef } from '../../api/S3ResourcesApi';
import {
  deferred,
  makeResource,
  mockS3Api,
} from '../../__testUtils__/fixtures';
import { responseError } from '../../__testUtils__/responses';
import { rootRouteRef } from '../../routes';
import { useLocation } from 'react-router-dom';
import { ResourcesPage } from './ResourcesPage';

/** The page's URL query, to see what it keeps there. */
function UrlQuery() {
  return <output aria-label="URL query">{useLocation().search}</output>;
}

function render(api = mockS3Api(), initialRouteEntries = ['/s3-resources']) {
  return renderInTestApp(
    <>
      <ResourcesPage />
      <UrlQuery />
    </>,
    {
      apis: [
        [s3ResourcesApiRef, api],
        catalogApiMock({
          entities: [
            {
              apiVersion: 'backstage.io/v1alpha1',
              kind: 'Group',
              metadata: {
                name: 'team-a',
                namespace: 'default',
                title: 'Team A',
              },
              spec: {},
            },
          ],
        }),
      ],
      mountedRoutes: {
        '/s3-resources': rootRouteRef,
      },
      initialRouteEntries,
    },
  );
}

describe('ResourcesPage', () => {
  it('shows a loading state until the first page arrives', async () => {
    const page = deferred<any>();
    const api = mockS3Api({ listResources: jest.fn(() => page.promise) });
    await render(api);
    expect(await screen.findByText('Loading table data.')).toBeInTheDocument();
    page.resolve({ items: [makeResource()], totalCount: 1 });
    expect(
      await screen.findByRole('link', { name: 'Team A media' }),
    ).toBeInTheDocument();
  });

  it('shows the rows: name, bucket and prefix, provider/endpoint, region, owner, last test in words and time', async () => {
    const api = mockS3Api({
      listResources: jest.fn(async () => ({
        items: [
          makeResource(),
          makeResource({
            id: 'r2',
            name: 'reports',
            title: undefined,
            provider: 'aws',
            endpoint: undefined,
            bucket: 'acme-reports',
            prefix: 'monthly/',
            region: 'eu-west-1',
            status: {},
          }),
        ],
        nextCursor: 'next-1',
        totalCount: 2,
      })),
    });
    await render(api);
    const link = await screen.findByRole('link', { name: 'Team A media' });
    expect(link).toHaveAttribute(
      'href',
      '/s3-resources/resources/7d4d1f1e-2b7a-4a38-9a55-0c2f0f6a1a11',
    );
    const rows = screen.getAllByRole('row');
    const first = within(rows[1]);
    expect(first.getByText('Ceph RADOS Gateway')).toBeInTheDocument();
    expect(first.getByText('127.0.0.1:7480')).toBeInTheDocument();
    // the owner's catalog title, with the full ref on hover
    expect(first.getByText('Team A')).toHaveAttribute(
      'title',
      'group:default/team-a',
    );
    expect(first.getByText('Passing')).toBeInTheDocument();
    expect(first.getByText('5 minutes ago')).toBeInTheDocument();
    const second = within(rows[2]);
    expect(second.getByRole('link', { name: 'reports' })).toBeInTheDocument();
    expect(second.getByText('prefix monthly/')).toBeInTheDocument();
    expect(second.getByText('Amazon S3')).toBeInTheDocument();
    expect(second.getByText('Not tested')).toBeInTheDocument();
    expect(api.listResources).toHaveBeenCalledWith(
      { cursor: undefined, limit: 20 },
      expect.anything(),
    );
  });

  it('pages with the server cursor and never asks for more than one page', async () => {
    const api = mockS3Api({
      listResources: jest.fn(async query => ({
        items: [
          makeResource({
            id: query.cursor ?? 'first',
            name: query.cursor ?? 'first',
            title: undefined,
          }),
        ],
        nextCursor: query.cursor ? undefined : 'cursor-2',
        totalCount: 10_000,
      })),
    });
    await render(api);
    await screen.findByRole('link', { name: 'first' });
    await userEvent.click(screen.getByRole('button', { name: /next/i }));
    await screen.findByRole('link', { name: 'cursor-2' });
    expect(api.listResources).toHaveBeenLastCalledWith(
      { cursor: 'cursor-2', limit: 20 },
      expect.anything(),
    );
    expect(api.listResources).toHaveBeenCalledTimes(2);
  });

  it('sorts by name A to Z or Z to A on the server, from the column header and the URL', async () => {
    const api = mockS3Api({
      listResources: jest.fn(async () => ({
        items: [makeResource()],
        totalCount: 1,
      })),
    });
    await render(api);
    await screen.findByRole('link', { name: 'Team A media' });
    const header = screen.getByRole('columnheader', { name: /^Name/ });
    expect(header).toHaveAttribute('aria-sort', 'ascending');
    expect(screen.getByText(/Sorted by name, A to Z/)).toBeInTheDocument();

    await userEvent.click(header);
    await waitFor(() =>
      expect(api.listResources).toHaveBeenLastCalledWith(
        expect.objectContaining({ order: 'desc', cursor: undefined }),
        expect.anything(),
      ),
    );
    expect(screen.getByRole('columnheader', { name: /^Name/ })).toHaveAttribute(
      'aria-sort',
      'descending',
    );
    expect(screen.getByText(/Sorted by name, Z to A/)).toBeInTheDocument();
  });

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

  it('opens Z to A when the URL says order=desc', async () => {
    const api = mockS3Api({
      listResources: jest.fn(async () => ({
        items: [makeResource()],
        totalCount: 1,
      })),
    });
    await render(api, ['/s3-resources?order=desc']);
    await screen.findByRole('link', { name: 'Team A media' });
    expect(api.listResources).toHaveBeenLastCalledWith(
      expect.objectContaining({ order: 'desc' }),
      expect.anything(),
    );
  });

  it('searches and filters on the server', async () => {
    const api = mockS3Api({
      listResources: jest.fn(async () => ({
        items: [makeResource()],
        totalCount: 1,
      })),
    });
    await render(api, ['/s3-resources?provider=minio&status=fail']);
    await screen.findByRole('link', { name: 'Team A media' });
    expect(api.listResources).toHaveBeenLastCalledWith(
      { cursor: undefined, limit: 20, provider: ['minio'], status: ['fail'] },
      expect.anything(),
    );
    await userEvent.type(
      screen.getByRole('searchbox', { name: /search resources/i }),
      'media',
    );
    await waitFor(() =>
      expect(api.listResources).toHaveBeenLastCalledWith(
        expect.objectContaining({
          q: 'media',
          provider: ['minio'],
          status: ['fail'],
        }),
        expect.anything(),
      ),
    );
  });

  it('filters by owner from the catalog', async () => {
    const api = mockS3Api({
      listResources: jest.fn(async () => ({
        items: [makeResource()],
        totalCount: 1,
      })),
    });
    await render(api);
    await screen.findByRole('link', { name: 'Team A media' });
    await userEvent.click(screen.getByRole('combobox', { name: 'Owner' }));
    await userEvent.click(
      await screen.findByRole('option', { name: /Team A/ }),
    );
    await waitFor(() =>
      expect(api.listResources).toHaveBeenLastCalledWith(
        expect.objectContaining({ owner: ['group:default/team-a'] }),
        expect.anything(),
      ),
    );
  });

  it('shows the register call to action when nothing is registered', async () => {
    await render();
    expect(
      await screen.findByText('No S3 buckets are registered yet.'),
    ).toBeInTheDocument();
    const links = screen.getAllByRole('link', { name: 'Register bucket' });
    expect(links.length).toBeGreaterThan(0);
    for (const link of links) {
      expect(link).toHaveAttribute(
        'href',
        '/create/templates/default/register-s3-bucket',
      );
    }
  });

  it('offers to clear filters when they match nothing', async () => {
    const api = mockS3Api();
    await render(api, ['/s3-resources?status=fail']);
    expect(
      await screen.findByText(
        'No resources match this search and these filters.',
      ),
    ).toBeInTheDocument();
    await userEvent.click(
      screen.getByRole('button', { name: 'Clear search and filters' }),
    );
    await waitFor(() =>
      expect(api.listResources).toHaveBeenLastCalledWith(
        { cursor: undefined, limit: 20 },
        expect.anything(),
      ),
    );
  });

  it('shows the error with the backend message and retries', async () => {
    const error = await responseError(
      503,
      'ServiceUnavailableError',
      'database is down',
    );
    const api = mockS3Api({
      listResources: jest
        .fn()
        .mockRejectedValueOnce(error)
        .mockResolvedValue({ items: [makeResource()], totalCount: 1 }),
    });
    await render(api);
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Could not load the resources');
    expect(alert).toHaveTextContent('database is down');
    await userEvent.click(within(alert).getByRole('button', { name: 'Retry' }));
    expect(
      await screen.findByRole('link', { name: 'Team A media' }),
    ).toBeInTheDocument();
  });
});
