import { InputError } from '@backstage/errors';
import { ValidationError } from '@s3-resources/plugin-s3-resources-common';

/** A violated rule becomes a 400 (InputError) naming the field; anything else is rethrown. */
export function rethrowValidation(error: unknown): never {
  if (error instanceof ValidationError) throw new InputError(error.message);
  throw error;
}
