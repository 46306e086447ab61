import { Entity } from '@backstage/catalog-model';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { ANNOTATION_RESOURCE_ID } from '@s3-resources/plugin-s3-resources-common';
import { screen } from '@testing-library/react';
import { s3ResourcesApiRef } from '../../api/S3ResourcesApi';
import { makeResource, mockS3Api } from '../../__testUtils__/fixtures';
import { responseError } from '../../__testUtils__/responses';
import { EntityS3Card } from './EntityS3Card';

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: {
    name: 'team-a-media',
    namespace: 'default',
    annotations: { [ANNOTATION_RESOURCE_ID]: 'id-1' },
  },
  spec: { type: 's3-bucket' },
};

function render(api = mockS3Api(), e: Entity = entity) {
  return renderInTestApp(
    <EntityProvider entity={e}>
      <EntityS3Card />
    </EntityProvider>,
    {
      apis: [[s3ResourcesApiRef, api]],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    },
  );
}

describe('EntityS3Card', () => {
  it('shows status, bucket, region, last test and links to the policies', async () => {
    const api = mockS3Api({
      getResource: jest.fn(async () => makeResource({ prefix: 'uploads/' })),
    });
    await render(api);
    expect(await screen.findByText('Passing')).toBeInTheDocument();
    expect(screen.getByText('team-a-media/uploads/')).toBeInTheDocument();
    expect(screen.getByText('us-east-1')).toBeInTheDocument();
    expect(screen.getByText('5 minutes ago')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'View policies' })).toHaveAttribute(
      'href',
      '/catalog/default/resource/team-a-media/s3?tab=policies',
    );
    expect(api.getResource).toHaveBeenCalledWith('id-1');
  });

  it('shows an error and entities it does not manage', async () => {
    const error = await responseError(404, 'NotFoundError', 'No resource id-1');
    await render(
      mockS3Api({ getResource: jest.fn().mockRejectedValue(error) }),
    );
    expect(await screen.findByRole('alert')).toHaveTextContent('not found');
  });

  it('says so for an entity without the resource annotation', async () => {
    const api = mockS3Api();
    await render(api, { ...entity, metadata: { name: 'x' } });
    expect(
      await screen.findByText('Not managed by the S3 resources plugin.'),
    ).toBeInTheDocument();
    expect(api.getResource).not.toHaveBeenCalled();
  });
});
