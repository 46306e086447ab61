import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  CreateResourceRequest,
  ResourcePage,
  S3Resource,
} from '@s3-resources/plugin-s3-resources-common';

export type ListResourcesOptions = {
  limit?: number;
  cursor?: string;
  q?: string;
  owner?: string[];
  provider?: string[];
  status?: string[];
};

/**
 * The S3 resource service as other backend plugins and modules see it. Every
 * call acts as the given credentials: a user's (their permissions and audit
 * identity) or the calling plugin's own service credentials.
 */
export interface S3ResourcesService {
  listResources(
    options: ListResourcesOptions,
    opts: { credentials: BackstageCredentials },
  ): Promise<ResourcePage>;

  getResource(
    id: string,
    opts: { credentials: BackstageCredentials },
  ): Promise<S3Resource>;

  createResource(
    request: CreateResourceRequest,
    opts: { credentials: BackstageCredentials },
  ): Promise<S3Resource>;
}
