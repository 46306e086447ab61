import { RuleViolation } from './types';
import { violationsFor } from './violation';

/**
 * A 12-digit AWS account ID (as configured under `aws.accounts`).
 *
 * @public
 */
export function validateAwsAccountId(
  accountId: string,
  field = 'auth.accountId',
): RuleViolation | undefined {
  if (!/^\d{12}$/.test(accountId)) {
    return violationsFor(field)(
      'account-id-format',
      'must be a 12-digit AWS account ID',
    );
  }
  return undefined;
}
