import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { mockS3Api } from '../../__testUtils__/fixtures';
import { renderAuditPage } from '../../__testUtils__/auditPage';

const link = {
  id: 's1',
  resourceId: 'r1',
  resourceName: 'team-a-media',
  key: 'media/readme.txt',
  createdBy: 'user:default/guest',
  createdAt: '2026-01-01T00:00:00.000Z',
  expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
};

describe('AuditPage', () => {
  describe('share links', () => {
    afterEach(() => jest.restoreAllMocks());

    it('lists the valid links, includes expired ones on request, filters by user and exports CSV', async () => {
      (URL as any).createObjectURL = jest.fn(() => 'blob:export');
      (URL as any).revokeObjectURL = jest.fn();
      jest
        .spyOn(HTMLAnchorElement.prototype, 'click')
        .mockImplementation(() => {});
      const api = mockS3Api({
        listShareLinks: jest.fn(async () => ({ items: [link] })),
        exportShareLinks: jest.fn(async () => new Blob(['id,key\n'])),
      });
      await renderAuditPage(api, {
        route: '/s3-resources/audit?tab=share-links',
      });
      expect(await screen.findByText('media/readme.txt')).toBeInTheDocument();
      expect(
        screen.getByText(
          /A presigned link cannot be revoked before it expires; the maximum expiry is the control\./,
        ),
      ).toBeInTheDocument();
      expect(
        screen.getByRole('link', { name: 'team-a-media' }),
      ).toHaveAttribute(
        'href',
        expect.stringContaining('/s3-resources/resources/r1'),
      );
      expect(api.listShareLinks).toHaveBeenLastCalledWith(
        expect.objectContaining({ expired: undefined, createdBy: undefined }),
      );

      await userEvent.click(
        screen.getByRole('switch', { name: 'Include expired links' }),
      );
      await waitFor(() =>
        expect(api.listShareLinks).toHaveBeenLastCalledWith(
          expect.objectContaining({ expired: true }),
        ),
      );
      await userEvent.type(
        screen.getByRole('textbox', { name: 'Issued by' }),
        'user:default/guest',
      );
      await waitFor(() =>
        expect(api.listShareLinks).toHaveBeenLastCalledWith(
          expect.objectContaining({
            expired: true,
            createdBy: 'user:default/guest',
          }),
        ),
      );
      await userEvent.click(
        screen.getByRole('button', { name: 'Export CSV of the share links' }),
      );
      expect(
        await screen.findByText('Downloaded s3-resources-share-links.csv'),
      ).toBeInTheDocument();
      expect(api.exportShareLinks).toHaveBeenCalledWith(
        {
          resourceId: undefined,
          createdBy: 'user:default/guest',
          expired: true,
        },
        'csv',
      );
    });
  });
});
