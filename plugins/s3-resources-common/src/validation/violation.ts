import { RuleViolation } from './types';

/** A validator's answer as a list: none, one or many. */
export function asViolationList(
  found: RuleViolation | RuleViolation[] | undefined,
): RuleViolation[] {
  if (found === undefined) return [];
  return Array.isArray(found) ? found : [found];
}

/** Builds violations for one field, so each check reads as `fail(rule, message)`. */
export function violationsFor(field: string) {
  return (rule: string, message: string): RuleViolation => ({
    field,
    rule,
    message,
  });
}
