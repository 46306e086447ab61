import { act, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { DiscoverOptions, DiscoveredBucket } from '../../api/S3ResourcesApi';
import { deferred, mockS3Api } from '../../__testUtils__/fixtures';
import {
  SECRET,
  bucket,
  fillSource,
  renderImportPage as render,
  row,
  table,
} from '../../__testUtils__/importPage';
import { responseError } from '../../__testUtils__/responses';

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

  it('shows a wrong secret at the secret field, until the secret changes', async () => {
    const api = mockS3Api({
      discoverBuckets: jest
        .fn()
        .mockRejectedValue(
          await responseError(
            400,
            'InputError',
            "source.auth.secretAccessKey: The secret access key does not match this access key ID (the provider rejected the request's signature)",
          ),
        ),
    });
    await render(api);
    await fillSource();
    await userEvent.click(
      screen.getByRole('button', { name: 'Discover buckets' }),
    );
    const secret = screen.getByLabelText(/Secret access key/);
    await expect(
      screen.findByText(
        /^The secret access key does not match this access key ID/,
      ),
    ).resolves.toBeInTheDocument();
    expect(secret).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByLabelText(/Access key ID/)).not.toHaveAttribute(
      'aria-invalid',
      'true',
    );
    // said once, at the field: no alert repeats it, nor a permission it lacks
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    expect(document.body).not.toHaveTextContent('ListAllMyBuckets denied');

    await userEvent.type(secret, 'x');
    expect(secret).not.toHaveAttribute('aria-invalid', 'true');
  });
});
