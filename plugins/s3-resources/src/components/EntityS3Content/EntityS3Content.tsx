import { useEntity } from '@backstage/plugin-catalog-react';
import { Alert } from '@backstage/ui';
import { ANNOTATION_RESOURCE_ID } from '@s3-resources/plugin-s3-resources-common';
import { ResourceDetails } from '../ResourceDetails/ResourceDetails';

/** The S3 tab of an `s3-bucket` entity: the same details as the plugin page. */
export function EntityS3Content() {
  const { entity } = useEntity();
  const id = entity.metadata.annotations?.[ANNOTATION_RESOURCE_ID];
  if (!id) {
    return (
      <Alert
        status="info"
        icon
        title="Not managed by the S3 resources plugin"
        description={`This entity has no ${ANNOTATION_RESOURCE_ID} annotation, so there are no connection tests or policies to show.`}
      />
    );
  }
  return <ResourceDetails id={id} embedded />;
}
