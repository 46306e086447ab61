import { Config } from '@backstage/config';
import { CustomErrorBase } from '@backstage/errors';

/** Answered with HTTP 429; the route sets `Retry-After` from it. */
export class TooManyRequestsError extends CustomErrorBase {
  name = 'TooManyRequestsError' as const;
  /** Read by the Backstage error handler, which has no 429 error type of its own. */
  readonly statusCode = 429;

  constructor(message: string, readonly retryAfterSeconds: number) {
    super(message);
  }
}

export const DEFAULT_RATE_LIMIT = { tests: 10, windowSeconds: 60 };

/**
 * Connection tests per user in a sliding window. Each test makes several
 * calls to a third party with the resource's credentials, so a user cannot
 * start them without bound. The count is per backend instance.
 */
export class TestRateLimiter {
  static fromConfig(config: Config): TestRateLimiter {
    const tests =
      config.getOptionalNumber('s3Resources.connectionTest.rateLimit.tests') ??
      DEFAULT_RATE_LIMIT.tests;
    const windowSeconds =
      config.getOptionalNumber(
        's3Resources.connectionTest.rateLimit.windowSeconds',
      ) ?? DEFAULT_RATE_LIMIT.windowSeconds;
    if (!Number.isInteger(tests) || tests < 1) {
      throw new Error(
        's3Resources.connectionTest.rateLimit.tests: must be a whole number of at least 1',
      );
    }
    if (!(windowSeconds > 0)) {
      throw new Error(
        's3Resources.connectionTest.rateLimit.windowSeconds: must be positive',
      );
    }
    return new TestRateLimiter(tests, windowSeconds * 1000);
  }

  static create(options: {
    tests: number;
    windowSeconds: number;
    now?: () => number;
  }): TestRateLimiter {
    return new TestRateLimiter(
      options.tests,
      options.windowSeconds * 1000,
      options.now,
    );
  }

  private readonly started = new Map<string, number[]>();

  private constructor(
    readonly tests: number,
    readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts a test for `user`, or throws TooManyRequestsError when the window is full. */
  take(user: string): void {
    const now = this.now();
    const recent = (this.started.get(user) ?? []).filter(
      t => t > now - this.windowMs,
    );
    if (recent.length >= this.tests) {
      const retryAfterSeconds = Math.max(
        1,
        Math.ceil((recent[0] + this.windowMs - now) / 1000),
      );
      this.started.set(user, recent);
      throw new TooManyRequestsError(
        `At most ${this.tests} connection tests per ${
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
