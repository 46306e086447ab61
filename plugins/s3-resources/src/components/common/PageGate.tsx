import { useRouteRef } from '@backstage/core-plugin-api';
import { BasicPermission } from '@backstage/plugin-permission-common';
import { usePermission } from '@backstage/plugin-permission-react';
import { Alert, Flex, Link, Skeleton } from '@backstage/ui';
import { RiArrowLeftLine } from '@remixicon/react';
import { ReactNode } from 'react';
import { rootRouteRef } from '../../routes';

/** "All S3 resources": back to the plugin's list page. */
export function BackLink() {
  const listLink = useRouteRef(rootRouteRef);
  return (
    <Link href={listLink()} style={{ alignSelf: 'start' }}>
      <Flex align="center" gap="1">
        <RiArrowLeftLine size={16} aria-hidden />
        All S3 resources
      </Flex>
    </Link>
  );
}

/**
 * A page of the plugin that needs a permission: skeletons while the
 * permission is asked, a warning that names it when it is denied (with a way
 * back), the page itself when it is granted.
 */
export function PageGate(props: {
  permission: BasicPermission;
  /** Accessible name of the skeleton, e.g. "Loading the audit". */
  loadingLabel: string;
  denied: { title: string; description: string };
  children: ReactNode;
}) {
  const { loading, allowed } = usePermission({
    permission: props.permission,
  });
  if (loading) {
    return (
      <Flex
        direction="column"
        gap="3"
        aria-busy="true"
        aria-label={props.loadingLabel}
      >
        <Skeleton width="30%" height={32} />
        <Skeleton width="100%" height={220} />
      </Flex>
    );
  }
  if (!allowed) {
    return (
      <Flex direction="column" gap="4">
        <BackLink />
        <Alert
          status="warning"
          icon
          title={props.denied.title}
          description={props.denied.description}
        />
      </Flex>
    );
  }
  return <>{props.children}</>;
}
