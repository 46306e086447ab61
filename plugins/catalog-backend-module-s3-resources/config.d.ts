import { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  catalog?: {
    providers?: {
      s3Resources?: {
        /**
         * When the full sync runs: a repair job, since every change already
         * reaches the catalog as a delta (default every 10 minutes, first
         * run 15 seconds after start).
         */
        schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
        /**
         * Where the app mounts the S3 resources page (default
         * `/s3-resources`): the entities' `backstage.io/view-url` and
         * `backstage.io/edit-url` are `app.baseUrl` + this path +
         * `/resources/<id>`.
         */
        pagePath?: string;
      };
    };
  };
}
