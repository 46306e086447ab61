import { createBackendModule } from '@backstage/backend-plugin-api';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { s3ResourcesServiceRef } from '@s3-resources/plugin-s3-resources-node';
import { createRegisterResourceAction } from './actions/registerResource';

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
      },
      async init({ scaffolder, resources }) {
        scaffolder.addActions(createRegisterResourceAction({ resources }));
      },
    });
  },
});
