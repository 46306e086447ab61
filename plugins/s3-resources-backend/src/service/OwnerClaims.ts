import {
  AuthService,
  BackstageCredentials,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { NotAllowedError } from '@backstage/errors';
import { s3PlatformPermission } from '@s3-resources/plugin-s3-resources-common';
import { ResourceStore } from '../database/ResourceStore';
import { ResourcePermissions } from './ResourcePermissions';

/** Resources one owner may hold unless the operator says otherwise. */
export const DEFAULT_RESOURCES_PER_OWNER = 1000;

/**
 * Who may own what. A resource is registered for, or moved to, an owner
 * the caller is or belongs to (their ownership refs, as sign-in resolved
 * them); only a caller with s3.platform acts for any owner. Owners hold at
 * most a configured number of resources.
 */
export class OwnerClaims {
  static fromConfig(
    config: Config,
    options: {
      auth: AuthService;
      userInfo: UserInfoService;
      permissions: ResourcePermissions;
      store: ResourceStore;
    },
  ): OwnerClaims {
    const max =
      config.getOptionalNumber('s3Resources.limits.resourcesPerOwner') ??
      DEFAULT_RESOURCES_PER_OWNER;
    if (!Number.isInteger(max) || max < 1) {
      throw new Error(
        's3Resources.limits.resourcesPerOwner: must be a whole number of at least 1',
      );
    }
    return new OwnerClaims(
      options.auth,
      options.userInfo,
      options.permissions,
      options.store,
      max,
    );
  }

  private constructor(
    private readonly auth: AuthService,
    private readonly userInfo: UserInfoService,
    private readonly permissions: ResourcePermissions,
    private readonly store: ResourceStore,
    private readonly maxPerOwner: number,
  ) {}

  /** The caller's own refs: themselves and their groups (none for services). */
  async ownershipOf(credentials: BackstageCredentials): Promise<string[]> {
    if (!this.auth.isPrincipal(credentials, 'user')) return [];
    const info = await this.userInfo.getUserInfo(credentials);
    return info.ownershipEntityRefs.map(ref => ref.toLocaleLowerCase('en-US'));
  }

  /** Refuses an owner (in its canonical spelling) the caller may not claim. */
  async assertMayOwn(
    owner: string,
    credentials: BackstageCredentials,
  ): Promise<void> {
    if ((await this.ownershipOf(credentials)).includes(owner)) return;
    if (await this.permissions.allows(s3PlatformPermission, credentials)) {
      return;
    }
    throw new NotAllowedError(
      `owner: you may not give a resource to ${owner}: it is not you or one of your groups (only the platform team may act for other owners)`,
    );
  }

  /** Refuses one more resource for an owner that holds the most allowed. */
  async assertRoomFor(owner: string): Promise<void> {
    const held = await this.store.countByOwner(owner);
    if (held >= this.maxPerOwner) {
      throw new NotAllowedError(
        `owner: ${owner} already owns ${held} S3 resources, the most this portal allows (s3Resources.limits.resourcesPerOwner)`,
      );
    }
  }
}
