import { useRouteRefParams } from '@backstage/core-plugin-api';
import { resourceRouteRef } from '../../routes';
import { ResourceDetails } from './ResourceDetails';

export function ResourceDetailsPage() {
  const { id } = useRouteRefParams(resourceRouteRef);
  return <ResourceDetails id={id} />;
}
