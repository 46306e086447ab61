import { ServiceFactory } from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import {
  createRecordingAuditor,
  createRecordingLogger,
} from '@internal/s3-test-harness';
import { Knex } from 'knex';
import { s3ResourcesPlugin } from '../plugin';

/** The allow-list entry of app-config.yaml for the local test servers. */
export const LOCAL_TEST_ENDPOINTS = {
  host: '127.0.0.1',
  ports: [7480, 4568],
  allowHttp: true,
  allowPrivateAddresses: true,
};

export const TEST_KEYS = {
  k1: Buffer.alloc(32, 11).toString('base64'),
  k2: Buffer.alloc(32, 22).toString('base64'),
};

/** The plugin on a real database, with recording logger and auditor and allow-all permissions. */
export async function startPluginBackend(options: {
  knex: Knex;
  keys?: Array<{ id: string; secret: string }>;
  config?: Record<string, unknown>;
  features?: ServiceFactory[];
}) {
  const logger = createRecordingLogger();
  const auditor = createRecordingAuditor();
  const backend = await startTestBackend({
    features: [
      s3ResourcesPlugin,
      logger.factory,
      auditor.factory,
      mockServices.database.factory({ knex: options.knex }),
      mockServices.httpAuth.factory({
        defaultCredentials: mockCredentials.none(),
      }),
      mockServices.rootConfig.factory({
        data: {
          app: { baseUrl: 'http://localhost:3000' },
          s3Resources: {
            encryption: {
              keys: options.keys ?? [{ id: 'k1', secret: TEST_KEYS.k1 }],
            },
            endpoints: { allow: [LOCAL_TEST_ENDPOINTS] },
          },
          ...options.config,
        },
      }),
      ...(options.features ?? []),
    ],
  });
  return {
    server: backend.server,
    stop: () => backend.stop(),
    logger,
    auditor,
  };
}

export const asUser = (name = 'alice') => ({
  Authorization: mockCredentials.user.header(
    stringifyEntityRef({ kind: 'user', name }),
  ),
});

export const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';

export function validBody(name: string, extra: Record<string, unknown> = {}) {
  return {
    name,
    owner: 'group:default/team-a',
    provider: 'ceph-rgw',
    bucket: `${name}-bucket`,
    endpoint: 'http://127.0.0.1:7480',
    auth: {
      method: 'access-key',
      accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
      secretAccessKey: SECRET,
    },
    ...extra,
  };
}
