import {
  AuthService,
  BackstageCredentials,
  DiscoveryService,
} from '@backstage/backend-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  CreateResourceRequest,
  ResourcePage,
  ResourcePolicies,
  RouteRequest,
  RouteResponse,
  RouteSpec,
  S3Resource,
  ShareLink,
  TestRun,
  callRoute,
  s3ResourcesContract as api,
} from '@s3-resources/plugin-s3-resources-common';
import {
  ConnectionTestOptions,
  ListResourcesOptions,
  S3ResourcesService,
} from './S3ResourcesService';

/**
 * Talks to the s3-resources backend plugin over HTTP with Backstage service auth.
 *
 * @public
 */
export class DefaultS3ResourcesClient implements S3ResourcesService {
  static create(options: { discovery: DiscoveryService; auth: AuthService }) {
    return new DefaultS3ResourcesClient(options.discovery, options.auth);
  }

  private constructor(
    private readonly discovery: DiscoveryService,
    private readonly auth: AuthService,
  ) {}

  async listResources(
    options: ListResourcesOptions,
    opts: { credentials: BackstageCredentials },
  ): Promise<ResourcePage> {
    const { limit, cursor, sort, order, q, owner, provider, status } = options;
    return this.call(
      api.listResources,
      { query: { limit, cursor, sort, order, q, owner, provider, status } },
      opts,
    );
  }

  async getResource(
    id: string,
    opts: { credentials: BackstageCredentials },
  ): Promise<S3Resource> {
    return this.call(api.getResource, { params: { id } }, opts);
  }

  async findResourceByName(
    name: string,
    opts: { credentials: BackstageCredentials },
  ): Promise<S3Resource | undefined> {
    try {
      return await this.call(api.getResourceByName, { params: { name } }, opts);
    } catch (error) {
      if ((error as ResponseError).response?.status === 404) return undefined;
      throw error;
    }
  }

  async getPolicies(
    id: string,
    opts: { credentials: BackstageCredentials },
  ): Promise<ResourcePolicies> {
    return this.call(api.getPolicies, { params: { id } }, opts);
  }

  async createResource(
    request: CreateResourceRequest,
    opts: { credentials: BackstageCredentials },
  ): Promise<S3Resource> {
    return this.call(api.createResource, { body: request }, opts);
  }

  async testResource(
    id: string,
    options: ConnectionTestOptions,
    opts: { credentials: BackstageCredentials },
  ): Promise<TestRun> {
    const { writeProbe } = options;
    return this.call(
      api.testResource,
      { params: { id }, body: writeProbe === undefined ? {} : { writeProbe } },
      opts,
    );
  }

  async issueExternalId(opts: {
    credentials: BackstageCredentials;
  }): Promise<string> {
    const { externalId } = await this.call(
      api.issueExternalId,
      { body: {} },
      opts,
    );
    return externalId;
  }

  async testConfiguration(
    request: CreateResourceRequest,
    options: ConnectionTestOptions,
    opts: { credentials: BackstageCredentials },
  ): Promise<TestRun> {
    // the body is the create request itself, so the option goes in the query
    return this.call(
      api.testConfiguration,
      { query: { writeProbe: options.writeProbe }, body: request },
      opts,
    );
  }

  async createShareLink(
    id: string,
    request: { key: string; expiresInSeconds?: number },
    opts: { credentials: BackstageCredentials },
  ): Promise<ShareLink> {
    return this.call(
      api.createShareLink,
      { params: { id }, body: request },
      opts,
    );
  }

  /** One route of the contract, on behalf of the caller's credentials. */
  private async call<R extends RouteSpec>(
    route: R,
    request: RouteRequest<R>,
    opts: { credentials: BackstageCredentials },
  ): Promise<RouteResponse<R>> {
    const baseUrl = await this.discovery.getBaseUrl('s3-resources');
    const { token } = await this.auth.getPluginRequestToken({
      onBehalfOf: opts.credentials,
      targetPluginId: 's3-resources',
    });
    return callRoute(route, request, async (path, init) => {
      const response = await fetch(`${baseUrl}${path}`, {
        ...init,
        headers: { ...init.headers, Authorization: `Bearer ${token}` },
      });
      if (!response.ok) throw await ResponseError.fromResponse(response);
      // Parsed here rather than with response.json(): the values then belong
      // to this realm, which the scaffolder's template engine requires of outputs.
      const text = await response.text();
      return { status: response.status, json: async () => JSON.parse(text) };
    });
  }
}
