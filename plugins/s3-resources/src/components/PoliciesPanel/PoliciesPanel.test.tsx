import { renderInTestApp } from '@backstage/frontend-test-utils';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { s3ResourcesApiRef } from '../../api/S3ResourcesApi';
import {
  makePolicies,
  makeResource,
  mockS3Api,
} from '../../__testUtils__/fixtures';
import { responseError } from '../../__testUtils__/responses';
import { PoliciesPanel } from './PoliciesPanel';
import { applyCommand, howToApply } from './applyPolicies';
import { mockClipboard } from '../../__testUtils__/clipboard';

describe('PoliciesPanel', () => {
  it('shows each policy with copy, download, reasons, notes, command and how to apply', async () => {
    const copied = mockClipboard();
    const policies = makePolicies();
    await renderInTestApp(<PoliciesPanel resource={makeResource()} />, {
      apis: [
        [
          s3ResourcesApiRef,
          mockS3Api({ getPolicies: jest.fn(async () => policies) }),
        ],
      ],
    });
    const iam = (
      await screen.findByRole('heading', { name: 'IAM policy' })
    ).closest('.bui-Card') as HTMLElement;
    expect(
      within(iam).getByRole('region', { name: 'IAM policy JSON' }),
    ).toHaveTextContent('"Sid": "Read"');
    expect(
      within(iam).getByText('120 of 6144 characters allowed'),
    ).toBeInTheDocument();
    expect(within(iam).getByText('Download objects')).toBeInTheDocument();
    expect(
      within(iam).getByText('ACL actions are left out: uploads send no ACL.'),
    ).toBeInTheDocument();
    expect(
      within(iam).getByRole('region', { name: 'IAM policy command' }),
    ).toHaveTextContent(
      'aws iam put-user-policy --user-name <user-of-the-access-key> --policy-name s3-resources-team-a-media --policy-document file://team-a-media-iam-policy.json --endpoint-url http://127.0.0.1:7480',
    );
    expect(
      within(iam).getByText(/radosgw-admin role-policy put/),
    ).toBeInTheDocument();
    await userEvent.click(
      within(iam).getByRole('button', { name: 'Copy IAM policy' }),
    );
    expect(copied).toHaveBeenCalledWith(policies.iamPolicy.json);
    expect(
      within(iam).getByRole('button', { name: 'Copy IAM policy' }),
    ).toHaveTextContent('Copied');
    expect(within(iam).getByText('Copied to the clipboard')).toHaveAttribute(
      'role',
      'status',
    );
    expect(
      within(iam).getByRole('button', {
        name: 'Download IAM policy as team-a-media-iam-policy.json',
      }),
    ).toBeInTheDocument();

    expect(
      screen.getByRole('region', { name: 'CORS configuration command' }),
    ).toHaveTextContent(policies.cors!.command);
    expect(
      screen.getByRole('region', { name: 'Bucket policy command' }),
    ).toHaveTextContent(
      'aws s3api put-bucket-policy --bucket team-a-media --policy file://team-a-media-bucket-policy.json --endpoint-url http://127.0.0.1:7480',
    );
    expect(
      screen.queryByRole('heading', { name: 'Trust policy' }),
    ).not.toBeInTheDocument();
    expect(screen.getByText('Not generated')).toBeInTheDocument();
    expect(
      screen.getAllByText(
        'No trust policy: the resource does not assume a role.',
        {
          exact: false,
        },
      ).length,
    ).toBeGreaterThan(0);
  });

  it('shows the generator error from the API', async () => {
    const error = await responseError(
      400,
      'InputError',
      'bucket: must be 3 to 63 characters long [bucket-length]',
    );
    await renderInTestApp(<PoliciesPanel resource={makeResource()} />, {
      apis: [
        [
          s3ResourcesApiRef,
          mockS3Api({ getPolicies: jest.fn().mockRejectedValue(error) }),
        ],
      ],
    });
    expect(await screen.findByRole('alert')).toHaveTextContent(
      '[bucket-length]',
    );
  });
});

describe('applyCommand and howToApply', () => {
  it('uses put-role-policy with the role of an assume-role resource on AWS', () => {
    const resource = makeResource({
      provider: 'aws',
      endpoint: undefined,
      auth: {
        method: 'assume-role',
        roleArn: 'arn:aws:iam::123456789012:role/team/media-uploader',
        source: { method: 'aws-account', accountId: '123456789012' },
      },
    });
    expect(applyCommand(resource, 'iam')).toBe(
      'aws iam put-role-policy --role-name media-uploader --policy-name s3-resources-team-a-media --policy-document file://team-a-media-iam-policy.json',
    );
    expect(applyCommand(resource, 'trust')).toBe(
      'aws iam update-assume-role-policy --role-name media-uploader --policy-document file://team-a-media-trust-policy.json',
    );
    expect(howToApply(resource, 'iam')[0]).toMatch(/^AWS console: IAM/);
  });

  it('uses mc admin policy for MinIO and the dashboard for R2', () => {
    expect(applyCommand(makeResource({ provider: 'minio' }), 'iam')).toMatch(
      /^mc admin policy create <alias> s3-resources-team-a-media team-a-media-iam-policy.json\nmc admin policy attach/,
    );
    const r2 = makeResource({ provider: 'r2', region: 'auto' });
    expect(applyCommand(r2, 'iam')).toBeUndefined();
    expect(howToApply(r2, 'iam').join(' ')).toMatch(/Manage R2 API Tokens/);
  });
});
