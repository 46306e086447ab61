import http from 'node:http';
import net from 'node:net';
import { AddressInfo } from 'node:net';

/** A local server for a test; counts the TCP connections it accepted. */
export type TestServer = {
  port: number;
  url: string;
  connections: () => number;
  close: () => Promise<void>;
};

async function listen(
  server: net.Server,
  counter: { n: number },
): Promise<TestServer> {
  const sockets = new Set<net.Socket>();
  server.on('connection', socket => {
    counter.n++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    connections: () => counter.n,
    close: () =>
      new Promise<void>(resolve => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Accepts TCP connections and never answers. */
export function startTarpit(): Promise<TestServer> {
  const server = net.createServer(socket => {
    socket.on('error', () => undefined);
  });
  return listen(server, { n: 0 });
}

/** A port where nothing listens (bound, then released). */
export async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>(resolve => server.close(() => resolve()));
  return port;
}

/** Answers every request with `status`, the given headers and an optional body. */
export function startAnswering(
  status: number,
  headers: Record<string, string>,
  body = '',
): Promise<TestServer> {
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(status, {
        'content-length': String(Buffer.byteLength(body)),
        ...headers,
      });
      res.end(req.method === 'HEAD' ? undefined : body);
    });
  });
  return listen(server, { n: 0 });
}

export type RecordedRequest = {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  /** When the request reached the proxy (performance.now()). */
  at: number;
};

/**
 * How many waves of requests went out one after another: requests that
 * arrive within half the injected latency of the wave's first belong to it.
 * Under a proxy that holds every answer back `latencyMs`, a request that
 * waits for an earlier answer starts a new wave, so this counts dependent
 * round trips without depending on how fast the machine is.
 */
export function requestWaves(
  requests: RecordedRequest[],
  latencyMs: number,
): number {
  const times = requests.map(r => r.at).sort((a, b) => a - b);
  let waves = 0;
  let waveStart = -Infinity;
  for (const t of times) {
    if (t - waveStart > latencyMs / 2) {
      waves++;
      waveStart = t;
    }
  }
  return waves;
}

/**
 * Forwards every request to `target` (host:port) unchanged (the Host header
 * too, so signatures stay valid) and records it. With `latencyMs`, each
 * answer is held back that long, like a distant server (one round trip per
 * request). With `connectLatencyMs`, a new connection is usable only that
 * long after it was opened, like a TCP handshake over the same distance.
 */
export function startRecordingProxy(
  target: { host: string; port: number },
  options: { latencyMs?: number; connectLatencyMs?: number } = {},
): Promise<TestServer & { requests: RecordedRequest[] }> {
  const requests: RecordedRequest[] = [];
  const agent = new http.Agent({ keepAlive: true });
  const openedAt = new WeakMap<object, number>();
  const server = http.createServer((req, res) => {
    const handshakeLeft = Math.max(
      0,
      (openedAt.get(req.socket) ?? 0) +
        (options.connectLatencyMs ?? 0) -
        performance.now(),
    );
    const at = performance.now();
    const chunks: Buffer[] = [];
    req.on('data', c => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      requests.push({
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: body.toString('utf8'),
        at,
      });
      const upstream = http.request(
        {
          host: target.host,
          port: target.port,
          method: req.method,
          path: req.url,
          headers: req.headers,
          agent,
        },
        answer => {
          const parts: Buffer[] = [];
          answer.on('data', c => parts.push(c));
          answer.on('end', () => {
            const send = () => {
              res.writeHead(answer.statusCode ?? 502, answer.headers);
              res.end(Buffer.concat(parts));
            };
            const delay = handshakeLeft + (options.latencyMs ?? 0);
            if (delay > 0) setTimeout(send, delay);
            else send();
          });
        },
      );
      upstream.on('error', () => {
        res.writeHead(502);
        res.end();
      });
      upstream.end(body);
    });
  });
  server.on('connection', socket => openedAt.set(socket, performance.now()));
  return listen(server, { n: 0 }).then(s => ({
    ...s,
    requests,
    close: () => {
      agent.destroy();
      return s.close();
    },
  }));
}

/** A fake S3 server for bucket discovery: what it was asked, and what it was told to hang up on. */
export type FakeS3 = TestServer & {
  /** Requests received, by kind. */
  requests: { list: number; location: number; tagging: number };
  /** Requests whose client went away before the answer. */
  abandoned: () => number;
};

/**
 * Answers ListBuckets (path style, `pageSize` buckets a page with a
 * continuation token), GetBucketLocation and GetBucketTagging (no tags) for
 * `buckets`. Bucket calls are answered after `latencyMs`, or never for the
 * buckets `hang` picks (a tarpit for those). No signature is checked.
 */
export function startFakeS3(options: {
  buckets: string[];
  pageSize?: number;
  latencyMs?: number;
  hang?: (bucket: string) => boolean;
}): Promise<FakeS3> {
  const requests = { list: 0, location: 0, tagging: 0 };
  let abandoned = 0;
  const pageSize = options.pageSize ?? 1000;
  const xml = (res: http.ServerResponse, status: number, body: string) => {
    res.writeHead(status, { 'content-type': 'application/xml' });
    res.end(`<?xml version="1.0" encoding="UTF-8"?>${body}`);
  };
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://fake-s3');
    req.resume();
    res.on('close', () => {
      if (!res.writableFinished) abandoned++;
    });
    if (url.pathname === '/') {
      requests.list++;
      const start = Number(url.searchParams.get('continuation-token') ?? 0);
      const max = Number(url.searchParams.get('max-buckets') ?? pageSize);
      const page = options.buckets.slice(
        start,
        start + Math.min(max, pageSize),
      );
      const next = start + page.length;
      xml(
        res,
        200,
        `<ListAllMyBucketsResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Owner><ID>fake</ID></Owner><Buckets>${page
          .map(
            name =>
              `<Bucket><Name>${name}</Name><CreationDate>2026-01-01T00:00:00.000Z</CreationDate></Bucket>`,
          )
          .join('')}</Buckets>${
          next < options.buckets.length
            ? `<ContinuationToken>${next}</ContinuationToken>`
            : ''
        }</ListAllMyBucketsResult>`,
      );
      return;
    }
    const bucket = decodeURIComponent(url.pathname.slice(1).split('/')[0]);
    const tagging = url.searchParams.has('tagging');
    if (tagging) requests.tagging++;
    else requests.location++;
    if (options.hang?.(bucket)) return;
    setTimeout(() => {
      if (tagging) {
        xml(
          res,
          404,
          '<Error><Code>NoSuchTagSet</Code><Message>The TagSet does not exist</Message></Error>',
        );
      } else {
        xml(
          res,
          200,
          '<LocationConstraint xmlns="http://s3.amazonaws.com/doc/2006-03-01/">us-east-1</LocationConstraint>',
        );
      }
    }, options.latencyMs ?? 0);
  });
  return listen(server, { n: 0 }).then(s => ({
    ...s,
    requests,
    abandoned: () => abandoned,
  }));
}
