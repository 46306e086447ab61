import { CacheService } from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import { RateLimiter, TooManyRequestsError } from './RateLimiter';

const outcome = (p: Promise<void>) =>
  p.then(
    () => 'ok',
    (e: Error) => e,
  );

describe('RateLimiter', () => {
  it('refuses the request past the count with the time until a slot frees', async () => {
    let now = 1_000_000;
    const limiter = RateLimiter.create({
      count: 3,
      windowSeconds: 60,
      what: 'connection tests',
      now: () => now,
    });
    for (let i = 0; i < 3; i++) {
      await limiter.take('user:default/alice');
      now += 10_000;
    }
    const refused = await outcome(limiter.take('user:default/alice'));
    expect(refused).toBeInstanceOf(TooManyRequestsError);
    // the first request was 30 s ago: its slot frees in 30 s
    expect((refused as TooManyRequestsError).retryAfterSeconds).toBe(30);
    expect((refused as Error).message).toBe(
      'At most 3 connection tests per 60 s; try again in 30 s',
    );
    // another user has a window of their own
    await limiter.take('user:default/bob');
    now += 30_000;
    await limiter.take('user:default/alice');
  });

  it('admits exactly the count of concurrent requests on one instance', async () => {
    const limiter = RateLimiter.create({
      count: 10,
      windowSeconds: 60,
      what: 'share links',
    });
    // a cache that keeps values, as the memory store does
    const kept = new Map<string, unknown>();
    const cache = {
      get: async (k: string) => kept.get(k),
      set: async (k: string, v: unknown) => {
        kept.set(k, v);
      },
      delete: async () => undefined,
      withOptions: () => cache,
    } as unknown as CacheService;
    const inCache = RateLimiter.create({
      count: 10,
      windowSeconds: 60,
      what: 'share links',
      counts: { cache, shared: false, logger: mockServices.logger.mock() },
    });
    for (const l of [limiter, inCache]) {
      const results = await Promise.all(
        Array.from({ length: 25 }, () => outcome(l.take('user:default/alice'))),
      );
      expect(results.filter(r => r === 'ok')).toHaveLength(10);
    }
    expect(kept.size).toBe(10);
  });

  it('lets one request through when two of one user race on one instance', async () => {
    // the first write lands before the second is even read back: without
    // taking a user's requests one at a time, both would find their claim
    const kept = new Map<string, unknown>();
    const delays = [1, 30];
    const cache = {
      get: async (k: string) => kept.get(k),
      set: async (k: string, v: unknown) => {
        await new Promise(r => setTimeout(r, delays.shift() ?? 1));
        kept.set(k, v);
      },
      delete: async () => undefined,
      withOptions: () => cache,
    } as unknown as CacheService;
    const limiter = RateLimiter.create({
      count: 1,
      windowSeconds: 60,
      what: 'share links',
      counts: { cache, shared: false, logger: mockServices.logger.mock() },
    });
    const results = await Promise.all([
      outcome(limiter.take('user:default/alice')),
      outcome(limiter.take('user:default/alice')),
    ]);
    expect(results.filter(r => r === 'ok')).toHaveLength(1);
  });

  it('lets one request through when two replicas claim the last slot at once', async () => {
    // two instances on one shared cache, both read the slot free: the later
    // write wins, and the claim check tells the earlier one it lost
    const kept = new Map<string, unknown>();
    const cache = {
      get: async (k: string) => kept.get(k),
      set: async (k: string, v: unknown) => {
        kept.set(k, v);
      },
      delete: async () => undefined,
      withOptions: () => cache,
    } as unknown as CacheService;
    const replica = () =>
      RateLimiter.create({
        count: 1,
        windowSeconds: 60,
        what: 'share links',
        counts: { cache, shared: true, logger: mockServices.logger.mock() },
      });
    const [a, b] = [replica(), replica()];
    const results = await Promise.all([
      outcome(a.take('user:default/alice')),
      outcome(b.take('user:default/alice')),
    ]);
    expect(results.filter(r => r === 'ok')).toHaveLength(1);
    expect(results.find(r => r !== 'ok')).toBeInstanceOf(TooManyRequestsError);
  });

  it('counts on the instance alone while the cache does not answer, and says so once', async () => {
    const logger = mockServices.logger.mock();
    let answering = false;
    const kept = new Map<string, unknown>();
    const hang = new Promise<never>(() => undefined);
    const cache = {
      get: async (k: string) => (answering ? kept.get(k) : hang),
      set: async (k: string, v: unknown) => {
        if (!answering) return hang;
        kept.set(k, v);
        return undefined;
      },
      delete: async () => undefined,
      withOptions: () => cache,
    } as unknown as CacheService;
    let now = 1_000_000;
    const limiter = RateLimiter.create({
      count: 2,
      windowSeconds: 60,
      what: 'connection tests',
      counts: { cache, shared: true, logger },
      now: () => now,
    });
    const t0 = Date.now();
    await limiter.take('user:default/alice');
    await limiter.take('user:default/alice');
    await expect(limiter.take('user:default/alice')).rejects.toThrow(
      'At most 2 connection tests per 60 s',
    );
    // one timeout, then the instance counts alone without waiting
    expect(Date.now() - t0).toBeLessThan(1500);
    expect(logger.warn).toHaveBeenCalledTimes(1);
    expect(logger.warn.mock.calls[0][0]).toMatch(
      /the cache is unavailable \(no answer within 1000 ms\); counting on this instance alone/,
    );
    expect(kept.size).toBe(0);

    // 5 s later the cache is asked again, and answers
    answering = true;
    now += 5_000;
    await limiter.take('user:default/bob');
    expect(kept.size).toBe(1);
    expect(logger.info).toHaveBeenCalledWith(
      'Rate limit of connection tests: the cache answers again; counting in it',
    );
  });
});
