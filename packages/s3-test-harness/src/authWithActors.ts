import {
  AuthService,
  BackstageCredentials,
  BackstagePrincipalTypes,
  HttpAuthService,
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { AuthenticationError, NotAllowedError } from '@backstage/errors';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';

const SERVICE_TOKEN_PREFIX = 'mock-service-token:';

/**
 * The mock auth service of `startTestBackend`, except that a token a plugin
 * issued on behalf of a user keeps the calling plugin as the user's `actor`,
 * as real Backstage tokens do. The permission backend relies on that actor to
 * tell a plugin's conditional query from a direct user request; the plain
 * mock drops it, so conditional decisions cannot be tested without this.
 */
export const authWithActorsServiceFactory = createServiceFactory({
  service: coreServices.auth,
  deps: { plugin: coreServices.pluginMetadata },
  factory({ plugin }): AuthService {
    const pluginId = plugin.getId();
    const inner = mockServices.auth({ pluginId });
    return {
      isPrincipal: inner.isPrincipal.bind(inner) as AuthService['isPrincipal'],
      getNoneCredentials: () => inner.getNoneCredentials(),
      getOwnServiceCredentials: () => inner.getOwnServiceCredentials(),
      getLimitedUserToken: c => inner.getLimitedUserToken(c),
      listPublicServiceKeys: () => inner.listPublicServiceKeys(),
      async getPluginRequestToken(options) {
        const { token } = await inner.getPluginRequestToken(options);
        if (!token.startsWith(SERVICE_TOKEN_PREFIX)) return { token };
        const claims = JSON.parse(token.slice(SERVICE_TOKEN_PREFIX.length));
        return {
          token: `${SERVICE_TOKEN_PREFIX}${JSON.stringify({
            ...claims,
            actor: `plugin:${pluginId}`,
          })}`,
        };
      },
      async authenticate(token, options) {
        if (token.startsWith(SERVICE_TOKEN_PREFIX)) {
          const { actor, ...claims } = JSON.parse(
            token.slice(SERVICE_TOKEN_PREFIX.length),
          );
          const plain = `${SERVICE_TOKEN_PREFIX}${JSON.stringify(claims)}`;
          const credentials = await inner.authenticate(plain, options);
          if (actor && claims.obo) {
            return mockCredentials.user(claims.obo, {
              actor: { subject: actor },
            });
          }
          return credentials;
        }
        return inner.authenticate(token, options);
      },
    } as AuthService;
  },
});

/**
 * An HTTP auth service over {@link authWithActorsServiceFactory}: bearer
 * tokens are authenticated by the plugin's auth service, requests without one
 * are unauthenticated (`none`).
 */
export const httpAuthWithActorsServiceFactory = createServiceFactory({
  service: coreServices.httpAuth,
  deps: { auth: coreServices.auth },
  factory({ auth }): HttpAuthService {
    return {
      async credentials(req, options) {
        const header = req.headers.authorization;
        const token =
          typeof header === 'string'
            ? header.match(/^Bearer[ ]+(\S+)$/i)?.[1]
            : undefined;
        const credentials: BackstageCredentials = token
          ? await auth.authenticate(token)
          : await auth.getNoneCredentials();
        const allow = options?.allow as
          | Array<keyof BackstagePrincipalTypes>
          | undefined;
        if (!allow) return credentials as any;
        const type = (credentials.principal as { type: string })
          .type as keyof BackstagePrincipalTypes;
        if (allow.includes(type)) return credentials as any;
        if (type === 'none')
          throw new AuthenticationError('Missing credentials');
        throw new NotAllowedError(
          `This endpoint does not allow '${type}' credentials`,
        );
      },
      async issueUserCookie() {
        return { expiresAt: new Date(Date.now() + 3600_000) };
      },
    };
  },
});

/** Both auth factories, to pass to `startTestBackend`'s features. */
export const authWithActorsServiceFactories = [
  authWithActorsServiceFactory,
  httpAuthWithActorsServiceFactory,
];
