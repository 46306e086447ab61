import { useRouteRef, useRouteRefParams } from '@backstage/core-plugin-api';
import { Flex, Link } from '@backstage/ui';
import { RiArrowLeftLine } from '@remixicon/react';
import { useNavigate } from 'react-router-dom';
import { resourceRouteRef, rootRouteRef } from '../../routes';
import { ResourceDetails } from './ResourceDetails';

/** `/s3-resources/resources/:id`: the details, with a way back to the list. */
export function ResourceDetailsPage() {
  const { id } = useRouteRefParams(resourceRouteRef);
  const listLink = useRouteRef(rootRouteRef);
  const navigate = useNavigate();
  return (
    <Flex direction="column" gap="3">
      <Link href={listLink()} style={{ alignSelf: 'start' }}>
        <Flex align="center" gap="1">
          <RiArrowLeftLine size={16} aria-hidden />
          All S3 resources
        </Flex>
      </Link>
      <ResourceDetails id={id} onDeleted={() => navigate(listLink())} />
    </Flex>
  );
}
