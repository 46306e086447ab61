import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { NotAllowedError, NotFoundError } from '@backstage/errors';
import { ResourcePermission } from '@backstage/plugin-permission-common';
import { s3ResourceReadPermission } from '@s3-resources/plugin-s3-resources-common';
import { ResourceRow, ResourceStore } from '../database/ResourceStore';
import { ResourcePermissions } from './ResourcePermissions';

/** Something a caller does to one resource, beyond reading it. */
export type ResourceAction = {
  permission: ResourcePermission;
  /** The 403 message for a caller who may see the resource but not do this. */
  refusal: (row: ResourceRow) => string;
  /** Runs once the caller may see the resource, before the action is checked. */
  onVisible?: (row: ResourceRow) => void;
};

/**
 * Loads a resource and checks the caller's permission on it, the same way
 * everywhere: a resource the caller may not read does not exist for them
 * (404); one they may read but not act on is refused (403).
 */
export class ResourceAccess {
  static create(options: {
    store: ResourceStore;
    permissions: ResourcePermissions;
  }) {
    return new ResourceAccess(options.store, options.permissions);
  }

  private constructor(
    private readonly store: ResourceStore,
    private readonly permissions: ResourcePermissions,
  ) {}

  /** A row the caller may read; one they may not see is reported as missing. */
  async readable(
    id: string,
    credentials: BackstageCredentials,
  ): Promise<ResourceRow> {
    const row = await this.store.get(id);
    return this.visible(row, credentials, `No S3 resource with id ${id}`);
  }

  /** A row by its (entity) name; 404 also when the caller may not read it. */
  async readableByName(
    name: string,
    credentials: BackstageCredentials,
  ): Promise<ResourceRow> {
    const notFound = `No S3 resource named ${name}`;
    const row = await this.store.findByName(name);
    if (!row) throw new NotFoundError(notFound);
    return this.visible(row, credentials, notFound);
  }

  /** A row the caller may read and act on: 404 when hidden, 403 when refused. */
  async actionable(
    id: string,
    credentials: BackstageCredentials,
    action: ResourceAction,
  ): Promise<ResourceRow> {
    const row = await this.readable(id, credentials);
    action.onVisible?.(row);
    if (
      !(await this.permissions.allowsOn(action.permission, row, credentials))
    ) {
      throw new NotAllowedError(action.refusal(row));
    }
    return row;
  }

  /**
   * Whether the caller has `permission` on the resource with this id; a
   * resource that cannot be loaded counts as no (the caller answers 403
   * either way, so an id reveals nothing).
   */
  async allowsOnId(
    id: string,
    permission: ResourcePermission,
    credentials: BackstageCredentials,
  ): Promise<boolean> {
    const row = await this.store.get(id).catch(() => undefined);
    return (
      !!row && (await this.permissions.allowsOn(permission, row, credentials))
    );
  }

  private async visible(
    row: ResourceRow,
    credentials: BackstageCredentials,
    notFound: string,
  ): Promise<ResourceRow> {
    if (
      !(await this.permissions.allowsOn(
        s3ResourceReadPermission,
        row,
        credentials,
      ))
    ) {
      throw new NotFoundError(notFound);
    }
    return row;
  }
}
