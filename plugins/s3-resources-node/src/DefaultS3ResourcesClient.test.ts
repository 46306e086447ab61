import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import { DefaultS3ResourcesClient } from './DefaultS3ResourcesClient';

type Seen = { method?: string; url?: string; auth?: string; body: string };

/** A stand-in for the s3-resources backend that records what it is sent. */
async function fakeBackend(answer: { status: number; body: unknown }) {
  const seen: Seen[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', c => (body += c));
    req.on('end', () => {
      seen.push({
        method: req.method,
        url: req.url,
        auth: req.headers.authorization,
        body,
      });
      res.writeHead(answer.status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(answer.body));
    });
  });
  await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  const client = DefaultS3ResourcesClient.create({
    discovery: {
      getBaseUrl: async () => `http://127.0.0.1:${port}/api/s3-resources`,
      getExternalBaseUrl: async () => '',
    },
    auth: mockServices.auth(),
  });
  return { client, seen, close: () => new Promise(r => server.close(r)) };
}

const RUN = {
  id: 'run-1',
  status: 'pass',
  startedAt: '2026-11-28T00:00:00.000Z',
  durationMs: 12,
  steps: [],
  initiatedBy: 'user:default/alice',
};

describe('DefaultS3ResourcesClient connection tests', () => {
  const credentials = mockCredentials.user('user:default/alice');

  it('lists in the order asked for', async () => {
    const backend = await fakeBackend({
      status: 200,
      body: { items: [], totalCount: 0 },
    });
    try {
      await backend.client.listResources(
        { sort: 'lastTest', order: 'desc', limit: 5 },
        { credentials },
      );
      const url = new URL(backend.seen[0].url!, 'http://backend');
      expect(url.searchParams.get('sort')).toBe('lastTest');
      expect(url.searchParams.get('order')).toBe('desc');
      expect(url.searchParams.get('limit')).toBe('5');
    } finally {
      await backend.close();
    }
  });

  it('tests a registered resource on behalf of the user', async () => {
    const backend = await fakeBackend({ status: 200, body: RUN });
    try {
      const run = await backend.client.testResource(
        'id/1',
        { writeProbe: true },
        { credentials },
      );
      expect(run).toEqual(RUN);
      expect(backend.seen).toEqual([
        {
          method: 'POST',
          url: '/api/s3-resources/resources/id%2F1/test',
          auth: expect.stringMatching(/^Bearer /),
          body: '{"writeProbe":true}',
        },
      ]);
      expect(backend.seen[0].auth).toContain('alice');
    } finally {
      await backend.close();
    }
  });

  it('tests an unsaved configuration: the body is the create request', async () => {
    const backend = await fakeBackend({ status: 200, body: RUN });
    const request = {
      name: 'media',
      owner: 'group:default/team-a',
      provider: 'ceph-rgw' as const,
      bucket: 'media',
      endpoint: 'http://127.0.0.1:7480',
      auth: {
        method: 'access-key' as const,
        accessKeyId: 'AKID',
        secretAccessKey: 'secret',
      },
    };
    try {
      await backend.client.testConfiguration(request, {}, { credentials });
      await backend.client.testConfiguration(
        request,
        { writeProbe: false },
        { credentials },
      );
      expect(backend.seen.map(s => s.url)).toEqual([
        '/api/s3-resources/test',
        '/api/s3-resources/test?writeProbe=false',
      ]);
      expect(JSON.parse(backend.seen[0].body)).toEqual(request);
    } finally {
      await backend.close();
    }
  });

  it('throws the backend error, e.g. 429', async () => {
    const backend = await fakeBackend({
      status: 429,
      body: {
        error: { name: 'TooManyRequestsError', message: 'At most 10' },
        response: { statusCode: 429 },
      },
    });
    try {
      await expect(
        backend.client.testResource('x', {}, { credentials }),
      ).rejects.toMatchObject({
        name: 'ResponseError',
        statusCode: 429,
      });
    } finally {
      await backend.close();
    }
  });
});
