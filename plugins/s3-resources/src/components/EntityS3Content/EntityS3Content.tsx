import { useEntity } from '@backstage/plugin-catalog-react';
import { ANNOTATION_RESOURCE_ID } from '@s3-resources/plugin-s3-resources-common';
import { Text } from '@backstage/ui';
import { ResourceDetails } from '../ResourceDetails/ResourceDetails';

/** The S3 tab of an `s3-bucket` entity. */
export function EntityS3Content() {
  const { entity } = useEntity();
  const id = entity.metadata.annotations?.[ANNOTATION_RESOURCE_ID];
  if (!id) {
    return (
      <Text>
        This entity has no {ANNOTATION_RESOURCE_ID} annotation, so it is not
        managed by the S3 resources plugin.
      </Text>
    );
  }
  return <ResourceDetails id={id} />;
}
