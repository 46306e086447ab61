import { InputError } from '@backstage/errors';
import {
  RuleViolation,
  ValidationError,
} from '@s3-resources/plugin-s3-resources-common';

export type ViolationNaming = {
  /** Maps a generator's field path to the action's input name. */
  fieldName?: (field: string) => string;
  /** Input names whose value came from config, and the config key, so the message says where to fix it. */
  fromConfig?: Record<string, string>;
};

function describe(v: RuleViolation, naming: ViolationNaming): string {
  const field = naming.fieldName?.(v.field) ?? v.field;
  const top = field.split('.')[0];
  const source = naming.fromConfig?.[top];
  return `${field}${source ? ` (from ${source})` : ''}: ${v.message} [${
    v.rule
  }]`;
}

/** One InputError naming every field and rule broken, as the action's inputs are named. */
export function violationsToInputError(
  violations: RuleViolation[],
  naming: ViolationNaming = {},
): InputError {
  return new InputError(
    `Invalid input: ${violations.map(v => describe(v, naming)).join('; ')}`,
  );
}

/**
 * Runs a generator; its ValidationError (a user mistake) becomes an
 * InputError. The rules themselves live in the common package only.
 */
export function generateOrInputError<T>(
  generate: () => T,
  naming: ViolationNaming = {},
): T {
  try {
    return generate();
  } catch (error) {
    if (error instanceof ValidationError) {
      throw violationsToInputError(error.violations, naming);
    }
    throw error;
  }
}
