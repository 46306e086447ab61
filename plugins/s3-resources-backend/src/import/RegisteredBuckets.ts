import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  endpointKeyOf,
  s3ResourceReadPermission,
} from '@s3-resources/plugin-s3-resources-common';
import { ResourceStore } from '../database/ResourceStore';
import { ResourcePermissions } from '../service/ResourcePermissions';

/** How a discovered bucket is registered already. */
export type Registration = { name?: string; resourceId?: string };

/**
 * The buckets registered whole on a provider and endpoint, for discovery to
 * flag: each resource's name and id only where the caller may read it.
 */
export class RegisteredBuckets {
  static create(options: {
    store: ResourceStore;
    permissions: ResourcePermissions;
  }) {
    return new RegisteredBuckets(options.store, options.permissions);
  }

  private constructor(
    private readonly store: ResourceStore,
    private readonly permissions: ResourcePermissions,
  ) {}

  async at(
    location: { provider: string; endpoint?: string },
    credentials: BackstageCredentials,
  ): Promise<Map<string, Registration>> {
    const readable = await this.permissions.listFilter(
      s3ResourceReadPermission,
      credentials,
    );
    const rows = await this.store.wholeBucketsAt({
      provider: location.provider,
      endpointKey: endpointKeyOf(location.endpoint),
      readable,
    });
    return new Map(
      rows.map(r => [
        r.bucket,
        // a resource the caller may not read is not named to them either
        r.readable ? { name: r.name, resourceId: r.id } : {},
      ]),
    );
  }
}
