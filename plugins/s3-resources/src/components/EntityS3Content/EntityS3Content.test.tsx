import { Entity } from '@backstage/catalog-model';
import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { ANNOTATION_RESOURCE_ID } from '@s3-resources/plugin-s3-resources-common';
import { screen, within } from '@testing-library/react';
import { s3ResourcesApiRef } from '../../api/S3ResourcesApi';
import { makeResource, mockS3Api } from '../../__testUtils__/fixtures';
import { withFreshPermissionCache } from '../../__testUtils__/permissionCache';
import { EntityS3Content } from './EntityS3Content';

const resource = makeResource();

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: {
    name: resource.name,
    namespace: 'default',
    annotations: { [ANNOTATION_RESOURCE_ID]: resource.id },
  },
  spec: { type: 's3-bucket' },
};

function render(e: Entity = entity) {
  const api = mockS3Api({ getResource: jest.fn(async () => resource) });
  return renderInTestApp(
    withFreshPermissionCache(
      <EntityProvider entity={e}>
        <EntityS3Content />
      </EntityProvider>,
    ),
    {
      apis: [
        [s3ResourcesApiRef, api],
        mockApis.permission({ authorize: AuthorizeResult.ALLOW }),
      ],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    },
  );
}

describe('EntityS3Content', () => {
  it('shows the resource without the entity page chrome: no heading, no self-link, no second Overview tab', async () => {
    await render();
    const tabs = await screen.findByRole('tablist', {
      name: 'Resource details',
    });
    expect(
      within(tabs)
        .getAllByRole('tab')
        .map(t => t.textContent),
    ).toEqual([
      'Settings',
      'Connection',
      'Objects',
      'Storage',
      'Policies',
      'Access',
      'History',
      'Findings',
      'Audit trail',
    ]);
    // the entity page's header names the entity; the tab adds no heading above its tabs
    expect(screen.queryByRole('heading', { level: 2 })).not.toBeInTheDocument();
    expect(screen.queryByText('Catalog entity')).not.toBeInTheDocument();
    expect(
      screen
        .queryAllByRole('link')
        .map(l => l.getAttribute('href'))
        .filter(href => href?.includes(`/resource/${resource.name}`)),
    ).toEqual([]);
    // what the tab is for is still there
    expect(screen.getByText('Passing')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Edit' })).toBeInTheDocument();
    expect(screen.getByText('Access key ID (masked)')).toBeInTheDocument();
  });

  it('says so for an entity the plugin does not manage', async () => {
    await render({ ...entity, metadata: { name: 'x' } });
    expect(
      await screen.findByText('Not managed by the S3 resources plugin'),
    ).toBeInTheDocument();
  });
});
