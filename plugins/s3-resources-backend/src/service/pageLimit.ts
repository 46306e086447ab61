import { InputError } from '@backstage/errors';

/** A page size from a request: `fallback` when absent, else an integer from 1 to `max`. */
export function checkedLimit(
  limit: number | undefined,
  fallback: number,
  max: number,
): number {
  const value = limit ?? fallback;
  if (!Number.isInteger(value) || value < 1 || value > max) {
    throw new InputError(`limit: must be an integer from 1 to ${max}`);
  }
  return value;
}
