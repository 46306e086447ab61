import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { makePolicies, mockS3Api } from '../../__testUtils__/fixtures';
import { installFakeXhr } from '../../__testUtils__/fakeXhr';
import { makeAccess, makeListing } from '../../__testUtils__/objects';
import { ID, renderResourceDetails } from '../../__testUtils__/resourceDetails';

const route = '/?tab=objects';
const file = (size = 5, name = 'notes.txt') =>
  new File(['x'.repeat(size)], name, { type: 'text/plain' });

async function choose(f: File) {
  await userEvent.upload(await screen.findByLabelText('File to upload'), f);
}

describe('UploadButton', () => {
  let xhr: ReturnType<typeof installFakeXhr> | undefined;
  afterEach(() => xhr?.restore());

  it('PUTs the file to the presigned URL with the grant headers, then lists and selects it', async () => {
    xhr = installFakeXhr(() => ({ status: 200 }));
    const api = mockS3Api({
      startUpload: jest.fn(async () => ({
        mode: 'put' as const,
        key: 'media/notes.txt',
        url: 'http://127.0.0.1:7480/b/media/notes.txt?X-Amz-Signature=s',
        headers: { 'Content-Type': 'text/plain' },
        expiresAt: '2026-01-01T00:00:00Z',
      })),
    });
    await renderResourceDetails(api, { route });
    await choose(file());
    expect(
      await screen.findByText('Uploaded media/notes.txt.'),
    ).toBeInTheDocument();
    expect(api.startUpload).toHaveBeenCalledWith(ID, {
      key: 'media/notes.txt',
      size: 5,
      contentType: 'text/plain',
    });
    expect(xhr.sent).toEqual([
      expect.objectContaining({
        method: 'PUT',
        url: 'http://127.0.0.1:7480/b/media/notes.txt?X-Amz-Signature=s',
        headers: { 'Content-Type': 'text/plain' },
      }),
    ]);
    expect(api.listObjects).toHaveBeenCalledTimes(2);
    expect(api.getObject).toHaveBeenCalledWith(ID, 'media/notes.txt');
  });

  it('sends a POST form with the fields first and the file last', async () => {
    xhr = installFakeXhr(() => ({ status: 204 }));
    const api = mockS3Api({
      startUpload: jest.fn(async () => ({
        mode: 'post' as const,
        key: 'media/notes.txt',
        url: 'http://127.0.0.1:7480/b',
        fields: { key: 'media/notes.txt', Policy: 'p' },
        expiresAt: '2026-01-01T00:00:00Z',
      })),
    });
    await renderResourceDetails(api, { route });
    await choose(file());
    expect(
      await screen.findByText('Uploaded media/notes.txt.'),
    ).toBeInTheDocument();
    const form = xhr.sent[0].body as FormData;
    expect([...form.keys()]).toEqual(['key', 'Policy', 'file']);
  });

  it('puts the parts of a multipart upload and completes it with their ETags', async () => {
    xhr = installFakeXhr(r => ({
      status: 200,
      headers: { ETag: `"etag-${r.url.slice(-1)}"` },
    }));
    const api = mockS3Api({
      startUpload: jest.fn(async () => ({
        mode: 'multipart' as const,
        key: 'media/notes.txt',
        uploadId: 'u1',
        partSize: 4,
        parts: [
          { partNumber: 1, url: 'http://s3/p?part=1' },
          { partNumber: 2, url: 'http://s3/p?part=2' },
        ],
        headers: {},
        expiresAt: '2026-01-01T00:00:00Z',
      })),
    });
    await renderResourceDetails(api, { route });
    await choose(file(6));
    expect(
      await screen.findByText('Uploaded media/notes.txt.'),
    ).toBeInTheDocument();
    expect(xhr.sent.map(s => (s.body as Blob).size)).toEqual([4, 2]);
    expect(api.completeUpload).toHaveBeenCalledWith(ID, {
      key: 'media/notes.txt',
      uploadId: 'u1',
      parts: [
        { partNumber: 1, etag: '"etag-1"' },
        { partNumber: 2, etag: '"etag-2"' },
      ],
    });
  });

  it('shows the CORS fix when the browser request fails, and aborts the multipart upload', async () => {
    xhr = installFakeXhr(() => ({ status: 0 }));
    const policies = makePolicies();
    policies.cors!.configuration = {
      CORSRules: [
        {
          AllowedOrigins: ['http://portal.example'],
          AllowedMethods: ['PUT'],
          AllowedHeaders: ['*'],
          ExposeHeaders: ['ETag'],
        },
      ],
    };
    const api = mockS3Api({
      getPolicies: jest.fn(async () => policies),
      startUpload: jest.fn(async () => ({
        mode: 'multipart' as const,
        key: 'media/notes.txt',
        uploadId: 'u1',
        partSize: 4,
        parts: [{ partNumber: 1, url: 'http://s3/p?part=1' }],
        headers: {},
        expiresAt: '2026-01-01T00:00:00Z',
      })),
    });
    await renderResourceDetails(api, { route });
    await choose(file(3));
    expect(
      await screen.findByText(
        "The bucket's CORS rules blocked the upload from this origin",
      ),
    ).toBeInTheDocument();
    expect(api.abortUpload).toHaveBeenCalledWith(ID, {
      key: 'media/notes.txt',
      uploadId: 'u1',
    });
    expect(
      screen.getByRole('link', {
        name: 'Open the CORS configuration on the Policies tab',
      }),
    ).toHaveAttribute('href', expect.stringContaining('tab=policies'));
    expect(
      await screen.findByRole('region', { name: 'CORS configuration' }),
    ).toHaveTextContent('"AllowedOrigins": [ "http://portal.example" ]');
    expect(api.completeUpload).not.toHaveBeenCalled();
  });

  it('refuses a file over the limit before asking for a grant', async () => {
    const api = mockS3Api({
      listObjects: jest.fn(async () =>
        makeListing({ access: makeAccess({ maxUploadBytes: 4 }) }),
      ),
    });
    await renderResourceDetails(api, { route });
    await choose(file(5));
    expect(
      await screen.findByText(
        'notes.txt is 5 bytes; this resource takes files of at most 4 bytes. Nothing was uploaded.',
      ),
    ).toBeInTheDocument();
    expect(api.startUpload).not.toHaveBeenCalled();
  });

  it('says why uploads are not offered', async () => {
    const api = mockS3Api({
      listObjects: jest.fn(async () =>
        makeListing({
          access: makeAccess({
            upload: false,
            uploadUnavailable:
              'The resource is read-only: its access level is read.',
          }),
        }),
      ),
    });
    await renderResourceDetails(api, { route });
    expect(
      await screen.findByText(
        'The resource is read-only: its access level is read.',
      ),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Upload' }),
    ).not.toBeInTheDocument();
  });
});
