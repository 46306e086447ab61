import { renderInTestApp } from '@backstage/frontend-test-utils';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { useLocation } from 'react-router-dom';
import { s3ResourcesApiRef } from '../api/S3ResourcesApi';
import { ResourcesPage } from '../components/ResourcesPage/ResourcesPage';
import { rootRouteRef } from '../routes';
import { mockS3Api } from './fixtures';

/** The page's URL query, to see what it keeps there. */
function UrlQuery() {
  return <output aria-label="URL query">{useLocation().search}</output>;
}

/** The resources page at `initialRouteEntries`, with a catalog holding Team A. */
export function renderResourcesPage(
  api = mockS3Api(),
  initialRouteEntries = ['/s3-resources'],
) {
  return renderInTestApp(
    <>
      <ResourcesPage />
      <UrlQuery />
    </>,
    {
      apis: [
        [s3ResourcesApiRef, api],
        catalogApiMock({
          entities: [
            {
              apiVersion: 'backstage.io/v1alpha1',
              kind: 'Group',
              metadata: {
                name: 'team-a',
                namespace: 'default',
                title: 'Team A',
              },
              spec: {},
            },
          ],
        }),
      ],
      mountedRoutes: {
        '/s3-resources': rootRouteRef,
      },
      initialRouteEntries,
    },
  );
}
