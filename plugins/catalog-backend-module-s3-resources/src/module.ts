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
 * Changes arrive as deltas at once; the full sync only repairs what an
 * instance missed (a lost event, a change made while the catalog was down).
 */
const DEFAULT_SCHEDULE = {
  frequency: { minutes: 10 },
  timeout: { minutes: 5 },
  initialDelay: { seconds: 15 },
};

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
            : DEFAULT_SCHEDULE,
        );
        catalog.addEntityProvider(
          S3ResourcesEntityProvider.create({
            resources,
            auth,
            logger,
            taskRunner,
            events,
            pages: {
              appBaseUrl: config.getOptionalString('app.baseUrl'),
              pagePath: config.getOptionalString(
                'catalog.providers.s3Resources.pagePath',
              ),
            },
          }),
        );
      },
    });
  },
});
