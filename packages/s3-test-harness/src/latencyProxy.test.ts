import http from 'node:http';
import { AddressInfo } from 'node:net';
import { startLatencyProxy } from './latencyProxy';

describe('startLatencyProxy', () => {
  let server: http.Server;
  let port: number;

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      let body = '';
      req.on('data', c => (body += c));
      req.on('end', () => res.end(`echo:${body}`));
    });
    await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>(r => server.close(() => r())));

  it('costs two round trips on a new connection and one on a kept-alive one, bytes intact', async () => {
    const oneWayMs = 40;
    const proxy = await startLatencyProxy({
      target: { host: '127.0.0.1', port },
      oneWayMs,
    });
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const post = (body: string) =>
      new Promise<{ text: string; ms: number }>((resolve, reject) => {
        const t0 = performance.now();
        const req = http.request(
          `${proxy.url}/`,
          { method: 'POST', agent },
          res => {
            let text = '';
            res.on('data', c => (text += c));
            res.on('end', () => resolve({ text, ms: performance.now() - t0 }));
          },
        );
        req.on('error', reject);
        req.end(body);
      });
    try {
      const big = 'x'.repeat(200_000);
      const first = await post('hello');
      const second = await post(big);
      expect(first.text).toBe('echo:hello');
      expect(second.text).toBe(`echo:${big}`);
      expect(first.ms).toBeGreaterThanOrEqual(4 * oneWayMs - 2);
      expect(second.ms).toBeGreaterThanOrEqual(2 * oneWayMs - 2);
      // one round trip (2 one-way delays) plus slack for a loaded machine; a
      // proxy delaying each 64 KB chunk of the 200 KB each way would take
      // at least 8
      expect(second.ms).toBeLessThan(7 * oneWayMs);
      expect(proxy.connections()).toBe(1);
    } finally {
      agent.destroy();
      await proxy.close();
    }
  });
});
