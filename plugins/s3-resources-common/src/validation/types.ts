/**
 * One broken rule: the field (dot path), the rule's id and a sentence a person can act on.
 *
 * @public
 */
export type RuleViolation = {
  field: string;
  rule: string;
  message: string;
};

/**
 * Thrown by the generators (and mapped to 400 by the backend) when input breaks a rule.
 *
 * @public
 */
export class ValidationError extends Error {
  readonly violations: RuleViolation[];

  constructor(violations: RuleViolation[]) {
    super(
      violations.map(v => `${v.field}: ${v.message} [${v.rule}]`).join('; '),
    );
    this.name = 'ValidationError';
    this.violations = violations;
  }
}
