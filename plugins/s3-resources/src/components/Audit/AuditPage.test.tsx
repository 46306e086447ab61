import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  deferred,
  makeFinding,
  makeSummary,
  mockS3Api,
} from '../../__testUtils__/fixtures';
import { responseError } from '../../__testUtils__/responses';
import {
  renderAuditPage,
  findingsRegion,
  rowsOnceShown,
} from '../../__testUtils__/auditPage';

describe('AuditPage', () => {
  it('tells those without s3.audit.read that the view is not for them, and loads nothing', async () => {
    const api = mockS3Api();
    await renderAuditPage(api, { read: false });
    expect(
      await screen.findByText('The audit view is for the platform team'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/needs the permission s3.audit.read/),
    ).toBeVisible();
    expect(api.listFindings).not.toHaveBeenCalled();
    expect(api.getFindingSummary).not.toHaveBeenCalled();
    expect(api.listSweeps).not.toHaveBeenCalled();
  });

  it('shows loading states until the summary and the findings arrive', async () => {
    const summary = deferred<any>();
    const page = deferred<any>();
    const api = mockS3Api({
      getFindingSummary: jest.fn(() => summary.promise),
      listFindings: jest.fn(() => page.promise),
    });
    await renderAuditPage(api);
    expect(await screen.findByText('Loading table data.')).toBeInTheDocument();
    expect(
      screen.getByRole('heading', { level: 3, name: 'Findings' }),
    ).toBeInTheDocument();
    summary.resolve(makeSummary({ total: 1, resources: 1 }));
    page.resolve({ items: [makeFinding()], totalCount: 1 });
    expect(
      await screen.findByRole('heading', {
        level: 3,
        name: '1 finding on 1 resource',
      }),
    ).toBeInTheDocument();
    expect(
      await within(await findingsRegion()).findByText('No default encryption'),
    ).toBeInTheDocument();
  });

  it('charts the summary by severity and by kind with the numbers as text', async () => {
    const api = mockS3Api({
      getFindingSummary: jest.fn(async () =>
        makeSummary({
          total: 6,
          resources: 3,
          bySeverity: { high: 2, medium: 3, low: 1, info: 0 },
          byKind: {
            ...makeSummary().byKind,
            'test-failing': 2,
            'cors-drift': 3,
            'owner-missing': 1,
          },
          lastSweep: {
            id: 'sweep-1',
            startedAt: new Date(Date.now() - 3 * 60_000).toISOString(),
            finishedAt: new Date(Date.now() - 2 * 60_000).toISOString(),
            outcome: 'success',
          },
        }),
      ),
    });
    await renderAuditPage(api);
    expect(
      await screen.findByRole('heading', {
        level: 3,
        name: '6 findings on 3 resources',
      }),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        (_, el) =>
          el?.tagName === 'P' &&
          el.textContent === 'Last sweep finished 2 minutes ago: ✓ Succeeded',
      ),
    ).toBeInTheDocument();
    const bySeverity = screen.getByRole('figure', {
      name: 'Findings by severity',
    });
    const severityRows = within(bySeverity)
      .getAllByRole('listitem')
      .map(li => li.textContent);
    expect(severityRows).toEqual(['High2', 'Medium3', 'Low1', 'Info0']);
    const byKind = screen.getByRole('figure', { name: 'Findings by kind' });
    const kindRow = (label: string) =>
      within(byKind)
        .getAllByRole('listitem')
        .find(li => li.textContent?.startsWith(label))?.textContent;
    expect(kindRow('Connection test fails')).toBe('Connection test fails2');
    expect(kindRow('CORS differs')).toBe(
      'CORS differs from the generated rules3',
    );
    expect(kindRow('No default encryption')).toBe('No default encryption0');
    // The longest bar is the largest count; the others are in proportion.
    expect(screen.getByTestId('bar-medium')).toHaveStyle({ width: '100%' });
    expect(screen.getByTestId('bar-low').style.width).toMatch(/^33\.3/);
    expect(screen.getByTestId('bar-info')).toHaveStyle({ width: '0%' });
  });

  it('lists the findings: severity in words, kind, message, resource link, owner, and how to fix', async () => {
    const api = mockS3Api({
      listFindings: jest.fn(async () => ({
        items: [
          makeFinding({
            id: 'f-high',
            severity: 'high',
            kind: 'test-failing',
            message: 'The connection test of team-a-media fails at Bucket',
            fix: 'Bucket: create the bucket\nThen run the test again',
          }),
          makeFinding(),
        ],
        totalCount: 2,
        nextCursor: undefined,
      })),
    });
    await renderAuditPage(api);
    const region = await findingsRegion();
    const rows = await rowsOnceShown(
      region,
      'The connection test of team-a-media fails at Bucket',
    );
    expect(rows).toHaveLength(3);
    const first = within(rows[1]);
    expect(first.getByText('High')).toBeInTheDocument();
    expect(first.getByText('Connection test fails')).toBeInTheDocument();
    expect(
      first.getByText('The connection test of team-a-media fails at Bucket'),
    ).toBeInTheDocument();
    expect(first.getByRole('link', { name: 'team-a-media' })).toHaveAttribute(
      'href',
      '/s3-resources/resources/7d4d1f1e-2b7a-4a38-9a55-0c2f0f6a1a11',
    );
    expect(first.getByText('group:default/team-a')).toBeInTheDocument();
    expect(within(rows[2]).getByText('Medium')).toBeInTheDocument();
    expect(screen.getByText('2 findings')).toBeInTheDocument();
    expect(api.listFindings).toHaveBeenCalledWith(
      { cursor: undefined, limit: 20 },
      expect.anything(),
    );

    await userEvent.click(
      first.getByRole('button', {
        name: 'How to fix: Connection test fails on team-a-media',
      }),
    );
    const dialog = await screen.findByRole('dialog');
    expect(
      within(dialog).getByRole('region', { name: 'How to fix it' }),
    ).toHaveTextContent('Bucket: create the bucket Then run the test again');
    await userEvent.keyboard('{Escape}');
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
  });

  it('filters the findings table from the bars, by click or keyboard, and clears on a second press', async () => {
    const api = mockS3Api({
      getFindingSummary: jest.fn(async () =>
        makeSummary({
          total: 3,
          resources: 2,
          bySeverity: { high: 2, medium: 1, low: 0, info: 0 },
          byKind: { ...makeSummary().byKind, 'cors-drift': 3 },
        }),
      ),
      listFindings: jest.fn(async () => ({
        items: [makeFinding()],
        totalCount: 1,
      })),
    });
    await renderAuditPage(api, { route: '/s3-resources/audit?tab=sweeps' });
    const high = await screen.findByRole('button', {
      name: 'High: 2 findings',
    });
    expect(high).toHaveAttribute('aria-pressed', 'false');
    await userEvent.click(high);
    await findingsRegion();
    await waitFor(() =>
      expect(api.listFindings).toHaveBeenLastCalledWith(
        expect.objectContaining({ severity: ['high'], kind: undefined }),
        expect.anything(),
      ),
    );
    expect(high).toHaveAttribute('aria-pressed', 'true');
    const cors = screen.getByRole('button', {
      name: 'CORS differs from the generated rules: 3 findings',
    });
    cors.focus();
    await userEvent.keyboard('{Enter}');
    await waitFor(() =>
      expect(api.listFindings).toHaveBeenLastCalledWith(
        expect.objectContaining({ severity: ['high'], kind: ['cors-drift'] }),
        expect.anything(),
      ),
    );
    // the filter is the one the selects show (and the URL keeps)
    expect(screen.getByRole('button', { name: /Severity$/ })).toHaveTextContent(
      'High',
    );
    await userEvent.click(high);
    await waitFor(() =>
      expect(api.listFindings).toHaveBeenLastCalledWith(
        expect.objectContaining({ severity: undefined, kind: ['cors-drift'] }),
        expect.anything(),
      ),
    );
    expect(high).toHaveAttribute('aria-pressed', 'false');
  });

  it('counts resources registered since the last sweep as not checked yet', async () => {
    const api = mockS3Api({
      getFindingSummary: jest.fn(async () =>
        makeSummary({
          unswept: 2,
          lastSweep: {
            id: 'sweep-1',
            startedAt: new Date(Date.now() - 3 * 60_000).toISOString(),
            finishedAt: new Date(Date.now() - 2 * 60_000).toISOString(),
            outcome: 'success',
          },
        }),
      ),
    });
    await renderAuditPage(api);
    expect(
      await screen.findByText(
        (_, el) =>
          el?.tagName === 'P' &&
          el.textContent ===
            'Last sweep finished 2 minutes ago: ✓ Succeeded. 2 resources registered since then are not checked yet and not counted here.',
      ),
    ).toBeInTheDocument();
  });

  it('filters the findings on the server by severity, kind and owner, kept in the URL', async () => {
    const api = mockS3Api({
      listFindings: jest.fn(async () => ({
        items: [makeFinding()],
        totalCount: 1,
      })),
    });
    await renderAuditPage(api, {
      route: '/s3-resources/audit?severity=high&kind=cors-drift',
    });
    await findingsRegion();
    await waitFor(() =>
      expect(api.listFindings).toHaveBeenLastCalledWith(
        {
          severity: ['high'],
          kind: ['cors-drift'],
          owner: undefined,
          cursor: undefined,
          limit: 20,
        },
        expect.anything(),
      ),
    );
    await userEvent.click(screen.getByRole('button', { name: /Severity$/ }));
    await userEvent.click(
      await screen.findByRole('option', { name: 'Medium' }),
    );
    await waitFor(() =>
      expect(api.listFindings).toHaveBeenLastCalledWith(
        expect.objectContaining({
          severity: ['high', 'medium'],
          kind: ['cors-drift'],
        }),
        expect.anything(),
      ),
    );
    await userEvent.keyboard('{Escape}');
    await userEvent.type(
      screen.getByRole('combobox', { name: 'Owner' }),
      'team',
    );
    await userEvent.click(
      await screen.findByRole('option', { name: /team-a/ }),
    );
    await waitFor(() =>
      expect(api.listFindings).toHaveBeenLastCalledWith(
        expect.objectContaining({ owner: ['group:default/team-a'] }),
        expect.anything(),
      ),
    );
    await userEvent.click(screen.getByRole('button', { name: 'Clear' }));
    await waitFor(() =>
      expect(api.listFindings).toHaveBeenLastCalledWith(
        {
          severity: undefined,
          kind: undefined,
          owner: undefined,
          cursor: undefined,
          limit: 20,
        },
        expect.anything(),
      ),
    );
  });

  it('says why the list is empty: no sweep yet, nothing found, or nothing matching the filters', async () => {
    await renderAuditPage(mockS3Api());
    expect(
      await screen.findByText('No findings yet: no sweep has finished.'),
    ).toBeInTheDocument();
  });

  it('says the last sweep found nothing when it ran', async () => {
    const api = mockS3Api({
      getFindingSummary: jest.fn(async () =>
        makeSummary({
          lastSweep: {
            id: 's',
            startedAt: '2025-01-01T00:00:00Z',
            finishedAt: '2025-01-01T00:00:01Z',
            outcome: 'success',
          },
        }),
      ),
    });
    await renderAuditPage(api);
    expect(
      await screen.findByText(
        'No findings: the last sweep found nothing to fix.',
      ),
    ).toBeInTheDocument();
  });

  it('offers to clear filters that match nothing', async () => {
    const api = mockS3Api();
    await renderAuditPage(api, { route: '/s3-resources/audit?severity=info' });
    expect(
      await screen.findByText('No findings match these filters.'),
    ).toBeInTheDocument();
    await userEvent.click(
      screen.getByRole('button', { name: 'Clear filters' }),
    );
    await waitFor(() =>
      expect(api.listFindings).toHaveBeenLastCalledWith(
        expect.objectContaining({ severity: undefined }),
        expect.anything(),
      ),
    );
  });

  it('shows errors with the backend message and retries', async () => {
    const error = await responseError(
      503,
      'ServiceUnavailableError',
      'db down',
    );
    const api = mockS3Api({
      listFindings: jest
        .fn()
        .mockRejectedValueOnce(error)
        .mockResolvedValue({ items: [makeFinding()], totalCount: 1 }),
      getFindingSummary: jest.fn().mockRejectedValue(error),
    });
    await renderAuditPage(api);
    const alerts = await screen.findAllByRole('alert');
    const findingsAlert = alerts.find(a =>
      a.textContent?.includes('Could not load the findings'),
    )!;
    expect(findingsAlert).toHaveTextContent('db down');
    expect(
      alerts.some(a =>
        a.textContent?.includes('Could not load the summary of the findings'),
      ),
    ).toBe(true);
    await userEvent.click(
      within(findingsAlert).getByRole('button', { name: 'Retry' }),
    );
    expect(
      await within(await findingsRegion()).findByText('No default encryption'),
    ).toBeInTheDocument();
  });
});
