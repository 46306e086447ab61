import {
  coreServices,
  createBackendModule,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import {
  AuthorizeResult,
  isPermission,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import {
  OWNER_REF,
  canonicalEntityRef,
  s3AuditReadPermission,
  s3AuditSweepPermission,
  s3KeysRotatePermission,
  s3ObjectDeletePermission,
  s3ObjectReadPermission,
  s3ObjectWritePermission,
  s3PlatformPermission,
  s3ResourceCreatePermission,
  s3ResourceDeletePermission,
  s3ResourceReadPermission,
  s3ResourceTestPermission,
  s3ResourceUpdatePermission,
} from '@s3-resources/plugin-s3-resources-common';
import {
  createS3ResourceConditionalDecision,
  s3ResourceConditions,
} from '@s3-resources/plugin-s3-resources-node';

/**
 * The portal's policy for S3 resources:
 * - every signed-in user may read resources and register new ones (for
 *   themselves or one of their groups: the plugin checks the owner);
 * - owners (the user or one of their groups) may edit, delete and test
 *   theirs, and read, upload, delete and share the objects in them;
 * - members of the platform group may do everything, act for any owner
 *   (s3.platform), read the audit trail and the sweep runs, and start the
 *   audit sweep.
 * Other plugins' permissions are allowed, as in a default portal.
 */
export class S3ResourcesPermissionPolicy implements PermissionPolicy {
  constructor(
    private readonly userInfo: UserInfoService,
    private readonly platformGroups: string[],
  ) {}

  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    const ownership = user
      ? (await this.userInfo.getUserInfo(user.credentials)).ownershipEntityRefs
      : [];
    const isPlatform = ownership.some(ref =>
      this.platformGroups.includes(ref.toLocaleLowerCase('en-US')),
    );
    const { permission } = request;

    if (
      isPermission(permission, s3AuditReadPermission) ||
      isPermission(permission, s3AuditSweepPermission) ||
      isPermission(permission, s3KeysRotatePermission) ||
      isPermission(permission, s3PlatformPermission)
    ) {
      return {
        result: isPlatform ? AuthorizeResult.ALLOW : AuthorizeResult.DENY,
      };
    }
    if (
      isPermission(permission, s3ResourceUpdatePermission) ||
      isPermission(permission, s3ResourceDeletePermission) ||
      isPermission(permission, s3ResourceTestPermission) ||
      isPermission(permission, s3ObjectReadPermission) ||
      isPermission(permission, s3ObjectWritePermission) ||
      isPermission(permission, s3ObjectDeletePermission)
    ) {
      if (isPlatform) return { result: AuthorizeResult.ALLOW };
      if (!user) return { result: AuthorizeResult.DENY };
      return createS3ResourceConditionalDecision(
        permission,
        s3ResourceConditions.isResourceOwner({ claims: ownership }),
      );
    }
    if (
      isPermission(permission, s3ResourceReadPermission) ||
      isPermission(permission, s3ResourceCreatePermission)
    ) {
      return { result: user ? AuthorizeResult.ALLOW : AuthorizeResult.DENY };
    }
    return { result: AuthorizeResult.ALLOW };
  }
}

/** Installs the policy; the platform group(s) come from `s3Resources.permissions.platformGroups`. */
export default createBackendModule({
  pluginId: 'permission',
  moduleId: 's3-resources-policy',
  register(reg) {
    reg.registerInit({
      deps: {
        policy: policyExtensionPoint,
        config: coreServices.rootConfig,
        userInfo: coreServices.userInfo,
      },
      async init({ policy, config, userInfo }) {
        const platformGroups = (
          config.getOptionalStringArray(
            's3Resources.permissions.platformGroups',
          ) ?? ['group:default/platform-team']
        ).map(ref => {
          // `platform-team` means group:default/platform-team, as everywhere
          const canonical = canonicalEntityRef(ref, OWNER_REF);
          if (!canonical) {
            throw new Error(
              `s3Resources.permissions.platformGroups: "${ref}" is not a group ref (e.g. group:default/platform-team)`,
            );
          }
          return canonical;
        });
        policy.setPolicy(
          new S3ResourcesPermissionPolicy(userInfo, platformGroups),
        );
      },
    });
  },
});
