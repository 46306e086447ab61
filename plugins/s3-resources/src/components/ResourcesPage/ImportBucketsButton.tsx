import { useRouteRef } from '@backstage/core-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import { ButtonLink } from '@backstage/ui';
import { RiImportLine } from '@remixicon/react';
import { s3ResourceCreatePermission } from '@s3-resources/plugin-s3-resources-common';
import { importRouteRef } from '../../routes';

/** Opens the import of existing buckets, for those who may register resources. */
export function ImportBucketsButton() {
  const importLink = useRouteRef(importRouteRef);
  const { allowed } = usePermission({ permission: s3ResourceCreatePermission });
  if (!allowed) return null;
  return (
    <ButtonLink
      href={importLink()}
      variant="secondary"
      iconStart={<RiImportLine />}
    >
      Import buckets
    </ButtonLink>
  );
}
