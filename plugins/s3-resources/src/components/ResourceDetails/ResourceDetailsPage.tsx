import { useRouteRef, useRouteRefParams } from '@backstage/core-plugin-api';
import { Flex } from '@backstage/ui';
import { useNavigate } from 'react-router-dom';
import { resourceRouteRef, rootRouteRef } from '../../routes';
import { BackLink } from '../common/PageGate';
import { ResourceDetails } from './ResourceDetails';

/** `/s3-resources/resources/:id`: the details, with a way back to the list. */
export function ResourceDetailsPage() {
  const { id } = useRouteRefParams(resourceRouteRef);
  const listLink = useRouteRef(rootRouteRef);
  const navigate = useNavigate();
  return (
    <Flex direction="column" gap="3">
      <BackLink />
      <ResourceDetails id={id} onDeleted={() => navigate(listLink())} />
    </Flex>
  );
}
