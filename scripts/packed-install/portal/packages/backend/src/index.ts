import { createBackend } from '@backstage/backend-defaults';

// A fresh backend as a Backstage app creates it, plus the S3 resources
// plugins installed from their packed tarballs the way README.md says.
const backend = createBackend();

backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));
backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(import('@backstage/plugin-scaffolder-backend'));
backend.add(import('@backstage/plugin-permission-backend'));
backend.add(
  import('@backstage/plugin-permission-backend-module-allow-all-policy'),
);

backend.add(import('@s3-resources/plugin-s3-resources-backend'));
backend.add(import('@s3-resources/plugin-catalog-backend-module-s3-resources'));
backend.add(
  import('@s3-resources/plugin-scaffolder-backend-module-s3-resources'),
);

backend.start();
