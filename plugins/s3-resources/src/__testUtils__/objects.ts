import {
  ObjectAccess,
  ObjectDetails,
  ObjectListing,
} from '@s3-resources/plugin-s3-resources-common';

export function makeAccess(
  overrides: Partial<ObjectAccess> = {},
): ObjectAccess {
  return {
    read: true,
    upload: true,
    delete: true,
    uploadMode: 'put',
    maxUploadBytes: 5 * 1024 * 1024,
    defaultShareSeconds: 3600,
    maxShareSeconds: 7 * 24 * 3600,
    ...overrides,
  };
}

export function makeListing(
  overrides: Partial<ObjectListing> = {},
): ObjectListing {
  return {
    prefix: 'media/',
    folder: 'media/',
    folders: ['media/photos/'],
    objects: [
      {
        key: 'media/readme.txt',
        size: 2048,
        lastModified: '2026-01-02T10:00:00.000Z',
        etag: '"abc"',
        storageClass: 'STANDARD',
      },
    ],
    access: makeAccess(),
    ...overrides,
  };
}

export function makeDetails(
  overrides: Partial<ObjectDetails> = {},
): ObjectDetails {
  return {
    key: 'media/readme.txt',
    size: 2048,
    lastModified: '2026-01-02T10:00:00.000Z',
    etag: '"abc"',
    storageClass: 'STANDARD',
    contentType: 'text/plain',
    metadata: { origin: 'camera-7' },
    tags: { team: 'media' },
    preview: 'text',
    ...overrides,
  };
}
