import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { S3Resource } from '@s3-resources/plugin-s3-resources-common';
import {
  deferred,
  makeResource,
  mockS3Api,
} from '../../__testUtils__/fixtures';
import { responseError } from '../../__testUtils__/responses';
import { mockClipboard } from '../../__testUtils__/clipboard';
import { ID, renderResourceDetails } from '../../__testUtils__/resourceDetails';

describe('ResourceDetails', () => {
  it('shows a loading state, then the overview with the masked key and auth method', async () => {
    const resource = deferred<S3Resource>();
    const api = mockS3Api({ getResource: jest.fn(() => resource.promise) });
    await renderResourceDetails(api);
    expect(screen.getByLabelText('Loading the resource')).toBeInTheDocument();
    resource.resolve(makeResource());
    expect(
      await screen.findByRole('heading', { level: 2, name: 'Team A media' }),
    ).toBeInTheDocument();
    expect(screen.getByText('****************KEY1')).toBeInTheDocument();
    expect(screen.getByText('Access key ID (masked)')).toBeInTheDocument();
    expect(
      screen.getByText('Access key (key ID and secret)'),
    ).toBeInTheDocument();
    expect(screen.getByText(/secret stored/)).toBeInTheDocument();
    expect(screen.getByText('Passing')).toBeInTheDocument();
    expect(screen.getByText(/last tested 5 minutes ago/)).toBeInTheDocument();
  });

  it('does not call a key ID masked when it is shown whole (to an editor)', async () => {
    const api = mockS3Api({
      getResource: jest.fn(async () =>
        makeResource({
          auth: {
            method: 'access-key',
            accessKeyId: 'S3RTESTERACCESSKEY01',
            hasSecret: true,
          },
        }),
      ),
    });
    await renderResourceDetails(api);
    expect(await screen.findByText('S3RTESTERACCESSKEY01')).toBeInTheDocument();
    expect(screen.getByText('Access key ID')).toBeInTheDocument();
    expect(screen.queryByText(/\(masked\)/)).not.toBeInTheDocument();
  });

  it('links owner and system in any spelling', async () => {
    const api = mockS3Api({
      getResource: jest.fn(async () =>
        makeResource({
          owner: 'group:default/team-a',
          system: 'media-pipeline',
        }),
      ),
    });
    await renderResourceDetails(api);
    expect(
      await screen.findByRole('link', { name: /media-pipeline/ }),
    ).toHaveAttribute('href', '/catalog/default/system/media-pipeline');
    expect(screen.getByRole('link', { name: /^team-a$/ })).toHaveAttribute(
      'href',
      '/catalog/default/group/team-a',
    );
  });

  it('shows an owner it cannot read as text instead of failing', async () => {
    const api = mockS3Api({
      getResource: jest.fn(async () =>
        makeResource({ owner: 'not/a/ref', system: 'component:web' }),
      ),
    });
    await renderResourceDetails(api);
    expect(await screen.findByText('not/a/ref')).toBeInTheDocument();
    expect(screen.getByText('component:web')).toBeInTheDocument();
    expect(
      screen.getByRole('heading', { level: 2, name: 'Team A media' }),
    ).toBeInTheDocument();
  });

  it('explains a resource that is not there (404)', async () => {
    const error = await responseError(
      404,
      'NotFoundError',
      `No resource ${ID}`,
    );
    const api = mockS3Api({ getResource: jest.fn().mockRejectedValue(error) });
    await renderResourceDetails(api);
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Could not load the resource: not found');
    expect(alert).toHaveTextContent(`No resource ${ID}`);
  });

  it('hides edit, delete, test and the audit trail from those not allowed', async () => {
    const api = mockS3Api();
    await renderResourceDetails(api, { allow: false });
    await screen.findByRole('heading', { level: 2, name: 'Team A media' });
    expect(
      screen.queryByRole('button', { name: 'Edit' }),
    ).not.toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Delete' }),
    ).not.toBeInTheDocument();
    expect(
      screen.queryByRole('tab', { name: 'Audit trail' }),
    ).not.toBeInTheDocument();
    await userEvent.click(screen.getByRole('tab', { name: 'Connection' }));
    expect(
      await screen.findByText(
        /Only the resource.s owners and the platform team/,
      ),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Test now' }),
    ).not.toBeInTheDocument();
    expect(api.listAudit).not.toHaveBeenCalled();
  });

  it('shows the actions and the audit trail to those allowed', async () => {
    const api = mockS3Api({
      listAudit: jest.fn(async () => ({
        items: [
          {
            id: 'a1',
            at: '2025-01-02T10:00:00.000Z',
            actor: 'user:default/alice',
            action: 'resource-update',
            resourceId: ID,
            outcome: 'success' as const,
            changedFields: ['title'],
          },
        ],
      })),
    });
    await renderResourceDetails(api, { route: '/?tab=audit' });
    expect(
      await screen.findByRole('button', { name: 'Edit' }),
    ).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Delete' })).toBeInTheDocument();
    expect(await screen.findByText('changed title')).toBeInTheDocument();
    expect(screen.getByText('✓ Succeeded')).toBeInTheDocument();
    expect(screen.getByText('Resource updated')).toBeInTheDocument();
    expect(api.listAudit).toHaveBeenCalledWith({
      resourceId: ID,
      cursor: undefined,
      limit: 50,
    });
  });

  it('handles a 403 from the audit API gracefully', async () => {
    const error = await responseError(
      403,
      'NotAllowedError',
      'You may not read the audit trail',
    );
    const api = mockS3Api({ listAudit: jest.fn().mockRejectedValue(error) });
    await renderResourceDetails(api, { route: '/?tab=audit' });
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent(
      'Could not load the audit trail: not allowed',
    );
  });

  it('shows the external ID with a copy button and why, for assume-role resources', async () => {
    const copied = mockClipboard();
    const api = mockS3Api({
      getResource: jest.fn(async () =>
        makeResource({
          provider: 'aws',
          endpoint: undefined,
          auth: {
            method: 'assume-role',
            roleArn: 'arn:aws:iam::123456789012:role/media-uploader',
            externalId: 'ext-abc123',
            source: { method: 'aws-account', accountId: '123456789012' },
          },
        }),
      ),
    });
    await renderResourceDetails(api);
    expect(await screen.findByText('ext-abc123')).toBeInTheDocument();
    expect(screen.getByText(/confused deputy/)).toBeInTheDocument();
    await userEvent.click(
      screen.getByRole('button', { name: 'Copy external ID' }),
    );
    expect(copied).toHaveBeenCalledWith('ext-abc123');
    expect(
      await screen.findByText('Copied to the clipboard'),
    ).toBeInTheDocument();
  });
});
