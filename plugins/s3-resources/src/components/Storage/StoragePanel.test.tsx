import { screen, within } from '@testing-library/react';
import { StorageSample } from '@s3-resources/plugin-s3-resources-common';
import { mockS3Api } from '../../__testUtils__/fixtures';
import { ID, renderResourceDetails } from '../../__testUtils__/resourceDetails';

function sample(overrides: Partial<StorageSample> = {}): StorageSample {
  return {
    objects: 1234,
    bytes: 5 * 1024 * 1024,
    byStorageClass: [
      { storageClass: 'STANDARD', objects: 1200, bytes: 4 * 1024 * 1024 },
      { storageClass: 'GLACIER', objects: 34, bytes: 1024 * 1024 },
    ],
    incompleteUploads: {
      count: 2,
      bytes: 10 * 1024 * 1024,
      oldestInitiated: '2025-12-20T10:00:00.000Z',
    },
    unknown: [],
    startedAt: '2026-01-02T09:59:00.000Z',
    takenAt: '2026-01-02T10:00:00.000Z',
    complete: true,
    keysScanned: 1236,
    ...overrides,
  };
}

describe('Storage tab', () => {
  it('says when the bucket was never scanned', async () => {
    await renderResourceDetails(mockS3Api(), {
      route: `/?tab=storage`,
    });
    expect(await screen.findByText('Not scanned yet')).toBeInTheDocument();
  });

  it('shows the latest figures, the scan under way and the trend of the history', async () => {
    const history = [
      sample({ bytes: 1024 * 1024, takenAt: '2026-01-01T10:00:00.000Z' }),
      sample({ bytes: 3 * 1024 * 1024, takenAt: '2026-01-01T22:00:00.000Z' }),
      sample(),
    ];
    const api = mockS3Api({
      getStorage: jest.fn(async () => ({
        resourceId: ID,
        latest: history[2],
        inProgress: sample({
          complete: false,
          keysScanned: 2_100_000,
          estimatedKeys: 5_000_000,
        }),
        history,
      })),
    });
    await renderResourceDetails(api, { route: `/?tab=storage` });
    expect(await screen.findByText('1,234')).toBeInTheDocument();
    expect(screen.getByText('Total size').parentElement).toHaveTextContent(
      'Total size5.0 MiB',
    );
    expect(
      screen.getByText(/^2 \(10 MiB\), oldest started/),
    ).toBeInTheDocument();
    expect(screen.getByText('None kept (versioning off)')).toBeInTheDocument();
    expect(
      screen.getByText(/scanned 2.1 M of about 5 M keys so far/),
    ).toBeInTheDocument();
    const classes = screen.getByRole('table', {
      name: 'Bytes by storage class',
    });
    expect(within(classes).getByText('GLACIER')).toBeInTheDocument();
    expect(
      screen.getByRole('img', {
        name: /Total size over the last 3 scans: from 1.0 MiB .* to 5.0 MiB/,
      }),
    ).toBeInTheDocument();
  });

  it('names figures it could not gather, and why, instead of showing zero', async () => {
    const api = mockS3Api({
      getStorage: jest.fn(async () => ({
        resourceId: ID,
        latest: sample({
          incompleteUploads: { count: 0, bytes: 0 },
          unknown: [
            {
              figure: 'incompleteUploads',
              reason:
                'ListMultipartUploads was denied: grant s3:ListBucketMultipartUploads',
            },
          ],
        }),
        history: [],
      })),
    });
    await renderResourceDetails(api, { route: `/?tab=storage` });
    expect(
      await screen.findByText('Some figures are unknown'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/grant s3:ListBucketMultipartUploads/),
    ).toBeInTheDocument();
    expect(screen.getByText('Unknown')).toBeInTheDocument();
    expect(screen.queryByText('None')).not.toBeInTheDocument();
    expect(
      screen.getByText('The trend appears after the second complete scan.'),
    ).toBeInTheDocument();
  });
});
