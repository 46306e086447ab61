import { findS3ActionIgnoringCase, getS3Action } from './s3Actions';
import { RuleViolation } from './types';
import { violationsFor } from './violation';

/**
 * A `custom` access level's action list: explicit `s3:` actions from the
 * catalogue, spelled canonically, no wildcards, nothing that changes who
 * has access, no repeats. KMS actions are derived from `kmsKeyArn`.
 *
 * @public
 */
export function validateCustomActions(
  actions: readonly string[],
  field = 'customActions',
): RuleViolation[] {
  if (actions.length === 0) {
    return [
      violationsFor(field)(
        'custom-actions-empty',
        'must list at least one action for access level "custom"',
      ),
    ];
  }
  const out: RuleViolation[] = [];
  actions.forEach((action, i) => {
    const fail = violationsFor(`${field}.${i}`);
    if (!action.startsWith('s3:')) {
      out.push(
        fail(
          'action-service',
          `"${action}" is not an s3: action; only s3: actions may be listed`,
        ),
      );
      return;
    }
    if (/[*?]/.test(action)) {
      out.push(
        fail(
          'action-wildcard',
          `"${action}" is a wildcard; list each action explicitly`,
        ),
      );
      return;
    }
    const info = getS3Action(action);
    if (!info) {
      const other = findS3ActionIgnoringCase(action);
      out.push(
        fail(
          'action-unknown',
          other
            ? `"${action}" must be spelled ${other.action}`
            : `"${action}" is not a known bucket- or object-level S3 action`,
        ),
      );
      return;
    }
    if (info.refused) {
      out.push(fail('action-refused', `${action} ${info.refused}`));
      return;
    }
    if (actions.indexOf(action) !== i) {
      out.push(fail('action-duplicate', `repeats ${action}`));
    }
  });
  return out;
}
