import { createApiRef } from '@backstage/core-plugin-api';
import {
  ResourcePage,
  S3Resource,
} from '@s3-resources/plugin-s3-resources-common';

export type ResourceListQuery = {
  limit?: number;
  cursor?: string;
  q?: string;
  owner?: string[];
  provider?: string[];
  status?: string[];
};

/** The frontend's view of the S3 resources backend. */
export interface S3ResourcesApi {
  listResources(
    query: ResourceListQuery,
    signal?: AbortSignal,
  ): Promise<ResourcePage>;
  getResource(id: string): Promise<S3Resource>;
}

export const s3ResourcesApiRef = createApiRef<S3ResourcesApi>({
  id: 'plugin.s3-resources.api',
});
