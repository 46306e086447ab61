import {
  ReconciliationEntry,
  ReconciliationSource,
} from '@s3-resources/plugin-s3-resources-common';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderAuditPage } from '../../__testUtils__/auditPage';
import { makeResource, mockS3Api } from '../../__testUtils__/fixtures';

const source: ReconciliationSource = {
  id: 'src1',
  provider: 'ceph-rgw',
  endpoint: 'http://127.0.0.1:7480',
  region: 'us-east-1',
  credential: {
    kind: 'resource',
    resourceId: 'r9',
    resourceName: 'team-a-media',
    accessKeyId: '****************NRSU',
  },
};

const seen = {
  firstSeenAt: '2026-01-01T00:00:00.000Z',
  lastSeenAt: '2026-01-02T00:00:00.000Z',
  sweepId: 'sw1',
};

const entries: ReconciliationEntry[] = [
  {
    id: 'e1',
    kind: 'shadow',
    source,
    bucket: 'made-by-hand',
    message: 'The bucket exists but no resource registers it',
    ...seen,
  },
  {
    id: 'e2',
    kind: 'ghost',
    source,
    bucket: 'deleted-bucket',
    resourceId: 'r2',
    resourceName: 'old-reports',
    owner: 'group:default/team-a',
    message: 'The bucket no longer exists',
    ...seen,
  },
  {
    id: 'e3',
    kind: 'owner-mismatch',
    source,
    bucket: 'tagged',
    resourceId: 'r3',
    resourceName: 'tagged-res',
    owner: 'group:default/team-a',
    tagOwner: 'group:default/team-b',
    tagKey: 'owner',
    tags: { owner: 'group:default/team-b' },
    message:
      "The bucket's tag owner names group:default/team-b; the catalog owner of tagged-res is group:default/team-a",
    alignCommand:
      'aws s3api put-bucket-tagging --bucket tagged --tagging \'{"TagSet":[{"Key":"owner","Value":"group:default/team-a"}]}\'',
    ...seen,
  },
];

describe('ReconciliationPanel', () => {
  it('lists the three kinds with their actions: import pre-filled, retire with confirmation, align the owner', async () => {
    const api = mockS3Api({
      listReconciliation: jest.fn(async () => ({
        items: entries,
        totalCount: 3,
        sources: [
          {
            ...source,
            checkedAt: seen.lastSeenAt,
            sweepId: 'sw1',
            bucketsListed: 12,
            calls: 4,
          },
        ],
      })),
      getResource: jest.fn(async () => makeResource({ id: 'r3', version: 4 })),
    });
    await renderAuditPage(api, {
      route: '/s3-resources/audit?tab=reconciliation',
      create: true,
      update: true,
      delete: true,
    });
    const shadows = await screen.findByRole('table', {
      name: 'Shadow buckets',
    });
    expect(within(shadows).getByText('made-by-hand')).toBeInTheDocument();
    expect(
      screen.getByText(/12 bucket\(s\) listed in 4 call\(s\)/),
    ).toBeInTheDocument();
    // pre-filled, never a credential in the address
    const importLink = screen.getByRole('link', {
      name: 'Import made-by-hand',
    });
    const href = importLink.getAttribute('href')!;
    expect(href).toContain('/s3-resources/import?');
    const query = new URLSearchParams(href.split('?')[1]);
    expect(Object.fromEntries(query)).toEqual({
      provider: 'ceph-rgw',
      endpoint: 'http://127.0.0.1:7480',
      region: 'us-east-1',
      bucket: 'made-by-hand',
    });

    await userEvent.click(
      screen.getByRole('button', { name: 'Retire old-reports' }),
    );
    const confirm = await screen.findByRole('dialog');
    expect(
      within(confirm).getByText('The bucket no longer exists.'),
    ).toBeInTheDocument();
    expect(api.deleteResource).not.toHaveBeenCalled();
    await userEvent.click(
      within(confirm).getByRole('button', { name: 'Delete' }),
    );
    await waitFor(() => expect(api.deleteResource).toHaveBeenCalledWith('r2'));
    await waitFor(() =>
      expect(api.listReconciliation).toHaveBeenCalledTimes(2),
    );

    await userEvent.click(
      screen.getByRole('button', { name: 'Align the owner of tagged-res' }),
    );
    const align = await screen.findByRole('dialog');
    expect(
      within(align).getByRole('button', {
        name: 'Copy put-bucket-tagging command',
      }),
    ).toBeInTheDocument();
    await userEvent.click(
      within(align).getByRole('button', {
        name: 'Make group:default/team-b the owner',
      }),
    );
    await waitFor(() =>
      expect(api.updateResource).toHaveBeenCalledWith('r3', {
        version: 4,
        owner: 'group:default/team-b',
      }),
    );
  });

  it('says when no sweep has listed a source yet', async () => {
    const api = mockS3Api();
    await renderAuditPage(api, {
      route: '/s3-resources/audit?tab=reconciliation',
    });
    expect(
      await screen.findByText(/No source has been listed yet/),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/No shadow bucket: every bucket the sources list/),
    ).toBeInTheDocument();
  });

  it('offers no import to those who may not register resources', async () => {
    const api = mockS3Api({
      listReconciliation: jest.fn(async () => ({
        items: entries,
        totalCount: 3,
        sources: [],
      })),
    });
    await renderAuditPage(api, {
      route: '/s3-resources/audit?tab=reconciliation',
    });
    expect(await screen.findByText('made-by-hand')).toBeInTheDocument();
    expect(
      screen.queryByRole('link', { name: 'Import made-by-hand' }),
    ).not.toBeInTheDocument();
  });

  it('offers no retirement or owner change to those who may not make them', async () => {
    const api = mockS3Api({
      listReconciliation: jest.fn(async () => ({
        items: entries,
        totalCount: 3,
        sources: [],
      })),
    });
    await renderAuditPage(api, {
      route: '/s3-resources/audit?tab=reconciliation',
    });
    expect(
      await screen.findByText('Retiring needs the right to delete old-reports'),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Retire old-reports' }),
    ).not.toBeInTheDocument();
    await userEvent.click(
      screen.getByRole('button', { name: 'Align the owner of tagged-res' }),
    );
    const align = await screen.findByRole('dialog');
    expect(
      await within(align).findByText(/You may not update tagged-res/),
    ).toBeInTheDocument();
    expect(
      within(align).queryByRole('button', {
        name: 'Make group:default/team-b the owner',
      }),
    ).not.toBeInTheDocument();
  });

  it('says clearly when the resource to align cannot be read', async () => {
    const api = mockS3Api({
      listReconciliation: jest.fn(async () => ({
        items: entries,
        totalCount: 3,
        sources: [],
      })),
      getResource: jest.fn(async () => {
        throw new Error('Not found');
      }),
    });
    await renderAuditPage(api, {
      route: '/s3-resources/audit?tab=reconciliation',
      update: true,
    });
    await userEvent.click(
      await screen.findByRole('button', {
        name: 'Align the owner of tagged-res',
      }),
    );
    const align = await screen.findByRole('dialog');
    await userEvent.click(
      await within(align).findByRole('button', {
        name: 'Make group:default/team-b the owner',
      }),
    );
    expect(
      await within(align).findByText(
        /tagged-res could not be read to update it/,
      ),
    ).toBeInTheDocument();
    expect(api.updateResource).not.toHaveBeenCalled();
  });
});
