import net from 'node:net';
import { AddressInfo } from 'node:net';

/** A TCP proxy on 127.0.0.1 that makes a local server look far away. */
export type LatencyProxy = {
  port: number;
  /** `http://127.0.0.1:<port>` */
  url: string;
  /** TCP connections accepted so far. */
  connections: () => number;
  /** Closes the listener and cuts every open connection. */
  close: () => Promise<void>;
};

export type LatencyProxyOptions = {
  target: { host: string; port: number };
  /** Delay of every chunk in each direction; a round trip costs twice this. */
  oneWayMs: number;
  /** Port to listen on; 0 (default) picks a free one. */
  port?: number;
};

/**
 * A TCP proxy that delays every chunk by `oneWayMs` in each direction, in
 * order, like a link with that one-way latency. A new connection behaves as
 * if its handshake crossed the link too: the client may write at once (the
 * proxy accepts locally), but nothing reaches the target before one round
 * trip after the connection opened, so a first request on a new connection
 * costs two round trips and a request on a kept-alive one costs one.
 */
export async function startLatencyProxy(
  options: LatencyProxyOptions,
): Promise<LatencyProxy> {
  const { target, oneWayMs } = options;
  const sockets = new Set<net.Socket>();
  let accepted = 0;

  /**
   * Forwards `from` to `to`, each chunk `oneWayMs` later (never before
   * `notBefore`), in order; returns a scheduler for work that must come after
   * what is already in flight.
   */
  const pipeDelayed = (from: net.Socket, to: net.Socket, notBefore = 0) => {
    let last = 0;
    const later = (fn: () => void) => {
      const due = Math.max(performance.now(), notBefore) + oneWayMs;
      last = Math.max(last, due);
      setTimeout(fn, last - performance.now());
    };
    from.on('data', chunk => later(() => !to.destroyed && to.write(chunk)));
    from.on('end', () => later(() => !to.destroyed && to.end()));
    return later;
  };

  const server = net.createServer({ allowHalfOpen: true }, client => {
    accepted++;
    const opened = performance.now();
    const upstream = net.connect({ ...target, allowHalfOpen: true });
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.setNoDelay(true);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => undefined);
    }
    const cut = () => {
      client.destroy();
      upstream.destroy();
    };
    // SYN and SYN-ACK: the first byte leaves the client one round trip after connect
    const toTarget = pipeDelayed(client, upstream, opened + 2 * oneWayMs);
    const toClient = pipeDelayed(upstream, client);
    // a reset travels the link too, after what was sent before it
    client.on('close', () => toTarget(cut));
    upstream.on('close', () => toClient(cut));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    connections: () => accepted,
    close: () =>
      new Promise<void>(resolve => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
