import { Entity } from '@backstage/catalog-model';
import { coreExtensionData } from '@backstage/frontend-plugin-api';
import {
  createExtensionTester,
  mockApis,
  renderTestApp,
} from '@backstage/frontend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import {
  catalogApiMock,
  createTestEntityPage,
} from '@backstage/plugin-catalog-react/testUtils';
import { FormFieldBlueprint } from '@backstage/plugin-scaffolder-react/alpha';
import { ANNOTATION_RESOURCE_ID } from '@s3-resources/plugin-s3-resources-common';
import { screen } from '@testing-library/react';
import { s3ResourcesApiRef } from '../api/S3ResourcesApi';
import { makeResource, mockS3Api } from '../__testUtils__/fixtures';

// Records which UI modules get evaluated; each factory still returns the real module.
const mockLoaded: string[] = [];
function mockTrack(name: string, path: string) {
  mockLoaded.push(name);
  return jest.requireActual(path);
}
jest.mock('../components/ResourceDetails/ResourceDetails', () =>
  mockTrack('ResourceDetails', '../components/ResourceDetails/ResourceDetails'),
);
jest.mock('../components/PoliciesPanel/PoliciesPanel', () =>
  mockTrack('PoliciesPanel', '../components/PoliciesPanel/PoliciesPanel'),
);
jest.mock('../components/ResourcesPage/ResourcesPage', () =>
  mockTrack('ResourcesPage', '../components/ResourcesPage/ResourcesPage'),
);
jest.mock('../components/EntityS3Card/EntityS3Card', () =>
  mockTrack('EntityS3Card', '../components/EntityS3Card/EntityS3Card'),
);
jest.mock('../scaffolder/S3ConnectionTestField', () =>
  mockTrack('S3ConnectionTestField', '../scaffolder/S3ConnectionTestField'),
);

// Imported after the mocks are registered; the modules under test are required lazily below.
const plugin = () => require('./plugin') as typeof import('./plugin');

const s3Entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: {
    name: 'team-a-media',
    namespace: 'default',
    annotations: { [ANNOTATION_RESOURCE_ID]: makeResource().id },
  },
  spec: { type: 's3-bucket', owner: 'group:default/team-a' },
};

const component: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'web' },
  spec: { type: 'service' },
};

function apis(api = mockS3Api()) {
  return [
    [s3ResourcesApiRef, api],
    catalogApiMock({ entities: [s3Entity] }),
    mockApis.permission({ authorize: AuthorizeResult.ALLOW }),
  ] as const;
}

describe('s3-resources alpha plugin', () => {
  // The tests run in order and module loads are cumulative (the registry
  // caches modules): first nothing, then only what a rendered extension needs.

  it('loads no UI when the plugin modules are imported', () => {
    jest.isolateModules(() => {
      require('./plugin');
      require('./index');
      require('../index');
    });
    expect(mockLoaded).toEqual([]);
  });

  it('has the page, API, entity tab and card, and the four form fields', () => {
    const p = plugin();
    expect(p.default.id).toBe('s3-resources');
    const page = createExtensionTester(p.s3ResourcesPage);
    expect(page.get(coreExtensionData.routePath)).toBe('/s3-resources');
    for (const field of [
      p.s3BucketNameFormField,
      p.s3ProviderEndpointFormField,
      p.s3ConnectionTestFormField,
      p.s3SecretAccessKeyFormField,
    ]) {
      const loader = createExtensionTester(
        field as typeof p.s3BucketNameFormField,
      ).get(FormFieldBlueprint.dataRefs.formFieldLoader);
      expect(typeof loader).toBe('function');
    }
    // Creating the extensions did not load any UI either.
    expect(mockLoaded).toEqual([]);
  });

  it('shows the S3 tab only for s3-bucket resources', () => {
    const tester = createExtensionTester(plugin().entityS3Content);
    expect(tester.get(coreExtensionData.routePath)).toBe('s3');
    expect(tester.get(EntityContentBlueprint.dataRefs.title)).toBe('S3');
    const filter = tester.get(EntityContentBlueprint.dataRefs.filterFunction);
    expect(filter?.(s3Entity)).toBe(true);
    expect(filter?.(component)).toBe(false);
    expect(
      filter?.({ ...s3Entity, spec: { ...s3Entity.spec, type: 'database' } }),
    ).toBe(false);
  });

  it('leaves other entities alone', async () => {
    const p = plugin();
    renderTestApp({
      extensions: [
        createTestEntityPage({ entity: component }),
        p.entityS3Content,
        p.entityS3Card,
      ],
      apis: apis(),
    });
    expect(await screen.findByTestId('empty-entity-page')).toBeInTheDocument();
    expect(mockLoaded).toEqual([]);
  });
  it('renders the entity tab and card with the resource of the entity', async () => {
    const p = plugin();
    renderTestApp({
      extensions: [
        createTestEntityPage({ entity: s3Entity }),
        p.entityS3Content,
        p.entityS3Card,
      ],
      apis: apis(),
    });
    expect(
      await screen.findByText('Access key (key ID and secret)'),
    ).toBeInTheDocument();
    // The card's heading; the tab adds no second one (the entity page has it).
    expect(
      await screen.findAllByRole('heading', { level: 2, name: 'S3 bucket' }),
    ).toHaveLength(1);
    expect(
      await screen.findByRole('tab', { name: 'Settings' }),
    ).toBeInTheDocument();
    expect(mockLoaded).toEqual(
      expect.arrayContaining([
        'EntityS3Card',
        'ResourceDetails',
        'PoliciesPanel',
      ]),
    );
    expect(mockLoaded).not.toContain('ResourcesPage');
    expect(mockLoaded).not.toContain('S3ConnectionTestField');
  });

  it('loads the resources page only when the page is shown', async () => {
    renderTestApp({
      extensions: [plugin().s3ResourcesPage],
      apis: apis(
        mockS3Api({
          listResources: jest.fn(async () => ({
            items: [makeResource()],
            totalCount: 1,
          })),
        }),
      ),
      initialRouteEntries: ['/s3-resources'],
    });
    expect(
      await screen.findByRole(
        'link',
        { name: 'Team A media' },
        { timeout: 5000 },
      ),
    ).toBeInTheDocument();
    expect(mockLoaded).toContain('ResourcesPage');
  });
});
