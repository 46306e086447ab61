import {
  ResourcePolicies,
  generateResourcePolicies,
} from '@s3-resources/plugin-s3-resources-common';
import { ResourceRow } from '../database/ResourceStore';
import { StoredAuth, settingsOf } from './resourceView';
import { rethrowValidation } from './rethrowValidation';

/** The generated IAM, trust, bucket and CORS policies of a stored resource. */
export function policiesOf(
  row: ResourceRow,
  options: {
    /** Whether the caller may edit the resource (and so see its ExternalId). */
    mayEdit: boolean;
    portalPrincipalArn?: string;
    egressCidrs?: string[];
    appBaseUrl?: string;
  },
): ResourcePolicies {
  const auth = row.auth as StoredAuth;
  try {
    return generateResourcePolicies(settingsOf(row), {
      portalPrincipalArn: options.portalPrincipalArn,
      egressCidrs: options.egressCidrs,
      appBaseUrl: options.appBaseUrl,
      // The ExternalId is shown only to those who set up the role.
      ...(auth.method === 'assume-role'
        ? {
            principalArn: auth.roleArn,
            ...(options.mayEdit ? { externalId: auth.externalId } : {}),
          }
        : {}),
    });
  } catch (error) {
    return rethrowValidation(error);
  }
}
