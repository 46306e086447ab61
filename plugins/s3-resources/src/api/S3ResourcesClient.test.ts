import { ResponseError } from '@backstage/errors';
import { makeRun, makeStep } from '../__testUtils__/fixtures';
import { S3ResourcesClient } from './S3ResourcesClient';

const BASE = 'http://localhost:7007/api/s3-resources';

/** A response whose body arrives in the given chunks, one per read(). */
function streamedResponse(chunks: string[], contentType: string) {
  const encoder = new TextEncoder();
  let i = 0;
  const reads: string[] = [];
  return {
    reads,
    response: {
      ok: true,
      status: 200,
      headers: new Headers({ 'content-type': contentType }),
      body: {
        getReader: () => ({
          read: async () => {
            if (i >= chunks.length) return { done: true, value: undefined };
            reads.push(chunks[i]);
            return { done: false, value: encoder.encode(chunks[i++]) };
          },
          releaseLock: () => {},
        }),
      },
    } as unknown as Response,
  };
}

function jsonResponse(
  body: unknown,
  status = 200,
  headers: Record<string, string> = {},
) {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });
}

type FetchMock = jest.Mock<Promise<Response>, [string, RequestInit]>;

function mockFetch(
  impl: (url: string) => Promise<Response> | Response,
): FetchMock {
  return jest.fn(async (url: string, _init: RequestInit) => impl(url));
}

function client(fetch: FetchMock) {
  return new S3ResourcesClient({
    discoveryApi: { getBaseUrl: async () => BASE },
    fetchApi: { fetch: fetch as unknown as typeof globalThis.fetch },
  });
}

describe('S3ResourcesClient', () => {
  it('lists with repeated filters and leaves out empty ones', async () => {
    const fetch = mockFetch(() => jsonResponse({ items: [], totalCount: 0 }));
    await client(fetch).listResources({
      limit: 20,
      q: 'media',
      owner: ['group:default/team-a'],
      provider: ['aws', 'minio'],
      status: ['fail'],
      sort: 'lastTest',
      order: 'desc',
    });
    const url = new URL(fetch.mock.calls[0][0]);
    expect(url.searchParams.get('sort')).toBe('lastTest');
    expect(url.searchParams.get('order')).toBe('desc');
    expect(url.pathname).toBe('/api/s3-resources/resources');
    expect(url.searchParams.get('limit')).toBe('20');
    expect(url.searchParams.get('q')).toBe('media');
    expect(url.searchParams.getAll('provider')).toEqual(['aws', 'minio']);
    expect(url.searchParams.getAll('status')).toEqual(['fail']);
    expect(url.searchParams.has('cursor')).toBe(false);
  });

  it('sends PATCH with the version and throws a ResponseError for a 409', async () => {
    const fetch = mockFetch(() =>
      jsonResponse(
        { error: { name: 'ConflictError', message: 'version 3 is stale' } },
        409,
      ),
    );
    const error = await client(fetch)
      .updateResource('id-1', { version: 3, title: 'x' })
      .catch(e => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.response.status).toBe(409);
    expect(error.body.error.message).toBe('version 3 is stale');
    const [url, init] = fetch.mock.calls[0];
    expect(url).toBe(`${BASE}/resources/id-1`);
    expect(init.method).toBe('PATCH');
    expect(JSON.parse(String(init.body))).toEqual({ version: 3, title: 'x' });
  });

  it('streams test steps to onStep as each NDJSON line completes, before the run ends', async () => {
    const run = makeRun({
      steps: [makeStep('credentials'), makeStep('bucket', { status: 'fail' })],
    });
    const lines = [
      JSON.stringify({ type: 'step', step: run.steps[0] }),
      JSON.stringify({ type: 'step', step: run.steps[1] }),
      JSON.stringify({ type: 'run', run }),
    ];
    // Lines split across chunk boundaries, as the network delivers them.
    const whole = `${lines.join('\n')}\n`;
    const chunks = [
      whole.slice(0, 10),
      whole.slice(10, lines[0].length + 5),
      whole.slice(lines[0].length + 5),
    ];
    const { response, reads } = streamedResponse(
      chunks,
      'application/x-ndjson; charset=utf-8',
    );
    const fetch = mockFetch(() => response);
    const seen: Array<{ id: string; readsSoFar: number }> = [];
    const result = await client(fetch).testResource('id-1', {
      writeProbe: true,
      onStep: step => seen.push({ id: step.id, readsSoFar: reads.length }),
    });
    expect(result).toEqual(run);
    expect(seen.map(s => s.id)).toEqual(['credentials', 'bucket']);
    // The first step was reported after the second chunk, not at the end of the stream.
    expect(seen[0].readsSoFar).toBe(2);
    const [url, init] = fetch.mock.calls[0];
    const headers = init.headers as Record<string, string>;
    expect(url).toBe(`${BASE}/resources/id-1/test`);
    expect(headers.Accept).toBe('application/x-ndjson');
    expect(JSON.parse(String(init.body))).toEqual({ writeProbe: true });
  });

  it('reports the steps of a plain JSON answer too', async () => {
    const run = makeRun();
    const fetch = mockFetch(() => jsonResponse(run));
    const onStep = jest.fn();
    await expect(
      client(fetch).testResource('id-1', { onStep }),
    ).resolves.toEqual(run);
    expect(onStep.mock.calls.map(c => c[0].id)).toEqual([
      'credentials',
      'bucket',
    ]);
  });

  it('throws the error line of a stream that failed after it started', async () => {
    const { response } = streamedResponse(
      [
        `${JSON.stringify({ type: 'step', step: makeStep('endpoint') })}\n`,
        `${JSON.stringify({
          type: 'error',
          error: { name: 'Error', message: 'deadline exceeded' },
        })}\n`,
      ],
      'application/x-ndjson',
    );
    const onStep = jest.fn();
    await expect(
      client(mockFetch(() => response)).testResource('id-1', { onStep }),
    ).rejects.toThrow('deadline exceeded');
    expect(onStep).toHaveBeenCalledTimes(1);
  });

  it('tests an unsaved configuration with writeProbe in the query and the request as body', async () => {
    const fetch = mockFetch(() => jsonResponse(makeRun()));
    const request = {
      name: 'x',
      owner: 'group:default/a',
      provider: 'aws' as const,
      bucket: 'b-1',
      auth: {
        method: 'access-key' as const,
        accessKeyId: 'AK',
        secretAccessKey: 'SK',
      },
    };
    await client(fetch).testConfiguration(request, { writeProbe: false });
    const [url, init] = fetch.mock.calls[0];
    expect(url).toBe(`${BASE}/test?writeProbe=false`);
    expect(JSON.parse(String(init.body))).toEqual(request);
  });

  it('keeps Retry-After available on a 429', async () => {
    const fetch = mockFetch(() =>
      jsonResponse(
        { error: { name: 'TooManyRequestsError', message: 'slow down' } },
        429,
        {
          'Retry-After': '12',
        },
      ),
    );
    const error = await client(fetch)
      .testResource('id-1')
      .catch(e => e);
    expect(error.response.status).toBe(429);
    expect(error.response.headers.get('retry-after')).toBe('12');
  });

  it('pages test runs and audit records, and exports the audit as a file', async () => {
    const fetch = mockFetch(url =>
      url.includes('format=csv')
        ? new Response('a,b\n')
        : jsonResponse({ items: [] }),
    );
    const api = client(fetch);
    await api.listTestRuns('id 1', { limit: 5, cursor: 'c1' });
    await api.listAudit({ resourceId: 'id-1', limit: 50 });
    const blob = await api.exportAudit({ resourceId: 'id-1' }, 'csv');
    expect(fetch.mock.calls.map(c => c[0])).toEqual([
      `${BASE}/resources/id%201/tests?limit=5&cursor=c1`,
      `${BASE}/audit?resourceId=id-1&limit=50`,
      `${BASE}/audit?resourceId=id-1&format=csv`,
    ]);
    expect(await blob.text()).toBe('a,b\n');
  });

  it('calls the object routes with the key in the query or the body', async () => {
    const fetch = mockFetch(url => {
      if (url.includes('format=csv')) return new Response('id,key\n');
      if (url.includes('/objects?key='))
        return new Response(null, { status: 204 });
      if (url.endsWith('/uploads/abort'))
        return new Response(null, { status: 204 });
      return jsonResponse({ items: [] });
    });
    const api = client(fetch);
    await api.listObjects('r 1', {
      folder: 'a/b c/',
      search: 'x',
      cursor: 'c1',
    });
    await api.getObject('r1', 'a/b c.txt');
    await api.deleteObject('r1', 'a/b&c.txt');
    await api.linkObject('r1', 'a.txt', 'preview');
    await api.startUpload('r1', { key: 'a.txt', size: 3 });
    await api.completeUpload('r1', {
      key: 'a.txt',
      uploadId: 'u1',
      parts: [{ partNumber: 1, etag: '"e1"' }],
    });
    await api.abortUpload('r1', { key: 'a.txt', uploadId: 'u1' });
    await api.createShareLink('r1', { key: 'a.txt', expiresInSeconds: 60 });
    await api.listShareLinks({ resourceId: 'r1', expired: true, limit: 50 });
    const blob = await api.exportShareLinks(
      { createdBy: 'user:default/a', expired: true },
      'csv',
    );
    expect(fetch.mock.calls.map(c => [c[1]?.method ?? 'GET', c[0]])).toEqual([
      [
        'GET',
        `${BASE}/resources/r%201/objects?folder=a%2Fb+c%2F&search=x&cursor=c1`,
      ],
      ['GET', `${BASE}/resources/r1/objects/details?key=a%2Fb+c.txt`],
      ['DELETE', `${BASE}/resources/r1/objects?key=a%2Fb%26c.txt`],
      ['POST', `${BASE}/resources/r1/objects/links`],
      ['POST', `${BASE}/resources/r1/objects/uploads`],
      ['POST', `${BASE}/resources/r1/objects/uploads/complete`],
      ['POST', `${BASE}/resources/r1/objects/uploads/abort`],
      ['POST', `${BASE}/resources/r1/share-links`],
      ['GET', `${BASE}/share-links?resourceId=r1&expired=true&limit=50`],
      [
        'GET',
        `${BASE}/share-links?createdBy=user%3Adefault%2Fa&expired=true&format=csv`,
      ],
    ]);
    expect(JSON.parse(String(fetch.mock.calls[3][1].body))).toEqual({
      key: 'a.txt',
      purpose: 'preview',
    });
    expect(await blob.text()).toBe('id,key\n');
  });

  it('lists findings with repeated filters, reads the summary, exports, lists and triggers sweeps', async () => {
    const fetch = mockFetch(url => {
      if (url.includes('format=ndjson')) return new Response('{"id":"f1"}\n');
      if (url.endsWith('/audit/sweep')) {
        return jsonResponse(
          { taskId: 's3-resources:audit-sweep', status: 'triggered' },
          202,
        );
      }
      return jsonResponse({ items: [], totalCount: 0 });
    });
    const api = client(fetch);
    await api.listFindings({
      severity: ['high', 'medium'],
      kind: ['cors-drift'],
      owner: ['group:default/team-a'],
      limit: 25,
      cursor: 'c2',
    });
    await api.getFindingSummary({ resourceId: 'r 1' });
    const blob = await api.exportFindings({ severity: ['high'] }, 'ndjson');
    await api.listSweeps({ limit: 5 });
    await expect(api.triggerSweep()).resolves.toEqual({
      taskId: 's3-resources:audit-sweep',
      status: 'triggered',
    });
    expect(fetch.mock.calls.map(c => c[0])).toEqual([
      `${BASE}/findings?severity=high&severity=medium&kind=cors-drift&owner=group%3Adefault%2Fteam-a&limit=25&cursor=c2`,
      `${BASE}/findings/summary?resourceId=r+1`,
      `${BASE}/findings?severity=high&format=ndjson`,
      `${BASE}/audit/sweeps?limit=5`,
      `${BASE}/audit/sweep`,
    ]);
    expect(fetch.mock.calls[4][1].method).toBe('POST');
    expect(await blob.text()).toBe('{"id":"f1"}\n');
  });

  const source = {
    provider: 'ceph-rgw' as const,
    endpoint: 'http://127.0.0.1:7480',
    forcePathStyle: true,
    auth: {
      method: 'access-key' as const,
      accessKeyId: 'AK',
      secretAccessKey: 'SK',
    },
  };
  const bucket = (name: string) => ({
    bucket: name,
    region: 'us-east-1',
    tags: {},
    suggestedName: name,
    warnings: [],
  });

  it('streams discovered buckets to onBucket as their lines arrive', async () => {
    const lines = [
      { type: 'bucket', bucket: bucket('b-1') },
      { type: 'bucket', bucket: bucket('b-2') },
      { type: 'done', count: 2 },
    ].map(l => `${JSON.stringify(l)}\n`);
    const { response, reads } = streamedResponse(lines, 'application/x-ndjson');
    const fetch = mockFetch(() => response);
    const seen: Array<{ bucket: string; readsSoFar: number }> = [];
    const buckets = await client(fetch).discoverBuckets(source, {
      onBucket: b => seen.push({ bucket: b.bucket, readsSoFar: reads.length }),
    });
    expect(buckets.map(b => b.bucket)).toEqual(['b-1', 'b-2']);
    expect(seen).toEqual([
      { bucket: 'b-1', readsSoFar: 1 },
      { bucket: 'b-2', readsSoFar: 2 },
    ]);
    const [url, init] = fetch.mock.calls[0];
    expect(url).toBe(`${BASE}/import/discover`);
    expect(init.method).toBe('POST');
    expect((init.headers as Record<string, string>).Accept).toBe(
      'application/x-ndjson',
    );
    expect(JSON.parse(String(init.body))).toEqual({ source });
  });

  it('says so when a discovery stream ends without its done line', async () => {
    const { response } = streamedResponse(
      [`${JSON.stringify({ type: 'bucket', bucket: bucket('b-1') })}\n`],
      'application/x-ndjson',
    );
    await expect(
      client(mockFetch(() => response)).discoverBuckets(source),
    ).rejects.toThrow(/ended before it finished/);
  });

  it('streams import progress per bucket and returns the totals of the done line', async () => {
    const results = [
      { bucket: 'b-1', name: 'b-1', outcome: 'created', resourceId: 'id-1' },
      {
        bucket: 'b-2',
        name: 'b-2',
        outcome: 'exists',
        message: 'already registered',
      },
    ];
    const lines = [
      { type: 'progress', done: 1, total: 2, result: results[0] },
      { type: 'progress', done: 2, total: 2, result: results[1] },
      { type: 'done', created: 1, exists: 1, failed: 0, results },
    ].map(l => `${JSON.stringify(l)}\n`);
    const { response } = streamedResponse(lines, 'application/x-ndjson');
    const fetch = mockFetch(() => response);
    const onProgress = jest.fn();
    const request = {
      source,
      buckets: [
        { bucket: 'b-1', name: 'b-1', owner: 'group:default/team-a' },
        { bucket: 'b-2', owner: 'group:default/team-a' },
      ],
    };
    const outcome = await client(fetch).importBuckets(request, {
      onProgress,
    });
    expect(outcome).toEqual({ created: 1, exists: 1, failed: 0, results });
    expect(onProgress.mock.calls.map(c => [c[0].done, c[0].total])).toEqual([
      [1, 2],
      [2, 2],
    ]);
    expect(fetch.mock.calls[0][0]).toBe(`${BASE}/import`);
    expect(JSON.parse(String(fetch.mock.calls[0][1].body))).toEqual(request);
  });

  it('counts the outcomes of a plain JSON import answer, and throws a stream error line', async () => {
    const results = [
      { bucket: 'b-1', name: 'b-1', outcome: 'failed', message: 'bad owner' },
    ];
    const onProgress = jest.fn();
    await expect(
      client(mockFetch(() => jsonResponse(results))).importBuckets(
        { source, buckets: [{ bucket: 'b-1', owner: 'x' }] },
        { onProgress },
      ),
    ).resolves.toEqual({ created: 0, exists: 0, failed: 1, results });
    expect(onProgress).toHaveBeenCalledWith({
      result: results[0],
      done: 1,
      total: 1,
    });
    const { response } = streamedResponse(
      [
        `${JSON.stringify({
          type: 'error',
          error: { name: 'NotAllowedError', message: 'You may not' },
        })}\n`,
      ],
      'application/x-ndjson',
    );
    await expect(
      client(mockFetch(() => response)).discoverBuckets(source),
    ).rejects.toThrow('You may not');
  });
});
