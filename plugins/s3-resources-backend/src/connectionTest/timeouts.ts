import { Config } from '@backstage/config';

export type ConnectionTestTimeouts = {
  connectTimeoutMs: number;
  requestTimeoutMs: number;
  deadlineMs: number;
};

export const DEFAULT_TIMEOUTS: ConnectionTestTimeouts = {
  connectTimeoutMs: 3_000,
  requestTimeoutMs: 5_000,
  deadlineMs: 10_000,
};

/** s3Resources.connectionTest.* from app-config, the defaults where unset. */
export function readTimeouts(
  config: Config | undefined,
): ConnectionTestTimeouts {
  const read = (key: keyof ConnectionTestTimeouts) => {
    const value = config?.getOptionalNumber(
      `s3Resources.connectionTest.${key}`,
    );
    if (value === undefined) return DEFAULT_TIMEOUTS[key];
    if (!Number.isFinite(value) || value <= 0) {
      throw new Error(
        `s3Resources.connectionTest.${key}: must be a positive number of milliseconds`,
      );
    }
    return value;
  };
  return {
    connectTimeoutMs: read('connectTimeoutMs'),
    requestTimeoutMs: read('requestTimeoutMs'),
    deadlineMs: read('deadlineMs'),
  };
}
