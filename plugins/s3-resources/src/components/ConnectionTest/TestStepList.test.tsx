import { renderInTestApp } from '@backstage/frontend-test-utils';
import {
  STEP_IDS,
  STEP_TITLES,
} from '@s3-resources/plugin-s3-resources-common';
import { generateCorsConfiguration } from '@s3-resources/plugin-s3-resources-common';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { mockClipboard } from '../../__testUtils__/clipboard';
import { makeStep } from '../../__testUtils__/fixtures';
import { TestStepList } from './TestStepList';

const ALL_TITLES = STEP_IDS.map((id, i) => `Step ${i + 1}: ${STEP_TITLES[id]}`);

const rows = () =>
  within(screen.getByRole('list', { name: 'Connection test steps' }))
    .getAllByRole('listitem')
    .map(li => li.getAttribute('aria-label'));

const row = (title: string) =>
  within(screen.getByRole('list', { name: 'Connection test steps' }))
    .getAllByRole('listitem')
    .find(li => li.getAttribute('aria-label')?.endsWith(`: ${title}`))!;

describe('TestStepList', () => {
  // React reports key and DOM nesting mistakes through console.error
  let consoleError: jest.SpyInstance;
  beforeEach(() => {
    consoleError = jest.spyOn(console, 'error');
  });
  afterEach(() => consoleError.mockRestore());
  const expectNoReactWarnings = () =>
    expect(consoleError).not.toHaveBeenCalled();

  it('lists every step from the start, each waiting, with the progress at 0', async () => {
    await renderInTestApp(<TestStepList steps={[]} running />);
    expect(rows()).toEqual(ALL_TITLES);
    for (const id of STEP_IDS) {
      const item = row(STEP_TITLES[id]);
      expect(item).toHaveTextContent(`Waiting…${STEP_TITLES[id]}`);
      expect(item).not.toHaveTextContent(/Passed|Failed|Skipped|Warning/);
    }
    expect(
      screen.getByText(`0 of ${STEP_IDS.length} checks done`),
    ).toBeInTheDocument();
    const bar = screen.getByRole('progressbar', {
      name: 'Connection test progress',
    });
    expect(bar).toHaveAttribute('value', '0');
    expect(bar).toHaveAttribute('max', String(STEP_IDS.length));
    expect(bar).toHaveAttribute(
      'aria-valuetext',
      `0 of ${STEP_IDS.length} checks done`,
    );
    expectNoReactWarnings();
  });

  it('puts a result that arrives out of order at its place', async () => {
    await renderInTestApp(
      <TestStepList
        running
        steps={[
          makeStep('cors', { status: 'warn', message: 'CORS rule missing' }),
          makeStep('endpoint'),
          makeStep('bucket', { status: 'fail', message: 'No such bucket' }),
        ]}
      />,
    );
    expect(rows()).toEqual(ALL_TITLES);
    expect(row('CORS')).toHaveTextContent('Warning');
    expect(row('CORS')).toHaveTextContent('CORS rule missing');
    expect(row('Endpoint policy')).toHaveTextContent('Passed');
    expect(row('Bucket reachable')).toHaveTextContent('Failed');
    expect(row('Bucket reachable')).toHaveTextContent('No such bucket');
    for (const title of ['Credentials', 'Region', 'Default encryption']) {
      expect(row(title)).toHaveTextContent('Waiting…');
    }
    expect(
      screen.getByText(`3 of ${STEP_IDS.length} checks done`),
    ).toBeInTheDocument();
    expect(screen.getByRole('progressbar')).toHaveAttribute('value', '3');
    expectNoReactWarnings();
  });

  it('shows a finished run in the same order, without waiting rows or progress', async () => {
    const finished = [...STEP_IDS].reverse().map(id => makeStep(id));
    await renderInTestApp(<TestStepList steps={finished} />);
    expect(rows()).toEqual(ALL_TITLES);
    expect(screen.queryByText('Waiting…')).not.toBeInTheDocument();
    expect(screen.queryByRole('progressbar')).not.toBeInTheDocument();
    expectNoReactWarnings();
  });

  it('lists a step it does not know last, and counts it', async () => {
    await renderInTestApp(
      <TestStepList
        running
        steps={[makeStep('quota', { title: 'Quota' }), makeStep('list')]}
      />,
    );
    expect(rows()).toEqual([
      ...ALL_TITLES,
      `Step ${STEP_IDS.length + 1}: Quota`,
    ]);
    expect(
      screen.getByText(`2 of ${STEP_IDS.length + 1} checks done`),
    ).toBeInTheDocument();
    expectNoReactWarnings();
  });

  it('shows the CORS fix as prose, JSON and command, each copied on its own', async () => {
    const copied = mockClipboard();
    const cors = generateCorsConfiguration({
      bucket: 'team-a-media',
      origins: ['http://localhost:3000'],
      uploadMode: 'simple-put',
    });
    await renderInTestApp(
      <TestStepList
        steps={[
          makeStep('cors', {
            status: 'warn',
            message: 'Bucket team-a-media has no CORS configuration',
            remediation: `Apply this CORS configuration to bucket team-a-media (or add its rule to the existing ones):\n${cors.json}\nWith the AWS CLI: ${cors.command}`,
          }),
        ]}
      />,
    );
    const item = row('CORS');
    expect(item).toHaveTextContent(
      'How to fix: Apply this CORS configuration to bucket team-a-media',
    );
    expect(
      within(item).getByRole('region', { name: 'CORS fix JSON' }),
    ).toHaveTextContent(cors.json.replace(/\s+/g, ' '));
    expect(
      within(item).getByRole('region', { name: 'CORS fix command' }),
    ).toHaveTextContent(cors.command);

    await userEvent.click(
      within(item).getByRole('button', { name: 'Copy CORS fix JSON' }),
    );
    expect(copied).toHaveBeenLastCalledWith(cors.json);
    await userEvent.click(
      within(item).getByRole('button', { name: 'Copy CORS fix command' }),
    );
    expect(copied).toHaveBeenLastCalledWith(cors.command);
    expect(copied).toHaveBeenCalledTimes(2);
    expectNoReactWarnings();
  });

  it('shows a fix of prose only as text, without copy buttons', async () => {
    await renderInTestApp(
      <TestStepList
        steps={[
          makeStep('list', {
            status: 'fail',
            remediation: 'Grant s3:ListBucket on the bucket',
          }),
        ]}
      />,
    );
    expect(row('List objects')).toHaveTextContent(
      'How to fix: Grant s3:ListBucket on the bucket',
    );
    expect(screen.queryByRole('button')).not.toBeInTheDocument();
  });
});
