/**
 * HTTP status of a failed AWS SDK call.
 * Ceph RGW sends empty error messages (the SDK shows "UnknownError") and its STS errors are
 * named "Unknown": assert on this status, and on `error.name` only where the server sets it.
 */
export function httpStatusOf(error: unknown): number | undefined {
  const e = error as {
    $metadata?: { httpStatusCode?: number };
    $response?: { statusCode?: number };
  };
  return e?.$metadata?.httpStatusCode ?? e?.$response?.statusCode;
}

/**
 * Awaits a request that must fail and resolves to its HTTP status, e.g.
 * `expect(await failureStatus(client.send(cmd))).toBe(403)`.
 * Rejects when the request succeeds, or fails without an HTTP answer (network error).
 */
export async function failureStatus(
  request: Promise<unknown>,
): Promise<number> {
  try {
    await request;
  } catch (error) {
    const status = httpStatusOf(error);
    if (status === undefined) {
      throw new Error(
        `The request failed without an HTTP status: ${String(error)}`,
      );
    }
    return status;
  }
  throw new Error('Expected the request to fail, but it succeeded');
}
