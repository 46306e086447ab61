import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { s3ResourcesApiRef } from '../api/S3ResourcesApi';
import { mockS3Api } from './fixtures';
import { withFreshPermissionCache } from './permissionCache';
import { ResourceDetails } from '../components/ResourceDetails/ResourceDetails';

export const ID = '7d4d1f1e-2b7a-4a38-9a55-0c2f0f6a1a11';

export function renderResourceDetails(
  api = mockS3Api(),
  options: {
    allow?: boolean;
    auditAllowed?: boolean;
    route?: string;
    onDeleted?: () => void;
    /** Collects what the page tells through the alert API. */
    alerts?: ReturnType<typeof mockApis.alert>;
  } = {},
) {
  const allow = options.allow ?? true;
  const auditAllowed = options.auditAllowed ?? allow;
  return renderInTestApp(
    withFreshPermissionCache(
      <ResourceDetails id={ID} onDeleted={options.onDeleted} />,
    ),
    {
      apis: [
        [s3ResourcesApiRef, api],
        ...(options.alerts ? [options.alerts] : []),
        catalogApiMock({
          entities: [
            {
              apiVersion: 'backstage.io/v1alpha1',
              kind: 'Group',
              metadata: {
                name: 'team-b',
                namespace: 'default',
                title: 'Team B',
              },
              spec: {},
            },
            {
              apiVersion: 'backstage.io/v1alpha1',
              kind: 'System',
              metadata: { name: 'media', namespace: 'default' },
              spec: {},
            },
          ],
        }),
        mockApis.permission({
          authorize: request => {
            if (request.permission.name === 's3.audit.read') {
              return auditAllowed
                ? AuthorizeResult.ALLOW
                : AuthorizeResult.DENY;
            }
            return allow ? AuthorizeResult.ALLOW : AuthorizeResult.DENY;
          },
        }),
      ],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
      initialRouteEntries: [options.route ?? '/'],
    },
  );
}
