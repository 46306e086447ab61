import { HttpAuthService } from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import { s3KeysRotatePermission } from '@s3-resources/plugin-s3-resources-common';
import Router from 'express-promise-router';
import { AuditTrail } from '../service/AuditTrail';
import { KeyRotation } from '../service/KeyRotation';
import { ResourcePermissions } from '../service/ResourcePermissions';

export function createAdminRoutes(options: {
  httpAuth: HttpAuthService;
  permissions: ResourcePermissions;
  auditTrail: AuditTrail;
  rotation: KeyRotation;
}) {
  const { httpAuth, permissions, auditTrail, rotation } = options;
  const router = Router();

  /** Re-encrypts every stored secret under the first configured key. */
  router.post('/admin/rotate-keys', async (req, res) => {
    const credentials = await httpAuth.credentials(req, { allow: ['user'] });
    const result = await auditTrail.run(
      { credentials, request: req },
      { action: 'keys-rotate', severityLevel: 'high' },
      async () => {
        if (!(await permissions.allows(s3KeysRotatePermission, credentials))) {
          throw new NotAllowedError('You may not rotate encryption keys');
        }
        return rotation.rotate();
      },
    );
    res.json(result);
  });

  return router;
}
