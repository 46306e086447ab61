import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { mockS3Api } from '../../__testUtils__/fixtures';
import {
  makeAccess,
  makeDetails,
  makeListing,
} from '../../__testUtils__/objects';
import { ID, renderResourceDetails } from '../../__testUtils__/resourceDetails';
import { navigateTo } from './navigate';

jest.mock('./navigate', () => ({ navigateTo: jest.fn() }));

const route = '/?tab=objects&key=media%2Freadme.txt';
const URL_OF =
  'http://127.0.0.1:7480/team-a-media/media/readme.txt?X-Amz-Signature=s';

describe('ObjectDetailsPanel', () => {
  const realFetch = global.fetch;
  afterEach(() => {
    global.fetch = realFetch;
    jest.clearAllMocks();
  });

  it('downloads through a presigned attachment link, the bytes never passing the portal', async () => {
    const api = mockS3Api();
    await renderResourceDetails(api, { route });
    await userEvent.click(
      await screen.findByRole('button', { name: 'Download' }),
    );
    await waitFor(() => expect(navigateTo).toHaveBeenCalledWith(URL_OF));
    expect(api.linkObject).toHaveBeenCalledWith(
      ID,
      'media/readme.txt',
      'download',
    );
  });

  it('previews text as text, fetched from the bucket with the range of the link', async () => {
    const fetchMock = jest.fn(
      async () =>
        // Content-Range is not exposed to the page: the link says the size
        new Response('<script>alert(1)</script> hello', { status: 206 }),
    );
    global.fetch = fetchMock as unknown as typeof fetch;
    const api = mockS3Api({
      linkObject: jest.fn(async () => ({
        url: URL_OF,
        expiresAt: '2026-01-01T00:00:00Z',
        preview: 'text' as const,
        range: 'bytes=0-65535',
        size: 100_000,
      })),
    });
    await renderResourceDetails(api, { route });
    await userEvent.click(
      await screen.findByRole('button', { name: 'Preview' }),
    );
    const text = await screen.findByRole('region', {
      name: 'Text of media/readme.txt',
    });
    expect(text).toHaveTextContent('<script>alert(1)</script> hello');
    expect(text.querySelector('script')).toBeNull();
    expect(fetchMock).toHaveBeenCalledWith(URL_OF, {
      headers: { Range: 'bytes=0-65535' },
    });
    expect(screen.getByText(/Only the beginning is shown/)).toBeInTheDocument();
  });

  it("says when the bucket's CORS rules block a text preview", async () => {
    global.fetch = jest.fn(async () => {
      throw new TypeError('Failed to fetch');
    }) as unknown as typeof fetch;
    const api = mockS3Api({
      linkObject: jest.fn(async () => ({
        url: URL_OF,
        expiresAt: '2026-01-01T00:00:00Z',
        preview: 'text' as const,
        range: 'bytes=0-65535',
        size: 12,
      })),
    });
    await renderResourceDetails(api, { route });
    await userEvent.click(
      await screen.findByRole('button', { name: 'Preview' }),
    );
    expect(
      await screen.findByText(/CORS rules blocked the preview/),
    ).toBeInTheDocument();
  });

  it('previews an image in an img element and offers no preview for other types', async () => {
    const api = mockS3Api({
      linkObject: jest.fn(async () => ({
        url: URL_OF,
        expiresAt: '2026-01-01T00:00:00Z',
        preview: 'image' as const,
      })),
    });
    await renderResourceDetails(api, { route });
    await userEvent.click(
      await screen.findByRole('button', { name: 'Preview' }),
    );
    expect(
      await screen.findByRole('img', { name: 'Preview of media/readme.txt' }),
    ).toHaveAttribute('src', URL_OF);
  });

  it('previews a PDF in an object element loaded from the bucket, not as portal markup', async () => {
    const api = mockS3Api({
      getObject: jest.fn(async () =>
        makeDetails({ preview: 'pdf', contentType: 'application/pdf' }),
      ),
      linkObject: jest.fn(async () => ({
        url: URL_OF,
        expiresAt: '2026-01-01T00:00:00Z',
        preview: 'pdf' as const,
      })),
    });
    await renderResourceDetails(api, { route });
    await userEvent.click(
      await screen.findByRole('button', { name: 'Preview' }),
    );
    await waitFor(() =>
      expect(document.querySelector('object')).not.toBeNull(),
    );
    const pdf = document.querySelector('object');
    expect(pdf).toHaveAttribute('data', URL_OF);
    expect(pdf).toHaveAttribute('type', 'application/pdf');
    expect(document.querySelector('iframe')).toBeNull();
  });

  it('offers download only for an object without a preview kind', async () => {
    const api = mockS3Api({
      getObject: jest.fn(async () =>
        makeDetails({ preview: 'none', contentType: 'text/html' }),
      ),
    });
    await renderResourceDetails(api, { route });
    expect(
      await screen.findByText(
        'No preview for this type of object: download it instead.',
      ),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Preview' }),
    ).not.toBeInTheDocument();
  });

  it('shares with an expiry within the maximum, then shows the URL once with the irrevocability sentence', async () => {
    const api = mockS3Api({
      listObjects: jest.fn(async () =>
        makeListing({
          access: makeAccess({
            defaultShareSeconds: 3600,
            maxShareSeconds: 7200,
          }),
        }),
      ),
      createShareLink: jest.fn(async () => ({
        id: 's1',
        resourceId: ID,
        resourceName: 'team-a-media',
        key: 'media/readme.txt',
        createdBy: 'user:default/guest',
        createdAt: '2026-01-01T00:00:00Z',
        expiresAt: '2026-01-01T02:00:00Z',
        url: `${URL_OF}&share=1`,
      })),
    });
    await renderResourceDetails(api, { route });
    await userEvent.click(await screen.findByRole('button', { name: 'Share' }));
    const expiry = screen.getByRole('textbox', {
      name: 'Expires in (minutes)',
    });
    expect(expiry).toHaveValue('60');
    await userEvent.clear(expiry);
    await userEvent.type(expiry, '121');
    await userEvent.click(screen.getByRole('button', { name: 'Create link' }));
    expect(
      await screen.findByText(
        'Expires in: at most 120 minutes (2 hours), the maximum set for this portal.',
      ),
    ).toBeInTheDocument();
    expect(api.createShareLink).not.toHaveBeenCalled();
    await userEvent.clear(expiry);
    await userEvent.type(expiry, '120');
    await userEvent.click(screen.getByRole('button', { name: 'Create link' }));
    expect(await screen.findByText(`${URL_OF}&share=1`)).toBeInTheDocument();
    expect(api.createShareLink).toHaveBeenCalledWith(ID, {
      key: 'media/readme.txt',
      expiresInSeconds: 7200,
    });
    expect(
      screen.getByText(
        'A presigned link cannot be revoked before it expires; the maximum expiry is the control.',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: 'Copy share link' }),
    ).toBeInTheDocument();
  });

  it('deletes after a confirmation naming the key, then lists the folder again', async () => {
    const api = mockS3Api();
    await renderResourceDetails(api, { route });
    await userEvent.click(
      await screen.findByRole('button', { name: 'Delete object' }),
    );
    const dialog = await screen.findByRole('dialog');
    expect(dialog).toHaveTextContent('media/readme.txt');
    const calls = api.listObjects.mock.calls.length;
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Delete' }),
    );
    await waitFor(() =>
      expect(api.deleteObject).toHaveBeenCalledWith(ID, 'media/readme.txt'),
    );
    await waitFor(() =>
      expect(api.listObjects.mock.calls.length).toBe(calls + 1),
    );
    expect(
      await screen.findByText(/Select an object to see its details/),
    ).toBeInTheDocument();
  });

  it('offers no delete when the caller may not delete, and says why', async () => {
    const api = mockS3Api({
      listObjects: jest.fn(async () =>
        makeListing({
          access: makeAccess({
            delete: false,
            deleteUnavailable: 'Deleting needs the access level full.',
          }),
        }),
      ),
    });
    await renderResourceDetails(api, { route });
    expect(
      await screen.findByText('Deleting needs the access level full.'),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Delete object' }),
    ).not.toBeInTheDocument();
  });
});
