import { createBackend } from '@backstage/backend-defaults';

// A lean portal backend: the app, guest sign-in, catalog, scaffolder,
// permissions with a real policy, the events bus, and the S3 resources plugins.
const backend = createBackend();

backend.add(import('@backstage/plugin-app-backend'));

backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));

backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(
  import('@backstage/plugin-catalog-backend-module-scaffolder-entity-model'),
);

backend.add(import('@backstage/plugin-scaffolder-backend'));

backend.add(import('@backstage/plugin-permission-backend'));
backend.add(import('./permissionPolicy'));

// The events bus: on PostgreSQL, events are kept in the database and reach
// the subscribers of every replica (resource changes reach the catalog at
// once wherever they were made); on SQLite, within this process.
backend.add(import('@backstage/plugin-events-backend'));

backend.add(import('@s3-resources/plugin-s3-resources-backend'));
backend.add(import('@s3-resources/plugin-catalog-backend-module-s3-resources'));
backend.add(
  import('@s3-resources/plugin-scaffolder-backend-module-s3-resources'),
);

backend.start();
