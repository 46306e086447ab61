import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError, deserializeError } from '@backstage/errors';
import {
  AuditRecord,
  CreateResourceRequest,
  ResourcePage,
  ResourcePolicies,
  S3Resource,
  TestRun,
  TestStepResult,
  UpdateResourceRequest,
} from '@s3-resources/plugin-s3-resources-common';
import {
  AuditExportFormat,
  AuditQuery,
  ConnectionTestOptions,
  CursorPage,
  ResourceListQuery,
  S3ResourcesApi,
  TestRunQuery,
} from './S3ResourcesApi';
import { NDJSON, readNdjson } from './ndjson';

/** One line of a streamed connection test. */
type TestStreamLine =
  | { type: 'step'; step: TestStepResult }
  | { type: 'run'; run: TestRun }
  | { type: 'error'; error: { name: string; message: string } };

function query(values: Record<string, string | string[] | number | undefined>) {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(values)) {
    if (value === undefined || value === '') continue;
    for (const v of Array.isArray(value) ? value : [value]) {
      params.append(key, String(v));
    }
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

const segment = (id: string) => encodeURIComponent(id);

/** The one HTTP client of the S3 resources API in the frontend. */
export class S3ResourcesClient implements S3ResourcesApi {
  constructor(
    private readonly options: {
      discoveryApi: DiscoveryApi;
      fetchApi: FetchApi;
    },
  ) {}

  async listResources(
    q: ResourceListQuery,
    signal?: AbortSignal,
  ): Promise<ResourcePage> {
    return this.json(
      `/resources${query({
        limit: q.limit,
        cursor: q.cursor,
        q: q.q,
        owner: q.owner,
        provider: q.provider,
        status: q.status,
      })}`,
      { signal },
    );
  }

  async getResource(id: string): Promise<S3Resource> {
    return this.json(`/resources/${segment(id)}`);
  }

  async updateResource(
    id: string,
    request: UpdateResourceRequest,
  ): Promise<S3Resource> {
    return this.json(`/resources/${segment(id)}`, {
      method: 'PATCH',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(request),
    });
  }

  async deleteResource(id: string): Promise<void> {
    await this.fetch(`/resources/${segment(id)}`, { method: 'DELETE' });
  }

  async getPolicies(id: string): Promise<ResourcePolicies> {
    return this.json(`/resources/${segment(id)}/policies`);
  }

  async testResource(
    id: string,
    options: ConnectionTestOptions = {},
  ): Promise<TestRun> {
    return this.runTest(
      `/resources/${segment(id)}/test`,
      options.writeProbe === undefined
        ? {}
        : { writeProbe: options.writeProbe },
      options,
    );
  }

  async testConfiguration(
    request: CreateResourceRequest,
    options: ConnectionTestOptions = {},
  ): Promise<TestRun> {
    // The body is the create request itself, so the option travels in the query.
    return this.runTest(
      `/test${query({
        writeProbe:
          options.writeProbe === undefined
            ? undefined
            : String(options.writeProbe),
      })}`,
      request,
      options,
    );
  }

  async listTestRuns(
    id: string,
    q: TestRunQuery = {},
  ): Promise<CursorPage<TestRun>> {
    return this.json(
      `/resources/${segment(id)}/tests${query({
        limit: q.limit,
        cursor: q.cursor,
      })}`,
    );
  }

  async listAudit(q: AuditQuery): Promise<CursorPage<AuditRecord>> {
    return this.json(`/audit${query({ ...q })}`);
  }

  async exportAudit(
    q: Omit<AuditQuery, 'limit' | 'cursor'>,
    format: AuditExportFormat,
  ): Promise<Blob> {
    const response = await this.fetch(`/audit${query({ ...q, format })}`);
    return response.blob();
  }

  /**
   * Asks for NDJSON and hands each step to `onStep` as its line arrives. A
   * server that answers plain JSON still works: its steps are reported at
   * the end, in order.
   */
  private async runTest(
    path: string,
    body: unknown,
    options: ConnectionTestOptions,
  ): Promise<TestRun> {
    const response = await this.fetch(path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: NDJSON },
      body: JSON.stringify(body),
      signal: options.signal,
    });
    if (!(response.headers.get('content-type') ?? '').includes(NDJSON)) {
      const run = (await response.json()) as TestRun;
      run.steps.forEach(step => options.onStep?.(step));
      return run;
    }
    let run: TestRun | undefined;
    for await (const value of readNdjson(response)) {
      const line = value as TestStreamLine;
      if (line.type === 'step') options.onStep?.(line.step);
      else if (line.type === 'run') run = line.run;
      else if (line.type === 'error') throw deserializeError(line.error);
    }
    if (!run) {
      throw new Error(
        'The connection test ended before its result arrived; try again.',
      );
    }
    return run;
  }

  private async json<T>(path: string, init?: RequestInit): Promise<T> {
    const response = await this.fetch(path, init);
    return (await response.json()) as T;
  }

  private async fetch(path: string, init?: RequestInit): Promise<Response> {
    const baseUrl = await this.options.discoveryApi.getBaseUrl('s3-resources');
    const response = await this.options.fetchApi.fetch(
      `${baseUrl}${path}`,
      init,
    );
    if (!response.ok) throw await errorOf(response);
    return response;
  }
}

/**
 * A ResponseError that keeps the backend's message also for bodies of just
 * `{ error: { name, message } }` (ResponseError otherwise wants the
 * `response` part that Backstage's error handler adds).
 */
async function errorOf(response: Response): Promise<ResponseError> {
  const text = await response.text().catch(() => '');
  let normalized = text;
  try {
    const body = JSON.parse(text);
    if (body?.error && !body.response) {
      normalized = JSON.stringify({
        ...body,
        response: { statusCode: response.status },
      });
    }
  } catch {
    // not JSON: ResponseError quotes the text
  }
  return ResponseError.fromResponse({
    headers: response.headers,
    ok: response.ok,
    redirected: response.redirected,
    status: response.status,
    statusText: response.statusText,
    type: response.type,
    url: response.url,
    text: async () => normalized,
  });
}
