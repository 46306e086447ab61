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
    });
    const url = new URL(fetch.mock.calls[0][0]);
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
});
