import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';

/**
 * A user info service that answers ownership from a fixed membership table
 * (user ref → group refs), as the catalog would for signed-in users.
 */
export function membershipUserInfoFactory(
  membership: Record<string, string[]>,
  /** Test hook: awaited before each answer (to pause a request mid-way). */
  beforeAnswer?: (userEntityRef: string) => Promise<void>,
) {
  return createServiceFactory({
    service: coreServices.userInfo,
    deps: { auth: coreServices.auth },
    factory: ({ auth }) => ({
      async getUserInfo(credentials) {
        if (!auth.isPrincipal(credentials, 'user')) {
          throw new InputError('Only users have user info');
        }
        const ref = credentials.principal.userEntityRef;
        await beforeAnswer?.(ref);
        return {
          userEntityRef: ref,
          ownershipEntityRefs: [ref, ...(membership[ref] ?? [])],
        };
      },
    }),
  });
}
