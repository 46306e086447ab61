import {
  coreServices,
  createBackendModule,
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
} from '@backstage/backend-plugin-api';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import { s3ResourcesServiceRef } from '@s3-resources/plugin-s3-resources-node';
import { S3ResourcesEntityProvider } from './S3ResourcesEntityProvider';

/**
 * Catalog module publishing registered S3 resources as entities.
 *
 * @public
 */
export const catalogModuleS3Resources = createBackendModule({
  pluginId: 'catalog',
  moduleId: 's3-resources',
  register(env) {
    env.registerInit({
      deps: {
        catalog: catalogProcessingExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        scheduler: coreServices.scheduler,
        auth: coreServices.auth,
        resources: s3ResourcesServiceRef,
        events: eventsServiceRef,
      },
      async init({
        catalog,
        config,
        logger,
        scheduler,
        auth,
        resources,
        events,
      }) {
        const scheduleConfig = config.getOptionalConfig(
          'catalog.providers.s3Resources.schedule',
        );
        const taskRunner = scheduler.createScheduledTaskRunner(
          scheduleConfig
            ? readSchedulerServiceTaskScheduleDefinitionFromConfig(
                scheduleConfig,
              )
            : {
                frequency: { seconds: 30 },
                timeout: { minutes: 5 },
                initialDelay: { seconds: 3 },
              },
        );
        catalog.addEntityProvider(
          S3ResourcesEntityProvider.create({
            resources,
            auth,
            logger,
            taskRunner,
            events,
          }),
        );
      },
    });
  },
});
