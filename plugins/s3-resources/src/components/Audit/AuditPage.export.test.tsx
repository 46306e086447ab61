import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { mockS3Api } from '../../__testUtils__/fixtures';
import { responseError } from '../../__testUtils__/responses';
import { renderAuditPage, findingsRegion } from '../../__testUtils__/auditPage';

describe('AuditPage', () => {
  describe('export', () => {
    const created: Blob[] = [];
    const clicked: string[] = [];
    beforeEach(() => {
      created.length = 0;
      clicked.length = 0;
      (URL as any).createObjectURL = jest.fn((blob: Blob) => {
        created.push(blob);
        return 'blob:export';
      });
      (URL as any).revokeObjectURL = jest.fn();
      jest
        .spyOn(HTMLAnchorElement.prototype, 'click')
        .mockImplementation(function click(this: HTMLAnchorElement) {
          clicked.push(`${this.download} ${this.href}`);
        });
    });
    afterEach(() => jest.restoreAllMocks());

    it('downloads the filtered findings through the API client as CSV and NDJSON', async () => {
      const csv = new Blob(['severity,kind\nhigh,test-failing\n']);
      const api = mockS3Api({
        exportFindings: jest.fn(async () => csv),
      });
      await renderAuditPage(api, {
        route: '/s3-resources/audit?severity=high',
      });
      await findingsRegion();
      await userEvent.click(
        screen.getByRole('button', { name: 'Export CSV of the findings' }),
      );
      expect(
        await screen.findByText('Downloaded s3-resources-findings.csv'),
      ).toBeInTheDocument();
      expect(api.exportFindings).toHaveBeenCalledWith(
        { severity: ['high'], kind: undefined, owner: undefined },
        'csv',
      );
      expect(created).toEqual([csv]);
      expect(clicked).toEqual(['s3-resources-findings.csv blob:export']);

      await userEvent.click(
        screen.getByRole('button', { name: 'Export NDJSON of the findings' }),
      );
      expect(
        await screen.findByText('Downloaded s3-resources-findings.ndjson'),
      ).toBeInTheDocument();
      expect(api.exportFindings).toHaveBeenLastCalledWith(
        expect.anything(),
        'ndjson',
      );
    });

    it('explains an export that failed', async () => {
      const api = mockS3Api({
        exportFindings: jest
          .fn()
          .mockRejectedValue(
            await responseError(403, 'NotAllowedError', 'not for you'),
          ),
      });
      await renderAuditPage(api);
      await findingsRegion();
      await userEvent.click(
        screen.getByRole('button', { name: 'Export CSV of the findings' }),
      );
      const alert = await screen.findByRole('alert');
      expect(alert).toHaveTextContent(
        'Could not export the findings: not allowed',
      );
      expect(clicked).toEqual([]);
    });

    it('exports the audit trail with its filters', async () => {
      const api = mockS3Api({
        exportAudit: jest.fn(async () => new Blob(['{}\n'])),
      });
      await renderAuditPage(api, { route: '/s3-resources/audit?tab=trail' });
      await userEvent.type(
        await screen.findByRole('textbox', { name: 'Actor' }),
        'user:default/alice',
      );
      await waitFor(() =>
        expect(api.listAudit).toHaveBeenLastCalledWith(
          expect.objectContaining({ actor: 'user:default/alice' }),
        ),
      );
      await userEvent.click(
        screen.getByRole('button', {
          name: 'Export NDJSON of the audit trail',
        }),
      );
      expect(
        await screen.findByText('Downloaded s3-resources-audit.ndjson'),
      ).toBeInTheDocument();
      expect(api.exportAudit).toHaveBeenCalledWith(
        expect.objectContaining({ actor: 'user:default/alice' }),
        'ndjson',
      );
    });
  });
});
