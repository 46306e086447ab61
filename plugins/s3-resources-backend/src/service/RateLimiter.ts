import { CacheService, LoggerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { CustomErrorBase } from '@backstage/errors';
import { randomUUID } from 'node:crypto';
import {
  CacheSlots,
  LocalSlots,
  SlotStore,
  StoreUnavailableError,
} from './rateLimitSlots';

/** Answered with HTTP 429; the router sets `Retry-After` from it. */
export class TooManyRequestsError extends CustomErrorBase {
  name = 'TooManyRequestsError' as const;
  /** Read by the Backstage error handler, which has no 429 error type of its own. */
  readonly statusCode = 429;

  constructor(message: string, readonly retryAfterSeconds: number) {
    super(message);
  }
}

/** Where a limit is configured and what it counts, for config errors and messages. */
export type RateLimitConfig = {
  /** Config path of the limit, e.g. `s3Resources.connectionTest.rateLimit`. */
  path: string;
  /** Key of the count under `path`, e.g. `tests`. */
  countKey: string;
  /** What is counted, plural, e.g. `connection tests`. */
  what: string;
  defaults: { count: number; windowSeconds: number };
};

/** Connection tests: `s3Resources.connectionTest.rateLimit.{tests,windowSeconds}`. */
export const TEST_RATE_LIMIT: RateLimitConfig = {
  path: 's3Resources.connectionTest.rateLimit',
  countKey: 'tests',
  what: 'connection tests',
  defaults: { count: 10, windowSeconds: 60 },
};

/** Import discovery: `s3Resources.import.rateLimit.{requests,windowSeconds}`. */
export const DISCOVERY_RATE_LIMIT: RateLimitConfig = {
  path: 's3Resources.import.rateLimit',
  countKey: 'requests',
  what: 'bucket discoveries',
  defaults: { count: 5, windowSeconds: 60 },
};

/** Share links: `s3Resources.objects.shareRateLimit.{links,windowSeconds}`. */
export const SHARE_RATE_LIMIT: RateLimitConfig = {
  path: 's3Resources.objects.shareRateLimit',
  countKey: 'links',
  what: 'share links',
  defaults: { count: 30, windowSeconds: 60 },
};

/** Live configuration reads: `s3Resources.liveConfiguration.rateLimit.{reads,windowSeconds}`. */
export const LIVE_READ_RATE_LIMIT: RateLimitConfig = {
  path: 's3Resources.liveConfiguration.rateLimit',
  countKey: 'reads',
  what: 'live configuration reads',
  defaults: { count: 60, windowSeconds: 60 },
};

/** How the limiter reaches the cache service; absent: this instance's memory only. */
export type SharedCounts = {
  cache: CacheService;
  /** `backend.cache.store` is not `memory`: other replicas count in it too. */
  shared: boolean;
  logger: LoggerService;
};

/** After the cache failed, how long the instance counts alone before asking it again. */
const SHARED_RETRY_MS = 5_000;
/** How long a cache call may take before the cache counts as unavailable. */
const STORE_TIMEOUT_MS = 1000;
/** Most requests a limit may allow per window: each request reads every slot. */
const MAX_COUNT = 100;
/**
 * With a shared cache, how long a claim waits before checking it still holds:
 * a replica that read the same slot free has written it by then.
 */
const CLAIM_CHECK_MS = 20;
/** Claims lost to other replicas before a request is refused as if the window were full. */
const CLAIM_ATTEMPTS = 5;

/**
 * Requests per user in a sliding window, for work that makes calls to a
 * third party with the user's credentials (connection tests, bucket
 * discovery, share links), so a user cannot start it without bound.
 *
 * The window is `count` slots per user in Backstage's cache service, each
 * kept for the window by the cache's TTL: a request takes a free slot or is
 * refused with the time until the oldest slot frees. With a shared cache
 * (`backend.cache.store: redis`) the slots are the same for every replica,
 * so the limit holds in total; a claim is written, given a moment, and read
 * back, so two replicas that chose the same slot find out and one moves on
 * (best effort: a replica stalled longer than that moment between reading
 * and writing a slot can let one request more through).
 * Within an instance, a user's requests take slots one at a time.
 *
 * When the cache fails or does not answer within 1 s, the instance counts
 * in its own memory (fail open to the per-instance limit) and logs it once;
 * it tries the cache again after 5 s.
 */
export class RateLimiter {
  static fromConfig(
    config: Config,
    limit: RateLimitConfig,
    counts?: SharedCounts,
  ): RateLimiter {
    const count =
      config.getOptionalNumber(`${limit.path}.${limit.countKey}`) ??
      limit.defaults.count;
    const windowSeconds =
      config.getOptionalNumber(`${limit.path}.windowSeconds`) ??
      limit.defaults.windowSeconds;
    if (!Number.isInteger(count) || count < 1 || count > MAX_COUNT) {
      throw new Error(
        `${limit.path}.${limit.countKey}: must be a whole number from 1 to ${MAX_COUNT}`,
      );
    }
    if (!(windowSeconds > 0)) {
      throw new Error(`${limit.path}.windowSeconds: must be positive`);
    }
    return new RateLimiter(
      limit.path,
      count,
      windowSeconds * 1000,
      limit.what,
      counts,
    );
  }

  static create(options: {
    count: number;
    windowSeconds: number;
    what: string;
    now?: () => number;
    counts?: SharedCounts;
  }): RateLimiter {
    return new RateLimiter(
      'test',
      options.count,
      options.windowSeconds * 1000,
      options.what,
      options.counts,
      options.now,
    );
  }

  private readonly local: SlotStore;
  private readonly cache?: SlotStore;
  private cacheDownUntil = 0;
  private readonly queues = new Map<string, Promise<unknown>>();

  private constructor(
    private readonly name: string,
    readonly count: number,
    readonly windowMs: number,
    private readonly what: string,
    private readonly counts?: SharedCounts,
    private readonly now: () => number = Date.now,
  ) {
    this.local = new LocalSlots(now);
    if (counts) this.cache = new CacheSlots(counts.cache, STORE_TIMEOUT_MS);
  }

  /** Counts a request by `user`, or throws TooManyRequestsError when the window is full. */
  async take(user: string): Promise<void> {
    // a user's requests one at a time on this instance: exact on one instance
    const previous = this.queues.get(user) ?? Promise.resolve();
    const mine = previous.then(() => this.takeNow(user));
    const settled = mine.catch(() => undefined);
    this.queues.set(user, settled);
    settled.then(() => {
      if (this.queues.get(user) === settled) this.queues.delete(user);
    });
    return mine;
  }

  private async takeNow(user: string): Promise<void> {
    if (this.cache && this.counts && this.now() >= this.cacheDownUntil) {
      try {
        await this.claim(
          this.cache,
          user,
          this.counts.shared ? CLAIM_CHECK_MS : 0,
        );
        this.cacheAnswered();
        return;
      } catch (error) {
        if (error instanceof TooManyRequestsError) this.cacheAnswered();
        if (!(error instanceof StoreUnavailableError)) throw error;
        if (!this.cacheDownUntil) {
          this.counts.logger.warn(
            `Rate limit of ${this.what}: the cache is unavailable (${error.message}); counting on this instance alone until it answers`,
          );
        }
        this.cacheDownUntil = this.now() + SHARED_RETRY_MS;
      }
    }
    await this.claim(this.local, user, 0);
  }

  private cacheAnswered() {
    if (!this.cacheDownUntil) return;
    this.cacheDownUntil = 0;
    this.counts?.logger.info(
      `Rate limit of ${this.what}: the cache answers again; counting in it`,
    );
  }

  private async claim(store: SlotStore, user: string, checkMs: number) {
    const keys = Array.from(
      { length: this.count },
      (_, i) => `rate-limit:${this.name}:${user}:${i}`,
    );
    for (let attempt = 0; attempt < CLAIM_ATTEMPTS; attempt++) {
      const now = this.now();
      const slots = await Promise.all(keys.map(key => store.get(key)));
      const live = (at?: number) =>
        at !== undefined && at > now - this.windowMs;
      const free = keys.filter((_, i) => !live(slots[i]?.at));
      if (free.length === 0) {
        const oldest = Math.min(...slots.map(slot => slot!.at));
        throw this.refusal(oldest + this.windowMs - now);
      }
      // a random free slot: replicas claiming at once rarely pick the same
      const key = free[Math.floor(Math.random() * free.length)];
      const token = randomUUID();
      await store.set(key, { t: token, at: now }, this.windowMs);
      if (checkMs) await new Promise(r => setTimeout(r, checkMs));
      const back = await store.get(key);
      if (back?.t === token) return;
      if (!back) {
        throw new StoreUnavailableError('it did not keep a value just written');
      }
    }
    throw this.refusal(1000);
  }

  private refusal(waitMs: number) {
    // another replica's clock may run ahead: never past the window
    const retryAfterSeconds = Math.max(
      1,
      Math.ceil(Math.min(waitMs, this.windowMs) / 1000),
    );
    return new TooManyRequestsError(
      `At most ${this.count} ${this.what} per ${
        this.windowMs / 1000
      } s; try again in ${retryAfterSeconds} s`,
      retryAfterSeconds,
    );
  }
}
