import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  STEP_IDS,
  STEP_TITLES,
  TestRun,
} from '@s3-resources/plugin-s3-resources-common';
import { ConnectionTestOptions } from '../../api/S3ResourcesApi';
import {
  deferred,
  makeRun,
  makeStep,
  mockS3Api,
} from '../../__testUtils__/fixtures';
import { responseError } from '../../__testUtils__/responses';
import { ID, renderResourceDetails } from '../../__testUtils__/resourceDetails';

describe('ResourceDetails connection test', () => {
  it('lists every step while a test runs, fills results in at their places, then shows the outcome', async () => {
    const done = deferred<TestRun>();
    let report: ConnectionTestOptions['onStep'];
    const run = makeRun({
      status: 'fail',
      steps: STEP_IDS.map(id =>
        id === 'bucket'
          ? makeStep('bucket', {
              status: 'fail',
              durationMs: 1200,
              message: 'HeadBucket answered 403',
              errorCode: 'AccessDenied',
              httpStatus: 403,
              remediation: 'Grant s3:ListBucket on the bucket',
            })
          : makeStep(id, { durationMs: 3 }),
      ),
    });
    const step = (id: string) => run.steps.find(s => s.id === id)!;
    const api = mockS3Api({
      testResource: jest.fn((_id, options) => {
        report = options?.onStep;
        return done.promise;
      }),
    });
    await renderResourceDetails(api, { route: '/?tab=connection' });
    await userEvent.click(
      await screen.findByRole('checkbox', { name: /Include write probe/ }),
    );
    await userEvent.click(screen.getByRole('button', { name: 'Test now' }));
    expect(api.testResource).toHaveBeenCalledWith(
      ID,
      expect.objectContaining({ writeProbe: true }),
    );
    expect(await screen.findByText('Test in progress')).toBeInTheDocument();

    // before any result: every step, in order, waiting
    const steps = await screen.findByRole('list', {
      name: 'Connection test steps',
    });
    const labels = () =>
      within(steps)
        .getAllByRole('listitem')
        .map(i => i.getAttribute('aria-label'));
    const inOrder = STEP_IDS.map(
      (id, i) => `Step ${i + 1}: ${STEP_TITLES[id]}`,
    );
    expect(labels()).toEqual(inOrder);
    expect(within(steps).getAllByText('Waiting…')).toHaveLength(
      STEP_IDS.length,
    );
    expect(
      screen.getByText(`0 of ${STEP_IDS.length} checks done`),
    ).toBeInTheDocument();

    // the bucket step finishes first: it takes the fourth place
    act(() => report!(step('bucket')));
    const bucketRow = within(steps).getAllByRole('listitem')[3];
    await waitFor(() => expect(bucketRow).toHaveTextContent('Failed'));
    expect(bucketRow).toHaveTextContent('Bucket reachable');
    expect(bucketRow).toHaveTextContent('1.2 s');
    expect(bucketRow).toHaveTextContent('Error code: AccessDenied (HTTP 403)');
    expect(bucketRow).toHaveTextContent(
      'How to fix: Grant s3:ListBucket on the bucket',
    );
    expect(within(steps).getAllByRole('listitem')[0]).toHaveTextContent(
      'Waiting…',
    );
    expect(
      screen.getByText(`1 of ${STEP_IDS.length} checks done`),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('progressbar', { name: 'Connection test progress' }),
    ).toHaveAttribute('value', '1');

    act(() => report!(step('endpoint')));
    await waitFor(() =>
      expect(within(steps).getAllByRole('listitem')[0]).toHaveTextContent(
        'Passed',
      ),
    );
    expect(labels()).toEqual(inOrder);
    expect(
      screen.getByText(`2 of ${STEP_IDS.length} checks done`),
    ).toBeInTheDocument();

    await act(async () => done.resolve(run));
    expect(
      await screen.findByText('Connection test failed'),
    ).toBeInTheDocument();
    expect(labels()).toEqual(inOrder);
    expect(within(steps).queryByText('Waiting…')).not.toBeInTheDocument();
    expect(screen.queryByRole('progressbar')).not.toBeInTheDocument();
    // The header follows the new result.
    expect(screen.getByText('Failing')).toBeInTheDocument();
  });

  it('shows the last run and the history in the fixed step order', async () => {
    const shuffled = ['cors', 'bucket', 'endpoint', 'credentials', 'list'];
    const api = mockS3Api({
      listTestRuns: jest.fn(async () => ({
        items: [makeRun({ steps: shuffled.map(id => makeStep(id)) })],
      })),
    });
    const inOrder = [
      'Step 1: Endpoint policy',
      'Step 2: Credentials',
      'Step 3: Bucket reachable',
      'Step 4: List objects',
      'Step 5: CORS',
    ];
    const labels = (list: HTMLElement) =>
      within(list)
        .getAllByRole('listitem')
        .map(i => i.getAttribute('aria-label'));

    await renderResourceDetails(api, { route: '/?tab=connection' });
    const last = await screen.findByRole('list', {
      name: 'Steps of the last test run',
    });
    expect(labels(last)).toEqual(inOrder);

    await userEvent.click(screen.getByRole('tab', { name: 'History' }));
    await userEvent.click(
      await screen.findByRole('button', { name: /Passing/ }),
    );
    const history = await screen.findByRole('list', {
      name: /^Steps of the test at/,
    });
    expect(labels(history)).toEqual(inOrder);
    expect(within(history).queryByText('Waiting…')).not.toBeInTheDocument();
  });

  it('says when the test API is missing or rate limited', async () => {
    const limited = await responseError(
      429,
      'TooManyRequestsError',
      'Too many tests.',
      {
        'Retry-After': '30',
      },
    );
    const api = mockS3Api({
      testResource: jest.fn().mockRejectedValue(limited),
    });
    await renderResourceDetails(api, { route: '/?tab=connection' });
    await userEvent.click(
      await screen.findByRole('button', { name: 'Test now' }),
    );
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('too many requests');
    expect(alert).toHaveTextContent('Try again in 30 s.');
  });
});
