import {
  coreServices,
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import { DefaultS3ResourcesClient } from './DefaultS3ResourcesClient';
import { S3ResourcesService } from './S3ResourcesService';

/**
 * Service through which backend plugins and modules use S3 resources.
 *
 * @public
 */
export const s3ResourcesServiceRef = createServiceRef<S3ResourcesService>({
  id: 's3-resources.client',
  defaultFactory: async service =>
    createServiceFactory({
      service,
      deps: {
        discovery: coreServices.discovery,
        auth: coreServices.auth,
      },
      factory: ({ discovery, auth }) =>
        DefaultS3ResourcesClient.create({ discovery, auth }),
    }),
});
