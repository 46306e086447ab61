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
  S3Resource,
  TestRun,
} from '@s3-resources/plugin-s3-resources-common';
import {
  ConnectionTestOptions,
  ListResourcesOptions,
  S3ResourcesService,
} from './S3ResourcesService';

/** Talks to the s3-resources backend plugin over HTTP with Backstage service auth. */
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
    const params = new URLSearchParams();
    if (options.limit !== undefined) params.set('limit', String(options.limit));
    if (options.cursor) params.set('cursor', options.cursor);
    if (options.q) params.set('q', options.q);
    for (const o of options.owner ?? []) params.append('owner', o);
    for (const p of options.provider ?? []) params.append('provider', p);
    for (const s of options.status ?? []) params.append('status', s);
    return this.request(`/resources?${params}`, { method: 'GET' }, opts);
  }

  async getResource(
    id: string,
    opts: { credentials: BackstageCredentials },
  ): Promise<S3Resource> {
    return this.request(
      `/resources/${encodeURIComponent(id)}`,
      { method: 'GET' },
      opts,
    );
  }

  async findResourceByName(
    name: string,
    opts: { credentials: BackstageCredentials },
  ): Promise<S3Resource | undefined> {
    try {
      return await this.request<S3Resource>(
        `/resources/by-name/${encodeURIComponent(name)}`,
        { method: 'GET' },
        opts,
      );
    } catch (error) {
      if ((error as ResponseError).response?.status === 404) return undefined;
      throw error;
    }
  }

  async getPolicies(
    id: string,
    opts: { credentials: BackstageCredentials },
  ): Promise<ResourcePolicies> {
    return this.request(
      `/resources/${encodeURIComponent(id)}/policies`,
      { method: 'GET' },
      opts,
    );
  }

  async createResource(
    request: CreateResourceRequest,
    opts: { credentials: BackstageCredentials },
  ): Promise<S3Resource> {
    return this.request(
      '/resources',
      {
        method: 'POST',
        body: JSON.stringify(request),
        headers: { 'Content-Type': 'application/json' },
      },
      opts,
    );
  }

  async testResource(
    id: string,
    options: ConnectionTestOptions,
    opts: { credentials: BackstageCredentials },
  ): Promise<TestRun> {
    return this.request(
      `/resources/${encodeURIComponent(id)}/test`,
      {
        method: 'POST',
        body: JSON.stringify(
          options.writeProbe === undefined
            ? {}
            : { writeProbe: options.writeProbe },
        ),
        headers: { 'Content-Type': 'application/json' },
      },
      opts,
    );
  }

  async issueExternalId(opts: {
    credentials: BackstageCredentials;
  }): Promise<string> {
    const { externalId } = await this.request<{ externalId: string }>(
      '/external-ids',
      { method: 'POST' },
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
    const query =
      options.writeProbe === undefined
        ? ''
        : `?writeProbe=${options.writeProbe}`;
    return this.request(
      `/test${query}`,
      {
        method: 'POST',
        body: JSON.stringify(request),
        headers: { 'Content-Type': 'application/json' },
      },
      opts,
    );
  }

  private async request<T>(
    path: string,
    init: RequestInit,
    opts: { credentials: BackstageCredentials },
  ): Promise<T> {
    const baseUrl = await this.discovery.getBaseUrl('s3-resources');
    const { token } = await this.auth.getPluginRequestToken({
      onBehalfOf: opts.credentials,
      targetPluginId: 's3-resources',
    });
    const response = await fetch(`${baseUrl}${path}`, {
      ...init,
      headers: { ...(init.headers ?? {}), Authorization: `Bearer ${token}` },
    });
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    // Parsed here rather than with response.json(): the values then belong to
    // this realm, which the scaffolder's template engine requires of outputs.
    return JSON.parse(await response.text()) as T;
  }
}
