import { RuleViolation } from './types';

/** Builds violations for one field, so each check reads as `fail(rule, message)`. */
export function violationsFor(field: string) {
  return (rule: string, message: string): RuleViolation => ({
    field,
    rule,
    message,
  });
}
