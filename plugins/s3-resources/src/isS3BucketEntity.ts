import { Entity } from '@backstage/catalog-model';
import { S3_BUCKET_ENTITY_TYPE } from '@s3-resources/plugin-s3-resources-common';

/**
 * True for entities published by the S3 resources catalog module.
 *
 * @public
 */
export function isS3BucketEntity(entity: Entity): boolean {
  return (
    entity.kind.toLocaleLowerCase('en-US') === 'resource' &&
    (entity.spec as { type?: string } | undefined)?.type ===
      S3_BUCKET_ENTITY_TYPE
  );
}
