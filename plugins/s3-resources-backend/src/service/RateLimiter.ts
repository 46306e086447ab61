import { Config } from '@backstage/config';
import { CustomErrorBase } from '@backstage/errors';

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

/**
 * Requests per user in a sliding window, for work that makes calls to a
 * third party with the user's credentials (connection tests, bucket
 * discovery), so a user cannot start it without bound. The count is per
 * backend instance.
 */
export class RateLimiter {
  static fromConfig(config: Config, limit: RateLimitConfig): RateLimiter {
    const count =
      config.getOptionalNumber(`${limit.path}.${limit.countKey}`) ??
      limit.defaults.count;
    const windowSeconds =
      config.getOptionalNumber(`${limit.path}.windowSeconds`) ??
      limit.defaults.windowSeconds;
    if (!Number.isInteger(count) || count < 1) {
      throw new Error(
        `${limit.path}.${limit.countKey}: must be a whole number of at least 1`,
      );
    }
    if (!(windowSeconds > 0)) {
      throw new Error(`${limit.path}.windowSeconds: must be positive`);
    }
    return new RateLimiter(count, windowSeconds * 1000, limit.what);
  }

  static create(options: {
    count: number;
    windowSeconds: number;
    what: string;
    now?: () => number;
  }): RateLimiter {
    return new RateLimiter(
      options.count,
      options.windowSeconds * 1000,
      options.what,
      options.now,
    );
  }

  private readonly started = new Map<string, number[]>();

  private constructor(
    readonly count: number,
    readonly windowMs: number,
    private readonly what: string,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts a request by `user`, or throws TooManyRequestsError when the window is full. */
  take(user: string): void {
    const now = this.now();
    const recent = (this.started.get(user) ?? []).filter(
      t => t > now - this.windowMs,
    );
    if (recent.length >= this.count) {
      const retryAfterSeconds = Math.max(
        1,
        Math.ceil((recent[0] + this.windowMs - now) / 1000),
      );
      this.started.set(user, recent);
      throw new TooManyRequestsError(
        `At most ${this.count} ${this.what} per ${
          this.windowMs / 1000
        } s; try again in ${retryAfterSeconds} s`,
        retryAfterSeconds,
      );
    }
    recent.push(now);
    this.started.set(user, recent);
    if (this.started.size > 10_000) this.sweep(now);
  }

  private sweep(now: number) {
    for (const [user, times] of this.started) {
      if (!times.some(t => t > now - this.windowMs)) this.started.delete(user);
    }
  }
}
