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
