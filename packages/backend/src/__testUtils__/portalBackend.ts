import { ServiceFactory } from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { auditorServiceFactory } from '@backstage/backend-defaults/auditor';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import permissionBackend from '@backstage/plugin-permission-backend';
import {
  authWithActorsServiceFactories,
  createRecordingLogger,
} from '@internal/s3-test-harness';
import s3ResourcesBackend from '@s3-resources/plugin-s3-resources-backend';
import { AddressInfo } from 'node:net';
import permissionPolicyModule from '../permissionPolicy';
import { membershipUserInfoFactory } from './membershipUserInfo';

/** Who belongs to which groups, as the catalog would say. */
export const MEMBERSHIP: Record<string, string[]> = {
  'user:default/alice': ['group:default/team-a'],
  'user:default/dave': ['group:default/team-a'],
  'user:default/bob': ['group:default/team-b'],
  'user:default/carol': ['group:default/platform-team'],
  'user:default/erin': ['group:default/platform-team'],
};

export const ENCRYPTION_KEY = {
  id: 'reliability',
  secret: Buffer.alloc(32, 9).toString('base64'),
};

/** The Authorization header of a signed-in user (`user:default/<user>`). */
export const asUser = (user: string) => ({
  Authorization: mockCredentials.user.header(
    stringifyEntityRef({ kind: 'user', name: user }),
  ),
});

/**
 * `s3Resources` config that lets connection tests reach one local HTTP
 * endpoint (the harness's Ceph RGW, or a proxy in front of it).
 */
export function allowLocalEndpoint(url: string) {
  const { hostname, port } = new URL(url);
  return {
    endpoints: {
      allow: [
        {
          host: hostname,
          ports: [Number(port)],
          allowHttp: true,
          allowPrivateAddresses: true,
        },
      ],
    },
  };
}

export type CallResult = {
  status: number;
  text: string;
  json: any;
  headers: Headers;
};

/**
 * The portal's S3 resources backend as packages/backend wires it: the plugin,
 * the permission backend with the shipped policy, the real auditor (it logs
 * through the root logger), a recording root logger, plus `features`.
 * Served over real HTTP on 127.0.0.1.
 */
export async function startPortalBackend(options: {
  database: ServiceFactory;
  config?: Record<string, unknown>;
  s3Resources?: Record<string, unknown>;
  features?: Array<ServiceFactory | any>;
  /** Keep every response body in `responses` (to scan them later). */
  keepResponses?: boolean;
  /** Who belongs to which groups (default: MEMBERSHIP). */
  membership?: Record<string, string[]>;
  /** Awaited before the user info service answers for a user (to pause a request). */
  beforeUserInfo?: (userEntityRef: string) => Promise<void>;
}) {
  const logger = createRecordingLogger();
  const backend = await startTestBackend({
    features: [
      s3ResourcesBackend,
      permissionBackend,
      permissionPolicyModule,
      membershipUserInfoFactory(
        options.membership ?? MEMBERSHIP,
        options.beforeUserInfo,
      ),
      ...authWithActorsServiceFactories,
      auditorServiceFactory,
      logger.factory,
      options.database,
      mockServices.rootConfig.factory({
        data: {
          app: { baseUrl: 'http://localhost:3000' },
          permission: { enabled: true },
          ...options.config,
          s3Resources: {
            encryption: { keys: [ENCRYPTION_KEY] },
            permissions: { platformGroups: ['group:default/platform-team'] },
            // no scheduled audit sweep running tests in the background
            audit: { enabled: false },
            ...options.s3Resources,
          },
        },
      }),
      ...(options.features ?? []),
    ],
  });
  const { port } = backend.server.address() as AddressInfo;
  const base = `http://127.0.0.1:${port}`;
  const responses: { user?: string; path: string; body: string }[] = [];
  const call = async (
    user: string | undefined,
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<CallResult> => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: {
        ...(user ? asUser(user) : {}),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    if (options.keepResponses) responses.push({ user, path, body: text });
    let json: any;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    return { status: res.status, text, json, headers: res.headers };
  };
  return {
    base,
    server: backend.server,
    logger,
    responses,
    call,
    stop: () => backend.stop(),
  };
}

export type PortalBackend = Awaited<ReturnType<typeof startPortalBackend>>;
