import { useRouteRef } from '@backstage/core-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import { ButtonLink } from '@backstage/ui';
import { RiShieldCheckLine } from '@remixicon/react';
import { s3AuditReadPermission } from '@s3-resources/plugin-s3-resources-common';
import { auditRouteRef } from '../../routes';

/** "Audit" in the plugin's page header, for those who may read the audit. */
export function AuditLink() {
  const auditLink = useRouteRef(auditRouteRef);
  const { allowed } = usePermission({ permission: s3AuditReadPermission });
  if (!allowed) return null;
  return (
    <ButtonLink
      href={auditLink()}
      variant="secondary"
      iconStart={<RiShieldCheckLine />}
    >
      Audit
    </ButtonLink>
  );
}
