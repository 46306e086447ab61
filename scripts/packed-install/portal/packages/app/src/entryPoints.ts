// Not bundled: only type-checked, so that both entry points resolve with
// their types from the packed package, as an app on either frontend
// system imports them.
import type s3ResourcesPlugin from '@s3-resources/plugin-s3-resources/alpha';
import type {
  EntityS3Card,
  EntityS3Content,
  S3ResourcesPage,
} from '@s3-resources/plugin-s3-resources';

export type EntryPoints = [
  typeof s3ResourcesPlugin,
  typeof S3ResourcesPage,
  typeof EntityS3Content,
  typeof EntityS3Card,
];
