import { ResponseError } from '@backstage/errors';

export type DescribedError = {
  title: string;
  description: string;
  status?: number;
  /** Seconds to wait, from the Retry-After header of a 429. */
  retryAfterSeconds?: number;
};

function retryAfter(error: ResponseError): number | undefined {
  const header = error.response.headers.get('retry-after');
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, Math.ceil(seconds));
  const at = Date.parse(header);
  return Number.isNaN(at)
    ? undefined
    : Math.max(0, Math.ceil((at - Date.now()) / 1000));
}

/**
 * A heading and a sentence for an error from the API, by status: the
 * backend's message (which names the field and rule for a 400) is kept.
 */
export function describeError(error: unknown, action?: string): DescribedError {
  const what = action ? `Could not ${action}` : 'Something went wrong';
  if (error instanceof ResponseError) {
    const status = error.response.status;
    const message = error.body?.error?.message || error.message;
    switch (status) {
      case 400:
        return {
          status,
          title: `${what}: the input was refused`,
          description: message,
        };
      case 401:
        return {
          status,
          title: 'You are signed out',
          description: 'Sign in again and retry.',
        };
      case 403:
        return {
          status,
          title: `${what}: not allowed`,
          description: `${message} Ask the resource's owner or a platform team member if you need this.`,
        };
      case 404:
        return {
          status,
          title: `${what}: not found`,
          description: `${message} It may have been deleted, or you may not be allowed to see it.`,
        };
      case 409:
        return { status, title: `${what}: conflict`, description: message };
      case 429: {
        const seconds = retryAfter(error);
        return {
          status,
          retryAfterSeconds: seconds,
          title: `${what}: too many requests`,
          description:
            seconds === undefined
              ? `${message} Wait a moment and try again.`
              : `${message} Try again in ${seconds} s.`,
        };
      }
      default:
        return { status, title: what, description: message };
    }
  }
  if (error instanceof Error) {
    if (error.name === 'TypeError') {
      return {
        title: `${what}: the backend did not answer`,
        description: `${error.message}. Check your connection and retry.`,
      };
    }
    return { title: what, description: error.message };
  }
  return { title: what, description: String(error) };
}

export function isConflict(error: unknown): boolean {
  return error instanceof ResponseError && error.response.status === 409;
}

export function statusOf(error: unknown): number | undefined {
  return error instanceof ResponseError ? error.response.status : undefined;
}

/**
 * The field and message of a refused request (400) whose message names one
 * field first (`source.auth.secretAccessKey: The secret access key …`).
 */
export function fieldErrorOf(
  error: unknown,
): { field: string; message: string } | undefined {
  if (!(error instanceof ResponseError) || error.response.status !== 400) {
    return undefined;
  }
  const text: string = error.body?.error?.message || error.message;
  const match = text.match(/^([A-Za-z][\w.[\]]*): ([\s\S]+)$/);
  return match ? { field: match[1], message: match[2] } : undefined;
}
