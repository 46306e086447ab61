import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { S3ResourcesApi, s3ResourcesApiRef } from '../../api/S3ResourcesApi';
import {
  deferred,
  makeFinding,
  makeSummary,
  makeSweep,
  mockS3Api,
} from '../../__testUtils__/fixtures';
import { responseError } from '../../__testUtils__/responses';
import { withFreshPermissionCache } from '../../__testUtils__/permissionCache';
import { rootRouteRef } from '../../routes';
import { AuditPage } from './AuditPage';

type Allowed = { read?: boolean; sweep?: boolean };

function render(
  api: jest.Mocked<S3ResourcesApi> = mockS3Api(),
  options: Allowed & { route?: string } = {},
) {
  const allowed = { read: true, sweep: true, ...options };
  return renderInTestApp(
    withFreshPermissionCache(<AuditPage sweepPollMs={5} />),
    {
      apis: [
        [s3ResourcesApiRef, api],
        catalogApiMock({
          entities: [
            {
              apiVersion: 'backstage.io/v1alpha1',
              kind: 'Group',
              metadata: { name: 'team-a', namespace: 'default' },
              spec: {},
            },
          ],
        }),
        mockApis.permission({
          authorize: request => {
            const name = request.permission.name;
            if (name === 's3.audit.read') {
              return allowed.read
                ? AuthorizeResult.ALLOW
                : AuthorizeResult.DENY;
            }
            if (name === 's3.audit.sweep') {
              return allowed.sweep
                ? AuthorizeResult.ALLOW
                : AuthorizeResult.DENY;
            }
            return AuthorizeResult.DENY;
          },
        }),
      ],
      mountedRoutes: { '/s3-resources': rootRouteRef },
      initialRouteEntries: [options.route ?? '/s3-resources/audit'],
    },
  );
}

const findingsRegion = () => screen.findByRole('region', { name: 'Findings' });

/** The table's rows once its data replaced the loading skeleton. */
async function rowsOnceShown(region: HTMLElement, text: string | RegExp) {
  await within(region).findByText(text);
  return within(region).getAllByRole('row');
}

describe('AuditPage', () => {
  it('tells those without s3.audit.read that the view is not for them, and loads nothing', async () => {
    const api = mockS3Api();
    await render(api, { read: false });
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
    await render(api);
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
    await render(api);
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
    await render(api);
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

  it('filters the findings on the server by severity, kind and owner, kept in the URL', async () => {
    const api = mockS3Api({
      listFindings: jest.fn(async () => ({
        items: [makeFinding()],
        totalCount: 1,
      })),
    });
    await render(api, {
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
    await render(mockS3Api());
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
    await render(api);
    expect(
      await screen.findByText(
        'No findings: the last sweep found nothing to fix.',
      ),
    ).toBeInTheDocument();
  });

  it('offers to clear filters that match nothing', async () => {
    const api = mockS3Api();
    await render(api, { route: '/s3-resources/audit?severity=info' });
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
    await render(api);
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
      await render(api, { route: '/s3-resources/audit?severity=high' });
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
      await render(api);
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
      await render(api, { route: '/s3-resources/audit?tab=trail' });
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

  it('shows the audit trail with filters by action and resource, paged on the server', async () => {
    const api = mockS3Api({
      listResources: jest.fn(async () => ({
        items: [
          {
            ...(await import('../../__testUtils__/fixtures')).makeResource(),
          },
        ],
        totalCount: 1,
      })),
      listAudit: jest.fn(async () => ({
        items: [
          {
            id: 'a1',
            at: '2025-01-05T10:00:00.000Z',
            actor: 'user:default/guest',
            action: 'audit-sweep-trigger',
            outcome: 'success' as const,
          },
          {
            id: 'a2',
            at: '2025-01-05T09:00:00.000Z',
            actor: 'user:default/alice',
            action: 'resource-update',
            resourceId: 'r1',
            resourceName: 'team-a-media',
            outcome: 'failure' as const,
            changedFields: ['cors'],
            message: 'version 3 is stale',
          },
        ],
        nextCursor: 'older',
      })),
    });
    await render(api, { route: '/s3-resources/audit?tab=trail' });
    const trail = await screen.findByRole('region', { name: 'Audit trail' });
    const rows = await rowsOnceShown(trail, 'audit-sweep-trigger');
    expect(within(rows[1]).getByText('audit-sweep-trigger')).toBeVisible();
    expect(within(rows[1]).getByText('✓ Succeeded')).toBeVisible();
    expect(within(rows[2]).getByText('✕ Failed')).toBeVisible();
    expect(within(rows[2]).getByText('version 3 is stale')).toBeVisible();
    expect(within(rows[2]).getByText('changed cors')).toBeVisible();
    expect(
      within(rows[2]).getByRole('link', { name: 'team-a-media' }),
    ).toHaveAttribute('href', '/s3-resources/resources/r1');
    expect(api.listAudit).toHaveBeenLastCalledWith({
      actor: undefined,
      action: undefined,
      resourceId: undefined,
      since: undefined,
      until: undefined,
      cursor: undefined,
      limit: 50,
    });

    await userEvent.click(
      screen.getByRole('button', { name: 'Next table page' }),
    );
    await waitFor(() =>
      expect(api.listAudit).toHaveBeenLastCalledWith(
        expect.objectContaining({ cursor: 'older' }),
      ),
    );

    await userEvent.click(screen.getByRole('button', { name: /Action$/ }));
    await userEvent.click(
      await screen.findByRole('option', { name: 'resource-update' }),
    );
    await waitFor(() =>
      expect(api.listAudit).toHaveBeenLastCalledWith(
        expect.objectContaining({
          action: 'resource-update',
          cursor: undefined,
        }),
      ),
    );
    await userEvent.type(
      screen.getByRole('combobox', { name: 'Resource' }),
      'Team',
    );
    await userEvent.click(
      await screen.findByRole('option', { name: /Team A media/ }),
    );
    await waitFor(() =>
      expect(api.listAudit).toHaveBeenLastCalledWith(
        expect.objectContaining({
          action: 'resource-update',
          resourceId: '7d4d1f1e-2b7a-4a38-9a55-0c2f0f6a1a11',
        }),
      ),
    );
  });

  it('lists the last sweeps with their outcome in words', async () => {
    const api = mockS3Api({
      listSweeps: jest.fn(async () => ({
        items: [
          makeSweep({
            id: 's2',
            outcome: 'partial',
            message: '1 resource could not be tested',
          }),
          makeSweep({ id: 's1' }),
        ],
      })),
    });
    await render(api, { route: '/s3-resources/audit?tab=sweeps' });
    const region = await screen.findByRole('region', { name: 'Last sweeps' });
    const rows = await rowsOnceShown(region, /Partial/);
    expect(rows[1]).toHaveTextContent('! Partial: some resources not checked');
    expect(rows[1]).toHaveTextContent('1 resource could not be tested');
    expect(rows[2]).toHaveTextContent('✓ Succeeded');
    expect(rows[2]).toHaveTextContent('5.0 s');
    expect(api.listSweeps).toHaveBeenCalledWith({ limit: 10 });
  });

  it('hides "Run sweep now" from those without s3.audit.sweep', async () => {
    await render(mockS3Api(), { sweep: false });
    await findingsRegion();
    expect(
      screen.queryByRole('button', { name: 'Run sweep now' }),
    ).not.toBeInTheDocument();
  });

  it('runs a sweep now: triggers it, follows the new run until it ends, then reloads the findings', async () => {
    const old = makeSweep({ id: 'old' });
    const fresh = makeSweep({
      id: 'fresh',
      startedAt: new Date().toISOString(),
      outcome: 'running',
      finishedAt: undefined,
    });
    const listSweeps = jest
      .fn()
      // the page load, then the list right before the trigger
      .mockResolvedValueOnce({ items: [old] })
      .mockResolvedValueOnce({ items: [old] })
      // not picked up yet, then running, then finished
      .mockResolvedValueOnce({ items: [old] })
      .mockResolvedValueOnce({ items: [fresh, old] });
    const finished = deferred<void>();
    listSweeps.mockImplementation(async () => {
      await finished.promise;
      return {
        items: [
          {
            ...fresh,
            outcome: 'success',
            finishedAt: new Date().toISOString(),
            resourcesChecked: 4,
            findings: 3,
          },
          old,
        ],
      };
    });
    const api = mockS3Api({ listSweeps });
    await render(api);
    await findingsRegion();
    expect(api.getFindingSummary).toHaveBeenCalledTimes(1);
    const findingsCalls = api.listFindings.mock.calls.length;

    await userEvent.click(
      screen.getByRole('button', { name: 'Run sweep now' }),
    );
    expect(api.triggerSweep).toHaveBeenCalledTimes(1);
    expect(await screen.findByText(/^Sweep running since/)).toBeInTheDocument();
    expect(api.getFindingSummary).toHaveBeenCalledTimes(1);
    await act(async () => finished.resolve());
    expect(
      await screen.findByText(
        'Sweep finished: ✓ Succeeded, 4 resources checked, 3 findings.',
      ),
    ).toBeInTheDocument();
    await waitFor(() => expect(api.getFindingSummary).toHaveBeenCalledTimes(2));
    await waitFor(() =>
      expect(api.listFindings.mock.calls.length).toBeGreaterThan(findingsCalls),
    );
  });

  it('explains a sweep that could not be started', async () => {
    const api = mockS3Api({
      triggerSweep: jest
        .fn()
        .mockRejectedValue(
          await responseError(
            409,
            'ConflictError',
            'The audit sweep is disabled',
          ),
        ),
    });
    await render(api);
    await findingsRegion();
    await userEvent.click(
      screen.getByRole('button', { name: 'Run sweep now' }),
    );
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Could not start the sweep: conflict');
    expect(alert).toHaveTextContent('The audit sweep is disabled');
  });
});
