import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { screen, within } from '@testing-library/react';
import { S3ResourcesApi, s3ResourcesApiRef } from '../api/S3ResourcesApi';
import { mockS3Api } from './fixtures';
import { withFreshPermissionCache } from './permissionCache';
import { rootRouteRef } from '../routes';
import { AuditPage } from '../components/Audit/AuditPage';

export type Allowed = {
  read?: boolean;
  sweep?: boolean;
  create?: boolean;
  update?: boolean;
  delete?: boolean;
};

export function renderAuditPage(
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
            if (name === 's3.resource.create' && allowed.create) {
              return AuthorizeResult.ALLOW;
            }
            if (name === 's3.resource.update' && allowed.update) {
              return AuthorizeResult.ALLOW;
            }
            if (name === 's3.resource.delete' && allowed.delete) {
              return AuthorizeResult.ALLOW;
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

export const findingsRegion = () =>
  screen.findByRole('region', { name: 'Findings' });

/** The table's rows once its data replaced the loading skeleton. */
export async function rowsOnceShown(
  region: HTMLElement,
  text: string | RegExp,
) {
  await within(region).findByText(text);
  return within(region).getAllByRole('row');
}
