import { NotAllowedError } from '@backstage/errors';
import {
  s3KeysRotatePermission,
  s3ResourcesContract as api,
} from '@s3-resources/plugin-s3-resources-common';
import Router from 'express-promise-router';
import { ServeOptions, serveRoute } from '../contract/serveRoute';
import { AuditTrail } from '../service/AuditTrail';
import { KeyRotation } from '../service/KeyRotation';
import { ResourcePermissions } from '../service/ResourcePermissions';

export function createAdminRoutes(options: {
  serve: ServeOptions;
  permissions: ResourcePermissions;
  auditTrail: AuditTrail;
  rotation: KeyRotation;
}) {
  const { serve, permissions, auditTrail, rotation } = options;
  const router = Router();

  /** Re-encrypts every stored secret under the first configured key. */
  serveRoute(router, serve, api.rotateKeys, ({ credentials, request }) =>
    auditTrail.run(
      { credentials, request },
      { action: 'keys-rotate', severityLevel: 'high' },
      async () => {
        if (!(await permissions.allows(s3KeysRotatePermission, credentials))) {
          throw new NotAllowedError('You may not rotate encryption keys');
        }
        return rotation.rotate();
      },
    ),
  );

  return router;
}
