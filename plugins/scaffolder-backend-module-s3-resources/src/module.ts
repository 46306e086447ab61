import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { s3ResourcesServiceRef } from '@s3-resources/plugin-s3-resources-node';
import { createRegisterResourceAction } from './actions/registerResource';
import { createConnectionTestAction } from './actions/connectionTest';
import { createPolicyCorsAction } from './actions/policyCors';
import { createPolicyIamAction } from './actions/policyIam';
import { createShareObjectAction } from './actions/shareObject';

/**
 * Scaffolder module with the S3 resources template actions.
 *
 * @public
 */
export const scaffolderModuleS3Resources = createBackendModule({
  pluginId: 'scaffolder',
  moduleId: 's3-resources',
  register(env) {
    env.registerInit({
      deps: {
        scaffolder: scaffolderActionsExtensionPoint,
        resources: s3ResourcesServiceRef,
        config: coreServices.rootConfig,
      },
      async init({ scaffolder, resources, config }) {
        scaffolder.addActions(
          createRegisterResourceAction({
            resources,
            appBaseUrl: config.getOptionalString('app.baseUrl'),
          }),
        );
        scaffolder.addActions(createConnectionTestAction({ resources }));
        scaffolder.addActions(createShareObjectAction({ resources }));
        scaffolder.addActions(
          createPolicyIamAction({
            resources,
            portalPrincipalArn: config.getOptionalString(
              's3Resources.portalPrincipalArn',
            ),
            egressCidrs: config.getOptionalStringArray(
              's3Resources.egressCidrs',
            ),
          }),
          createPolicyCorsAction({
            appBaseUrl: config.getOptionalString('app.baseUrl'),
          }),
        );
      },
    });
  },
});
