import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { deferred, makeSweep, mockS3Api } from '../../__testUtils__/fixtures';
import { responseError } from '../../__testUtils__/responses';
import {
  renderAuditPage,
  findingsRegion,
  rowsOnceShown,
} from '../../__testUtils__/auditPage';

describe('AuditPage audit trail and sweeps', () => {
  it('shows the audit trail in words, with filters by action and resource, paged on the server', async () => {
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
          {
            id: 'a3',
            at: '2025-01-05T08:00:00.000Z',
            actor: 'user:default/alice',
            action: 'resource-test',
            resourceId: 'r1',
            resourceName: 'team-a-media',
            outcome: 'success' as const,
            verdict: 'fail' as const,
          },
          {
            id: 'a4',
            at: '2025-01-05T07:00:00.000Z',
            actor: 'user:default/alice',
            action: 'configuration-test',
            outcome: 'success' as const,
            verdict: 'warn' as const,
          },
        ],
        nextCursor: 'older',
      })),
    });
    await renderAuditPage(api, { route: '/s3-resources/audit?tab=trail' });
    const trail = await screen.findByRole('region', { name: 'Audit trail' });
    const rows = await rowsOnceShown(trail, 'Audit sweep started');
    expect(within(rows[1]).getByText('Audit sweep started')).toBeVisible();
    expect(within(rows[1]).getByText('✓ Succeeded')).toBeVisible();
    expect(within(rows[2]).getByText('Resource updated')).toBeVisible();
    // a test that ran and failed is a failed test, not a succeeded request
    expect(within(rows[3]).getByText('Connection test')).toBeVisible();
    expect(within(rows[3]).getByText('✕ Test failed')).toBeVisible();
    expect(rows[3]).not.toHaveTextContent('Succeeded');
    expect(
      within(rows[4]).getByText('⚠ Test passed with warnings'),
    ).toBeVisible();
    expect(trail).not.toHaveTextContent(/resource-(update|test)/);
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
    expect(
      screen.queryByRole('option', { name: /^resource-/ }),
    ).not.toBeInTheDocument();
    await userEvent.click(
      await screen.findByRole('option', { name: 'Resource updated' }),
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
    await renderAuditPage(api, { route: '/s3-resources/audit?tab=sweeps' });
    const region = await screen.findByRole('region', { name: 'Last sweeps' });
    const rows = await rowsOnceShown(region, /Partial/);
    expect(rows[1]).toHaveTextContent('! Partial: some resources not checked');
    expect(rows[1]).toHaveTextContent('1 resource could not be tested');
    expect(rows[2]).toHaveTextContent('✓ Succeeded');
    expect(rows[2]).toHaveTextContent('5.0 s');
    expect(api.listSweeps).toHaveBeenCalledWith({ limit: 10 });
  });

  it('hides "Run sweep now" from those without s3.audit.sweep', async () => {
    await renderAuditPage(mockS3Api(), { sweep: false });
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
    await renderAuditPage(api);
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
    await renderAuditPage(api);
    await findingsRegion();
    await userEvent.click(
      screen.getByRole('button', { name: 'Run sweep now' }),
    );
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Could not start the sweep: conflict');
    expect(alert).toHaveTextContent('The audit sweep is disabled');
  });
});
