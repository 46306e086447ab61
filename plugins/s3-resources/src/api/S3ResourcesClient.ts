import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  ResourcePage,
  S3Resource,
} from '@s3-resources/plugin-s3-resources-common';
import { ResourceListQuery, S3ResourcesApi } from './S3ResourcesApi';

/** The one HTTP client of the S3 resources API in the frontend. */
export class S3ResourcesClient implements S3ResourcesApi {
  constructor(
    private readonly options: {
      discoveryApi: DiscoveryApi;
      fetchApi: FetchApi;
    },
  ) {}

  async listResources(
    query: ResourceListQuery,
    signal?: AbortSignal,
  ): Promise<ResourcePage> {
    const params = new URLSearchParams();
    if (query.limit) params.set('limit', String(query.limit));
    if (query.cursor) params.set('cursor', query.cursor);
    if (query.q) params.set('q', query.q);
    for (const v of query.owner ?? []) params.append('owner', v);
    for (const v of query.provider ?? []) params.append('provider', v);
    for (const v of query.status ?? []) params.append('status', v);
    return this.request(`/resources?${params}`, { signal });
  }

  async getResource(id: string): Promise<S3Resource> {
    return this.request(`/resources/${encodeURIComponent(id)}`);
  }

  private async request<T>(path: string, init?: RequestInit): Promise<T> {
    const baseUrl = await this.options.discoveryApi.getBaseUrl('s3-resources');
    const response = await this.options.fetchApi.fetch(
      `${baseUrl}${path}`,
      init,
    );
    if (!response.ok) throw await ResponseError.fromResponse(response);
    return (await response.json()) as T;
  }
}
