import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  DiscoveredBucket,
  S3ResourcesApi,
  s3ResourcesApiRef,
} from '../api/S3ResourcesApi';
import { ImportPage } from '../components/Import/ImportPage';
import { rootRouteRef } from '../routes';
import { withFreshPermissionCache } from './permissionCache';

export const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';

export function bucket(name: string, extra: Partial<DiscoveredBucket> = {}) {
  return {
    bucket: name,
    region: 'us-east-1',
    tags: {},
    suggestedName: `${name}--127-0-0-1-7480`,
    warnings: [],
    ...extra,
  };
}

export function renderImportPage(
  api: jest.Mocked<S3ResourcesApi>,
  allowed = true,
  route = '/s3-resources/import',
) {
  return renderInTestApp(withFreshPermissionCache(<ImportPage />), {
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
      mockApis.identity({
        userEntityRef: 'user:default/alice',
        ownershipEntityRefs: ['user:default/alice', 'group:default/team-a'],
      }),
      mockApis.permission({
        authorize: request =>
          request.permission.name === 's3.resource.create' && allowed
            ? AuthorizeResult.ALLOW
            : AuthorizeResult.DENY,
      }),
    ],
    mountedRoutes: { '/s3-resources': rootRouteRef },
    initialRouteEntries: [route],
  });
}

/** Ceph RGW at 127.0.0.1:7480 with an access key. */
export async function fillSource() {
  await userEvent.click(
    await screen.findByRole('button', { name: /Provider$/ }),
  );
  await userEvent.click(
    await screen.findByRole('option', { name: 'Ceph RADOS Gateway' }),
  );
  await userEvent.type(
    screen.getByRole('textbox', { name: /Endpoint URL/ }),
    'http://127.0.0.1:7480',
  );
  await userEvent.type(
    screen.getByRole('textbox', { name: /Access key ID/ }),
    'AKIAEXAMPLE',
  );
  await userEvent.type(screen.getByLabelText(/Secret access key/), SECRET);
}

export const table = () =>
  screen.getByRole('table', { name: 'Discovered buckets' });
export const row = (name: string) =>
  within(table())
    .getAllByRole('row')
    .find(r => within(r).queryByRole('rowheader', { name: new RegExp(name) }))!;

/** Discovers alpha, beta (owner tag team-b) and gamma, and any `more`. */
export async function discoverThree(
  api: jest.Mocked<S3ResourcesApi>,
  more: DiscoveredBucket[] = [],
) {
  api.discoverBuckets.mockImplementation(async (_s, options) => {
    const list = [
      bucket('alpha'),
      bucket('beta', { suggestedOwner: 'group:default/team-b' }),
      bucket('gamma'),
      ...more,
    ];
    list.forEach(b => options?.onBucket?.(b));
    return list;
  });
  await renderImportPage(api);
  await fillSource();
  await userEvent.click(
    screen.getByRole('button', { name: 'Discover buckets' }),
  );
  await screen.findByText(`Found ${3 + more.length} buckets.`);
}
