import http from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import { Duplex } from 'node:stream';

type ConnectionOptions = {
  host?: string | null;
  port?: number | string | null;
};

const keyOf = (host: string, port: number | string) => `${host}:${port}`;

/**
 * Connections opened ahead of the requests that will use them: while
 * AssumeRole is in flight, the sockets (TCP and TLS handshakes) for the
 * bucket calls that follow are set up, so those calls cost one round trip
 * instead of two or three. A socket is handed out once; leftovers are
 * destroyed with the agent.
 */
class WarmSockets {
  private readonly pool = new Map<string, Duplex[]>();

  add(host: string, port: number, sockets: Duplex[]) {
    for (const socket of sockets) socket.on('error', () => undefined);
    const key = keyOf(host, port);
    this.pool.set(key, [...(this.pool.get(key) ?? []), ...sockets]);
  }

  take(options: ConnectionOptions): Duplex | undefined {
    if (!options.host || !options.port) return undefined;
    const sockets = this.pool.get(keyOf(options.host, options.port));
    while (sockets?.length) {
      const socket = sockets.shift()!;
      if (!socket.destroyed) return socket;
    }
    return undefined;
  }

  destroy() {
    for (const sockets of this.pool.values()) {
      for (const socket of sockets) socket.destroy();
    }
    this.pool.clear();
  }
}

export class PrewarmingHttpAgent extends http.Agent {
  private readonly warm = new WarmSockets();

  /** Opens `count` connections to host:port now, through this agent's options (its lookup). */
  prewarm(host: string, port: number, count: number) {
    const base = (this as unknown as { options: object }).options;
    const sockets = Array.from({ length: count }, () =>
      super.createConnection({ ...base, host, port } as http.ClientRequestArgs),
    ).filter((s): s is Duplex => !!s);
    this.warm.add(host, port, sockets);
  }

  override createConnection(
    options: http.ClientRequestArgs,
    callback?: (err: Error | null, stream: Duplex) => void,
  ) {
    return this.warm.take(options) ?? super.createConnection(options, callback);
  }

  override destroy() {
    this.warm.destroy();
    super.destroy();
  }
}

export class PrewarmingHttpsAgent extends https.Agent {
  private readonly warm = new WarmSockets();

  /** Opens `count` TLS connections to host:port now, through this agent's options. */
  prewarm(host: string, port: number, count: number) {
    const base = (this as unknown as { options: object }).options;
    const sockets = Array.from({ length: count }, () =>
      super.createConnection({
        ...base,
        host,
        port,
        servername: isIP(host) ? '' : host,
      } as http.ClientRequestArgs),
    ).filter((s): s is Duplex => !!s);
    this.warm.add(host, port, sockets);
  }

  override createConnection(
    options: http.ClientRequestArgs,
    callback?: (err: Error | null, stream: Duplex) => void,
  ) {
    return this.warm.take(options) ?? super.createConnection(options, callback);
  }

  override destroy() {
    this.warm.destroy();
    super.destroy();
  }
}
