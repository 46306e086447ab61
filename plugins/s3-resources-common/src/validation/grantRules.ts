import { PolicyGrantInput } from '../types';
import { validateBucketName } from './bucketName';
import { validateDefaultAcl } from './cannedAcl';
import { validateCidrs } from './cidr';
import { validateCustomActions } from './customActions';
import { validateKmsKeyArn } from './kmsKeyArn';
import { validatePrefix } from './prefix';
import { validateRegion } from './region';
import { RuleViolation } from './types';
import { violationsFor } from './violation';

/**
 * Every rule on the inputs of a generated IAM or bucket policy. The request
 * schema runs the same function, so the API, the scaffolder actions and the
 * UI refuse exactly what the generators would refuse.
 *
 * @public
 */
export function checkGrantRules(input: PolicyGrantInput): RuleViolation[] {
  const provider = input.provider ?? 'aws';
  const found: Array<RuleViolation | undefined> = [
    validateBucketName(input.bucket),
    validateRegion(input.region, { provider }),
    input.prefix === undefined ? undefined : validatePrefix(input.prefix),
    validateDefaultAcl(input.defaultAcl ?? 'none', {
      provider,
      objectOwnership: input.objectOwnership,
    }),
    input.kmsKeyArn === undefined
      ? undefined
      : validateKmsKeyArn(input.kmsKeyArn, { provider, region: input.region }),
  ];
  const out = found.filter((v): v is RuleViolation => v !== undefined);
  if (input.accessLevel === 'custom') {
    out.push(...validateCustomActions(input.customActions ?? []));
  } else if (input.customActions?.length) {
    out.push(
      violationsFor('customActions')(
        'custom-actions-unexpected',
        `must be left out unless accessLevel is "custom" (it is "${input.accessLevel}")`,
      ),
    );
  }
  out.push(...validateCidrs(input.egressCidrs ?? []));
  return out;
}
