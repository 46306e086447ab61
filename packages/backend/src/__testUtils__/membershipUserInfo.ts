import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';

/**
 * A user info service that answers ownership from a fixed membership table
 * (user ref → group refs), as the catalog would for signed-in users.
 */
export function membershipUserInfoFactory(
  membership: Record<string, string[]>,
) {
  return createServiceFactory({
    service: coreServices.userInfo,
    deps: {},
    factory: () => ({
      async getUserInfo(credentials) {
        const ref = (credentials.principal as { userEntityRef: string })
          .userEntityRef;
        return {
          userEntityRef: ref,
          ownershipEntityRefs: [ref, ...(membership[ref] ?? [])],
        };
      },
    }),
  });
}
