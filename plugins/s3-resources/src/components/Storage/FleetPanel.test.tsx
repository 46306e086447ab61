import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { FleetStorageRow } from '@s3-resources/plugin-s3-resources-common';
import { makeFleet, mockS3Api } from '../../__testUtils__/fixtures';
import { renderAuditPage } from '../../__testUtils__/auditPage';

const MiB = 1024 * 1024;

function row(overrides: Partial<FleetStorageRow>): FleetStorageRow {
  return {
    resourceId: 'r1',
    resourceName: 'team-a-media',
    owner: 'group:default/team-a',
    provider: 'ceph-rgw',
    bucket: 'team-a-media',
    scannedAt: '2026-01-02T10:00:00.000Z',
    objects: 10,
    bytes: 100 * MiB,
    highFindings: 0,
    mediumFindings: 1,
    lowFindings: 0,
    infoFindings: 0,
    ...overrides,
  };
}

describe('Audit storage tab', () => {
  it('shows totals, waste, growth and groups, and exports with the period', async () => {
    const wasteful = row({
      resourceId: 'r2',
      resourceName: 'uploads-scratch',
      incompleteUploads: 3,
      incompleteUploadBytes: 30 * MiB,
      wasteBytes: 30 * MiB,
    });
    const growing = row({ growthBytes: 20 * MiB });
    const api = mockS3Api({
      getFleetStorage: jest.fn(async (periodDays?: number) =>
        makeFleet({
          periodDays: periodDays ?? 7,
          totals: {
            key: 'all',
            resources: 2,
            scanned: 2,
            objects: 20,
            bytes: 200 * MiB,
            wasteBytes: 30 * MiB,
            highFindings: 0,
            mediumFindings: 2,
            lowFindings: 0,
            infoFindings: 0,
          },
          byProvider: [
            {
              key: 'ceph-rgw',
              resources: 2,
              scanned: 2,
              objects: 20,
              bytes: 200 * MiB,
              wasteBytes: 30 * MiB,
              highFindings: 0,
              mediumFindings: 2,
              lowFindings: 0,
              infoFindings: 0,
            },
          ],
          largest: [growing, wasteful],
          fastestGrowing: [growing],
          waste: [wasteful],
        }),
      ),
    });
    await renderAuditPage(api, { route: '/s3-resources/audit?tab=storage' });
    expect(await screen.findByText('Total size')).toBeInTheDocument();
    expect(screen.getAllByText('200 MiB')).toHaveLength(2); // totals and the provider
    expect(screen.getAllByText('2 (2 scanned)')).toHaveLength(2);
    const waste = screen.getByRole('table', { name: 'Buckets with waste' });
    expect(within(waste).getByText('3 (30 MiB)')).toBeInTheDocument();
    expect(
      within(waste).getByText('None kept (versioning off)'),
    ).toBeInTheDocument();
    expect(
      within(waste).getByRole('link', { name: 'uploads-scratch' }),
    ).toHaveAttribute('href', expect.stringContaining('r2?tab=storage'));
    const growth = screen.getByRole('table', {
      name: 'Fastest-growing buckets',
    });
    expect(within(growth).getByText('+20 MiB')).toBeInTheDocument();
    const providers = screen.getByRole('table', {
      name: 'Storage by provider',
    });
    expect(
      within(providers).getByText('Ceph RADOS Gateway'),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('figure', { name: 'Waste by bucket' }),
    ).toHaveTextContent('30 MiB');

    await userEvent.click(
      screen.getByRole('button', { name: 'Export CSV of the storage figures' }),
    );
    expect(api.exportFleetStorage).toHaveBeenCalledWith('csv', 7);
  });

  it('is not offered without the audit permission', async () => {
    const api = mockS3Api();
    await renderAuditPage(api, {
      read: false,
      route: '/s3-resources/audit?tab=storage',
    });
    expect(
      await screen.findByText('The audit view is for the platform team'),
    ).toBeInTheDocument();
    expect(api.getFleetStorage).not.toHaveBeenCalled();
  });
});
