import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  CreateResourceRequest,
  ResourcePage,
  ResourcePolicies,
  RouteQuery,
  S3Resource,
  ShareLink,
  TestRun,
  s3ResourcesContract,
} from '@s3-resources/plugin-s3-resources-common';

/** @public */
export type ListResourcesOptions = Pick<
  RouteQuery<typeof s3ResourcesContract.listResources>,
  'limit' | 'cursor' | 'sort' | 'order' | 'q' | 'owner' | 'provider' | 'status'
>;

/** @public */
export type ConnectionTestOptions = {
  /** Opt-in: put a sentinel object under the prefix, then delete it. */
  writeProbe?: boolean;
};

/**
 * The S3 resource service as other backend plugins and modules see it. Every
 * call acts as the given credentials: a user's (their permissions and audit
 * identity) or the calling plugin's own service credentials.
 *
 * @public
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

  /** A resource by its entity name; undefined when there is none the caller may read. */
  findResourceByName(
    name: string,
    opts: { credentials: BackstageCredentials },
  ): Promise<S3Resource | undefined>;

  createResource(
    request: CreateResourceRequest,
    opts: { credentials: BackstageCredentials },
  ): Promise<S3Resource>;

  /** The generated IAM, bucket, trust and CORS policies of a resource. */
  getPolicies(
    id: string,
    opts: { credentials: BackstageCredentials },
  ): Promise<ResourcePolicies>;

  /** Tests a registered resource with its own credentials; the run is stored. */
  testResource(
    id: string,
    options: ConnectionTestOptions,
    opts: { credentials: BackstageCredentials },
  ): Promise<TestRun>;

  /**
   * An ExternalId issued to the caller for a role set up before its
   * resource is registered; a create with it keeps it.
   */
  issueExternalId(opts: { credentials: BackstageCredentials }): Promise<string>;

  /** Tests a configuration that is not registered (secret included); nothing is stored. */
  testConfiguration(
    request: CreateResourceRequest,
    options: ConnectionTestOptions,
    opts: { credentials: BackstageCredentials },
  ): Promise<TestRun>;

  /**
   * A presigned download link for one object of a resource, recorded as a
   * share link and audited. It cannot be revoked before it expires.
   */
  createShareLink(
    id: string,
    request: { key: string; expiresInSeconds?: number },
    opts: { credentials: BackstageCredentials },
  ): Promise<ShareLink>;
}
