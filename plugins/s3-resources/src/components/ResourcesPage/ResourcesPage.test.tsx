import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  deferred,
  makeResource,
  mockS3Api,
} from '../../__testUtils__/fixtures';
import { responseError } from '../../__testUtils__/responses';
import { renderResourcesPage as render } from '../../__testUtils__/resourcesPage';

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
