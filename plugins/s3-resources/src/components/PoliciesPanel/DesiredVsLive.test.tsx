import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  ConfigurationComparison,
  alignLines,
} from '@s3-resources/plugin-s3-resources-common';
import { s3ResourcesApiRef } from '../../api/S3ResourcesApi';
import { makeResource, mockS3Api } from '../../__testUtils__/fixtures';
import { responseError } from '../../__testUtils__/responses';
import { withFreshPermissionCache } from '../../__testUtils__/permissionCache';
import { DesiredVsLive } from './DesiredVsLive';

/** Renders the comparison for a caller who may test the resource, or not. */
function render(api: ReturnType<typeof mockS3Api>, mayTest = true) {
  return renderInTestApp(
    withFreshPermissionCache(<DesiredVsLive resource={makeResource()} />),
    {
      apis: [
        [s3ResourcesApiRef, api],
        mockApis.permission({
          authorize: () =>
            mayTest ? AuthorizeResult.ALLOW : AuthorizeResult.DENY,
        }),
      ],
    },
  );
}

const desired = '{\n  "Days": 7,\n  "ID": "abort"\n}';
const live = '{\n  "Days": 30,\n  "ID": "abort",\n  "Theirs": true\n}';

function comparison(): ConfigurationComparison {
  return {
    resourceId: 'r1',
    checkedAt: new Date().toISOString(),
    documents: [
      {
        document: 'lifecycle',
        title: 'Lifecycle rules',
        state: 'differs',
        summary: 'The generated rule abort is missing or changed',
        desired,
        live,
        lines: alignLines(desired, live),
        command:
          "aws s3api put-bucket-lifecycle-configuration --bucket b --lifecycle-configuration '{}'",
      },
      {
        document: 'bucket-policy',
        title: 'Bucket policy',
        state: 'unknown',
        summary: 'GetBucketPolicy was denied: grant s3:GetBucketPolicy',
        desired: '{}',
        lines: [],
      },
      {
        document: 'cors',
        title: 'CORS configuration',
        state: 'not-generated',
        summary: 'The resource lists no CORS origins',
        lines: [],
      },
    ],
  };
}

describe('DesiredVsLive', () => {
  it('shows each document side by side with the differences marked in signs, not colour alone', async () => {
    const api = mockS3Api({
      compareConfiguration: jest.fn(async () => comparison()),
    });
    await render(api);
    const lifecycle = await screen.findByRole('region', {
      name: 'Lifecycle rules',
    });
    expect(within(lifecycle).getByText('Differs')).toBeInTheDocument();
    const table = within(lifecycle).getByRole('table');
    const rows = within(table).getAllByRole('row');
    const changed = rows.find(
      r => r.getAttribute('data-change') === 'changed',
    )!;
    expect(changed).toHaveTextContent('~ "Days": 7,');
    expect(changed).toHaveTextContent('~ "Days": 30,');
    const theirs = rows.find(
      r => r.getAttribute('data-change') === 'live-only',
    )!;
    expect(theirs).toHaveTextContent('+ "Theirs": true');
    expect(
      within(lifecycle).getByRole('region', {
        name: 'Command for the lifecycle rules',
      }),
    ).toHaveTextContent('put-bucket-lifecycle-configuration');

    const policy = screen.getByRole('region', { name: 'Bucket policy' });
    expect(within(policy).getByText('Unknown')).toBeInTheDocument();
    expect(
      within(policy).getByText(/grant s3:GetBucketPolicy/),
    ).toBeInTheDocument();
    expect(within(policy).queryByText('Matches')).not.toBeInTheDocument();
    const cors = screen.getByRole('region', { name: 'CORS configuration' });
    expect(within(cors).getByText('Not generated')).toBeInTheDocument();
  });

  it('reads the bucket again on request, and says what failed', async () => {
    const error = await responseError(
      503,
      'ServiceUnavailableError',
      'The provider could not be reached at 127.0.0.1:7480',
    );
    const api = mockS3Api({
      compareConfiguration: jest
        .fn()
        .mockRejectedValueOnce(error)
        .mockResolvedValueOnce(comparison()),
    });
    await render(api);
    expect(await screen.findByText(/could not be reached/)).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Check again' }));
    expect(
      await screen.findByRole('region', { name: 'Lifecycle rules' }),
    ).toBeInTheDocument();
    expect(api.compareConfiguration).toHaveBeenCalledTimes(2);
  });

  it('reads nothing for those who may not test the resource, and says why', async () => {
    const api = mockS3Api();
    await render(api, false);
    expect(
      await screen.findByText(/read with the resource's own\s+credentials/),
    ).toBeInTheDocument();
    expect(api.compareConfiguration).not.toHaveBeenCalled();
  });
});
