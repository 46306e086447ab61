import { CacheService } from '@backstage/backend-plugin-api';

/** One request in a rate-limit window: who claimed the slot and when. */
export type Slot = { t: string; at: number };

/** Where a rate limiter keeps its slots; each expires `ttlMs` after it is set. */
export interface SlotStore {
  get(key: string): Promise<Slot | undefined>;
  set(key: string, slot: Slot, ttlMs: number): Promise<void>;
}

/** The cache did not answer, failed, or lost what was written. */
export class StoreUnavailableError extends Error {
  name = 'StoreUnavailableError' as const;
}

/** Slots in Backstage's cache service; a call slower than `timeoutMs` or failing is StoreUnavailableError. */
export class CacheSlots implements SlotStore {
  constructor(
    private readonly cache: CacheService,
    private readonly timeoutMs: number,
  ) {}

  get(key: string) {
    return this.bounded(this.cache.get<Slot>(key) as Promise<Slot | undefined>);
  }

  set(key: string, slot: Slot, ttlMs: number) {
    return this.bounded(this.cache.set(key, slot, { ttl: ttlMs }));
  }

  private async bounded<T>(call: Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      // after a stalled event loop, timers run before the socket is read:
      // an answer that arrived meanwhile still wins the race
      timer = setTimeout(
        () =>
          setImmediate(() =>
            reject(
              new StoreUnavailableError(
                `no answer within ${this.timeoutMs} ms`,
              ),
            ),
          ),
        this.timeoutMs,
      );
    });
    try {
      return await Promise.race([call, late]);
    } catch (error) {
      if (error instanceof StoreUnavailableError) throw error;
      throw new StoreUnavailableError((error as Error).message);
    } finally {
      clearTimeout(timer);
    }
  }
}

/** Slots in this instance's memory: the fallback while the cache is unavailable. */
export class LocalSlots implements SlotStore {
  private readonly slots = new Map<string, { slot: Slot; until: number }>();
  private sweepAbove = 100_000;

  constructor(private readonly now: () => number) {}

  async get(key: string) {
    const kept = this.slots.get(key);
    if (kept && kept.until <= this.now()) this.slots.delete(key);
    return this.slots.get(key)?.slot;
  }

  async set(key: string, slot: Slot, ttlMs: number) {
    const now = this.now();
    this.slots.set(key, { slot, until: now + ttlMs });
    if (this.slots.size > this.sweepAbove) {
      for (const [k, { until }] of this.slots) {
        if (until <= now) this.slots.delete(k);
      }
      // many live slots: sweep again only when they have doubled
      this.sweepAbove = Math.max(100_000, this.slots.size * 2);
    }
  }
}
