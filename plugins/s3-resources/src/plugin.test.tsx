import { Entity } from '@backstage/catalog-model';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import {
  EntityProvider,
  catalogApiRef,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { ScaffolderFieldExtensions } from '@backstage/plugin-scaffolder-react';
import { TestApiProvider, renderInTestApp } from '@backstage/test-utils';
import { ANNOTATION_RESOURCE_ID } from '@s3-resources/plugin-s3-resources-common';
import { screen } from '@testing-library/react';
import { Route, Routes } from 'react-router-dom';
import { s3ResourcesApiRef } from './api/S3ResourcesApi';
import { makeResource, mockS3Api } from './__testUtils__/fixtures';
import { withFreshPermissionCache } from './__testUtils__/permissionCache';
import {
  EntityS3Card,
  EntityS3Content,
  S3BucketNameFieldExtension,
  S3ConnectionTestFieldExtension,
  S3SecretAccessKeyFieldExtension,
  S3ProviderEndpointFieldExtension,
  S3ResourcesPage,
  s3ResourcesPlugin,
} from './index';

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: {
    name: 'team-a-media',
    namespace: 'default',
    annotations: { [ANNOTATION_RESOURCE_ID]: makeResource().id },
  },
  spec: { type: 's3-bucket' },
};

function apis(api = mockS3Api()) {
  return [
    [s3ResourcesApiRef, api],
    [
      catalogApiRef,
      {
        queryEntities: async () => ({ items: [], totalItems: 0, pageInfo: {} }),
      },
    ],
    [
      permissionApiRef,
      { authorize: async () => ({ result: AuthorizeResult.ALLOW }) },
    ],
  ] as const;
}

describe('legacy frontend system exports', () => {
  it('is the s3-resources plugin with its API', () => {
    expect(s3ResourcesPlugin.getId()).toBe('s3-resources');
    expect([...s3ResourcesPlugin.getApis()].map(a => a.api.id)).toEqual([
      'plugin.s3-resources.api',
    ]);
  });

  it('renders the page with a header and the list', async () => {
    await renderInTestApp(
      <TestApiProvider
        apis={apis(
          mockS3Api({
            listResources: jest.fn(async () => ({
              items: [makeResource()],
              totalCount: 1,
            })),
          }),
        )}
      >
        <Routes>
          <Route path="/s3-resources/*" element={<S3ResourcesPage />} />
        </Routes>
      </TestApiProvider>,
      { routeEntries: ['/s3-resources'] },
    );
    expect(
      await screen.findByRole('heading', { level: 1, name: 'S3 resources' }),
    ).toBeInTheDocument();
    expect(
      await screen.findByRole('link', { name: 'Team A media' }),
    ).toBeInTheDocument();
  });

  it('renders the entity tab content and the card for an entity', async () => {
    await renderInTestApp(
      withFreshPermissionCache(
        <TestApiProvider apis={apis()}>
          <EntityProvider entity={entity}>
            <EntityS3Card />
            <EntityS3Content />
          </EntityProvider>
        </TestApiProvider>,
      ),
      { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
    );
    expect(await screen.findByText('View policies')).toBeInTheDocument();
    expect(
      await screen.findByText('Access key (key ID and secret)'),
    ).toBeInTheDocument();
  });

  it('provides the four scaffolder field extensions', async () => {
    const { container } = await renderInTestApp(
      <ScaffolderFieldExtensions>
        <S3BucketNameFieldExtension />
        <S3ProviderEndpointFieldExtension />
        <S3ConnectionTestFieldExtension />
        <S3SecretAccessKeyFieldExtension />
      </ScaffolderFieldExtensions>,
    );
    // Field extensions are data for the scaffolder; they render nothing themselves.
    expect(container).toBeEmptyDOMElement();
  });
});
