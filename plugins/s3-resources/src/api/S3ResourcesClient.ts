import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError, deserializeError } from '@backstage/errors';
import {
  AuditRecord,
  AuditSweepRun,
  ConfigurationComparison,
  FleetStorage,
  ResourceAccessMap,
  ResourceStorage,
  CreateResourceRequest,
  FindingPage,
  FindingSummary,
  ObjectDetails,
  ObjectLink,
  ObjectListing,
  ResourcePage,
  ResourcePolicies,
  S3Resource,
  ShareLink,
  ShareLinkRecord,
  TestRun,
  TestStepResult,
  UpdateResourceRequest,
  RouteRequest,
  RouteResponse,
  RouteSpec,
  callRoute,
  routeUrl,
  s3ResourcesContract as api,
  ResourceAuthInput,
  UploadGrant,
  ReconciliationPage,
} from '@s3-resources/plugin-s3-resources-common';
import {
  AuditExportFormat,
  AuditQuery,
  ConnectionTestOptions,
  CursorPage,
  DiscoverOptions,
  DiscoveredBucket,
  FindingFilter,
  FindingQuery,
  ImportOptions,
  ImportOutcome,
  ImportRequest,
  ImportResult,
  ImportSource,
  ObjectListQuery,
  ResourceListQuery,
  S3ResourcesApi,
  ShareLinkQuery,
  SweepTrigger,
  TestRunQuery,
  UploadRequest,
  UploadedPart,
  ReconciliationQuery,
} from './S3ResourcesApi';
import { NDJSON, readNdjson } from './ndjson';

/**
 * A line of a streamed answer (connection test, discovery, import). An
 * `error` line ends the stream and is thrown; a server that answered plain
 * JSON instead shows up as one `json` line with the whole body.
 */
type StreamLine =
  | { type: 'step'; step: TestStepResult }
  | { type: 'run'; run: TestRun }
  | { type: 'bucket'; bucket: DiscoveredBucket }
  | { type: 'progress'; result: ImportResult; done: number; total: number }
  | ({ type: 'done' } & Partial<ImportOutcome> & { count?: number })
  | { type: 'json'; body: unknown };

function findingFilter(f: FindingFilter) {
  return {
    severity: f.severity,
    kind: f.kind,
    owner: f.owner,
    resourceId: f.resourceId,
  };
}

function outcomeOf(results: ImportResult[]): ImportOutcome {
  const count = (outcome: ImportResult['outcome']) =>
    results.filter(r => r.outcome === outcome).length;
  return {
    created: count('created'),
    exists: count('exists'),
    failed: count('failed'),
    results,
  };
}

/**
 * The one HTTP client of the S3 resources API in the frontend.
 *
 * @public
 */
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
    const { limit, cursor, sort, order, owner, provider, status } = q;
    return this.call(
      api.listResources,
      {
        query: { limit, cursor, sort, order, q: q.q, owner, provider, status },
      },
      signal,
    );
  }

  async getResource(id: string): Promise<S3Resource> {
    return this.call(api.getResource, { params: { id } });
  }

  async updateResource(
    id: string,
    request: UpdateResourceRequest,
  ): Promise<S3Resource> {
    return this.call(api.updateResource, { params: { id }, body: request });
  }

  async deleteResource(id: string): Promise<void> {
    await this.call(api.deleteResource, { params: { id } });
  }

  async getPolicies(id: string): Promise<ResourcePolicies> {
    return this.call(api.getPolicies, { params: { id } });
  }

  async testResource(
    id: string,
    options: ConnectionTestOptions & { auth?: ResourceAuthInput } = {},
  ): Promise<TestRun> {
    return this.runTest(
      routeUrl(api.testResource, { params: { id } }),
      {
        ...(options.writeProbe === undefined
          ? {}
          : { writeProbe: options.writeProbe }),
        ...(options.auth ? { auth: options.auth } : {}),
      },
      options,
    );
  }

  async issueExternalId(): Promise<string> {
    const { externalId } = await this.call(api.issueExternalId, { body: {} });
    return externalId;
  }

  async testConfiguration(
    request: CreateResourceRequest,
    options: ConnectionTestOptions = {},
  ): Promise<TestRun> {
    // The body is the create request itself, so the option travels in the query.
    return this.runTest(
      routeUrl(api.testConfiguration, {
        query: { writeProbe: options.writeProbe },
      }),
      request,
      options,
    );
  }

  async listTestRuns(
    id: string,
    q: TestRunQuery = {},
  ): Promise<CursorPage<TestRun>> {
    const { limit, cursor } = q;
    return this.call(api.listTestRuns, {
      params: { id },
      query: { limit, cursor },
    });
  }

  async listAudit(q: AuditQuery): Promise<CursorPage<AuditRecord>> {
    return this.call(api.listAudit, { query: q });
  }

  async exportAudit(
    q: Omit<AuditQuery, 'limit' | 'cursor'>,
    format: AuditExportFormat,
  ): Promise<Blob> {
    const response = await this.fetch(
      routeUrl(api.listAudit, { query: { ...q, format } }),
    );
    return response.blob();
  }

  async listFindings(
    q: FindingQuery,
    signal?: AbortSignal,
  ): Promise<FindingPage> {
    const { limit, cursor } = q;
    return this.call(
      api.listFindings,
      { query: { ...findingFilter(q), limit, cursor } },
      signal,
    );
  }

  async getFindingSummary(f: FindingFilter = {}): Promise<FindingSummary> {
    return this.call(api.findingSummary, { query: findingFilter(f) });
  }

  async exportFindings(
    f: FindingFilter,
    format: AuditExportFormat,
  ): Promise<Blob> {
    const response = await this.fetch(
      routeUrl(api.listFindings, { query: { ...findingFilter(f), format } }),
    );
    return response.blob();
  }

  async listReconciliation(
    q: ReconciliationQuery = {},
  ): Promise<ReconciliationPage> {
    const { kind, source, limit, cursor } = q;
    return this.call(api.listReconciliation, {
      query: { kind, source, limit, cursor },
    });
  }

  async exportReconciliation(
    q: Omit<ReconciliationQuery, 'limit' | 'cursor'>,
    format: AuditExportFormat,
  ): Promise<Blob> {
    const { kind, source } = q;
    const response = await this.fetch(
      routeUrl(api.listReconciliation, { query: { kind, source, format } }),
    );
    return response.blob();
  }

  async listSweeps(
    q: { limit?: number } = {},
  ): Promise<{ items: AuditSweepRun[] }> {
    return this.call(api.listSweeps, { query: { limit: q.limit } });
  }

  async getStorage(id: string): Promise<ResourceStorage> {
    return this.call(api.getStorage, { params: { id } });
  }

  async getAccessMap(id: string): Promise<ResourceAccessMap> {
    return this.call(api.getAccessMap, { params: { id } });
  }

  async compareConfiguration(id: string): Promise<ConfigurationComparison> {
    return this.call(api.compareConfiguration, { params: { id } });
  }

  async getFleetStorage(periodDays?: number): Promise<FleetStorage> {
    return this.call(api.fleetStorage, { query: { periodDays } });
  }

  async exportFleetStorage(
    format: AuditExportFormat,
    periodDays?: number,
  ): Promise<Blob> {
    const response = await this.fetch(
      routeUrl(api.fleetStorage, { query: { format, periodDays } }),
    );
    return response.blob();
  }

  async triggerSweep(): Promise<SweepTrigger> {
    return this.call(api.triggerSweep, { body: {} });
  }

  async listObjects(
    id: string,
    q: ObjectListQuery = {},
    signal?: AbortSignal,
  ): Promise<ObjectListing> {
    const { folder, search, cursor, limit } = q;
    return this.call(
      api.listObjects,
      { params: { id }, query: { folder, search, cursor, limit } },
      signal,
    );
  }

  async getObject(id: string, key: string): Promise<ObjectDetails> {
    return this.call(api.getObject, { params: { id }, query: { key } });
  }

  async deleteObject(id: string, key: string): Promise<void> {
    await this.call(api.deleteObject, { params: { id }, query: { key } });
  }

  async linkObject(
    id: string,
    key: string,
    purpose: 'download' | 'preview',
  ): Promise<ObjectLink> {
    return this.call(api.linkObject, {
      params: { id },
      body: { key, purpose },
    });
  }

  async startUpload(id: string, request: UploadRequest): Promise<UploadGrant> {
    return this.call(api.startUpload, { params: { id }, body: request });
  }

  async completeUpload(
    id: string,
    request: { key: string; uploadId: string; parts: UploadedPart[] },
  ): Promise<ObjectDetails> {
    return this.call(api.completeUpload, { params: { id }, body: request });
  }

  async abortUpload(
    id: string,
    request: { key: string; uploadId: string },
  ): Promise<void> {
    await this.call(api.abortUpload, { params: { id }, body: request });
  }

  async createShareLink(
    id: string,
    request: { key: string; expiresInSeconds?: number },
  ): Promise<ShareLink> {
    return this.call(api.createShareLink, { params: { id }, body: request });
  }

  async listShareLinks(
    q: ShareLinkQuery = {},
  ): Promise<CursorPage<ShareLinkRecord>> {
    const { resourceId, createdBy, expired, limit, cursor } = q;
    return this.call(api.listShareLinks, {
      query: { resourceId, createdBy, expired, limit, cursor },
    });
  }

  async exportShareLinks(
    q: Omit<ShareLinkQuery, 'limit' | 'cursor'>,
    format: AuditExportFormat,
  ): Promise<Blob> {
    const { resourceId, createdBy, expired } = q;
    const response = await this.fetch(
      routeUrl(api.listShareLinks, {
        query: { resourceId, createdBy, expired, format },
      }),
    );
    return response.blob();
  }

  async discoverBuckets(
    source: ImportSource,
    options: DiscoverOptions = {},
  ): Promise<DiscoveredBucket[]> {
    const buckets: DiscoveredBucket[] = [];
    let done = false;
    for await (const line of this.postStreaming(
      routeUrl(api.discoverBuckets),
      { source },
      options.signal,
    )) {
      if (line.type === 'json') {
        for (const bucket of line.body as DiscoveredBucket[]) {
          buckets.push(bucket);
          options.onBucket?.(bucket);
        }
        done = true;
      } else if (line.type === 'bucket') {
        buckets.push(line.bucket);
        options.onBucket?.(line.bucket);
      } else if (line.type === 'done') {
        done = true;
      }
    }
    if (!done) {
      throw new Error(
        'The discovery ended before it finished; the list may be incomplete. Try again.',
      );
    }
    return buckets;
  }

  async importBuckets(
    request: ImportRequest,
    options: ImportOptions = {},
  ): Promise<ImportOutcome> {
    let outcome: ImportOutcome | undefined;
    for await (const line of this.postStreaming(
      routeUrl(api.importBuckets),
      request,
      options.signal,
    )) {
      if (line.type === 'json') {
        const results = line.body as ImportResult[];
        results.forEach((result, i) =>
          options.onProgress?.({ result, done: i + 1, total: results.length }),
        );
        outcome = outcomeOf(results);
      } else if (line.type === 'progress') {
        options.onProgress?.({
          result: line.result,
          done: line.done,
          total: line.total,
        });
      } else if (line.type === 'done') {
        outcome = outcomeOf(line.results ?? []);
      }
    }
    if (!outcome) {
      throw new Error(
        'The import ended before its result arrived; reload the list to see what was registered.',
      );
    }
    return outcome;
  }

  /**
   * Hands each step to `onStep` as its line arrives. A server that answers
   * plain JSON still works: its steps are reported at the end, in order.
   */
  private async runTest(
    path: string,
    body: unknown,
    options: ConnectionTestOptions,
  ): Promise<TestRun> {
    let run: TestRun | undefined;
    for await (const line of this.postStreaming(path, body, options.signal)) {
      if (line.type === 'json') {
        run = line.body as TestRun;
        run.steps.forEach(step => options.onStep?.(step));
      } else if (line.type === 'step') options.onStep?.(line.step);
      else if (line.type === 'run') run = line.run;
    }
    if (!run) {
      throw new Error(
        'The connection test ended before its result arrived; try again.',
      );
    }
    return run;
  }

  /**
   * POSTs `body` asking for NDJSON and yields each line as soon as it
   * arrives; an `error` line is thrown. A plain JSON answer is yielded as a
   * single `json` line.
   */
  private async *postStreaming(
    path: string,
    body: unknown,
    signal?: AbortSignal,
  ): AsyncGenerator<StreamLine> {
    const response = await this.fetch(path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: NDJSON },
      body: JSON.stringify(body),
      signal,
    });
    if (!(response.headers.get('content-type') ?? '').includes(NDJSON)) {
      yield { type: 'json', body: await response.json() };
      return;
    }
    for await (const value of readNdjson(response)) {
      const line = value as
        | StreamLine
        | { type: 'error'; error: { name: string; message: string } };
      if (line.type === 'error') throw deserializeError(line.error);
      yield line;
    }
  }

  /** One route of the contract, answered as JSON. */
  private call<R extends RouteSpec>(
    route: R,
    request: RouteRequest<R>,
    signal?: AbortSignal,
  ): Promise<RouteResponse<R>> {
    return callRoute(
      route,
      request,
      (path, init) => this.fetch(path, init),
      signal,
    );
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
