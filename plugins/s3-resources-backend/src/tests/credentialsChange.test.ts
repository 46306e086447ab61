import { mockServices } from '@backstage/backend-test-utils';
import {
  AuthorizeResult,
  isResourcePermission,
} from '@backstage/plugin-permission-common';
import { createTestDatabases } from '@internal/s3-test-harness';
import { s3ResourceUpdatePermission } from '@s3-resources/plugin-s3-resources-common';
import request from 'supertest';
import {
  SECRET,
  asUser,
  startPluginBackend,
  validBody,
} from '../__testUtils__/testBackend';

jest.setTimeout(120_000);

/** Everyone reads; only alice may update. */
function aliceEdits() {
  const decide = (permission: unknown, who: string | undefined) =>
    isResourcePermission(permission as never) &&
    (permission as { name: string }).name === s3ResourceUpdatePermission.name &&
    who !== 'user:default/alice'
      ? AuthorizeResult.DENY
      : AuthorizeResult.ALLOW;
  const principalOf = (options?: { credentials?: unknown }) =>
    (options?.credentials as { principal?: { userEntityRef?: string } })
      ?.principal?.userEntityRef;
  return mockServices.permissions.mock({
    authorize: async (requests, options) =>
      requests.map(r => ({
        result: decide(r.permission, principalOf(options)),
      })) as never,
    authorizeConditional: async (requests, options) =>
      requests.map(r => ({
        result: decide(r.permission, principalOf(options)),
      })) as never,
  });
}

describe('changing credentials', () => {
  const databases = createTestDatabases();

  describe.each(databases.eachSupportedId())('on %p', databaseId => {
    it('keeps the key ID for a secret-only change and marks the last test as from before it', async () => {
      const knex = await databases.init(databaseId);
      const { server, stop } = await startPluginBackend({
        knex,
        features: [aliceEdits().factory],
      });
      try {
        const created = await request(server)
          .post('/api/s3-resources/resources')
          .set(asUser())
          .send(validBody('rotated'));
        expect(created.status).toBe(201);
        const id = created.body.id;
        // who may update sees the key ID to rotate the secret under; others see it masked
        expect(created.body.auth.accessKeyId).toBe('AKIAIOSFODNN7EXAMPLE');
        const asBob = await request(server)
          .get(`/api/s3-resources/resources/${id}`)
          .set(asUser('bob'));
        expect(asBob.body.auth.accessKeyId).toBe('****************MPLE');

        // registered two minutes ago, tested a minute ago
        const testedAt = new Date(Date.now() - 60_000);
        await knex('s3_resources')
          .where({ id })
          .update({
            secret_changed_at: new Date(Date.now() - 120_000),
            last_test_status: 'warn',
            last_tested_at: testedAt,
            last_test_run_id: 'run-before',
          });
        const before = await request(server)
          .get(`/api/s3-resources/resources/${id}`)
          .set(asUser());
        expect(before.body.status).toEqual({
          lastTest: {
            status: 'warn',
            at: testedAt.toISOString(),
            runId: 'run-before',
          },
        });

        const rotated = await request(server)
          .patch(`/api/s3-resources/resources/${id}`)
          .set(asUser())
          .send({
            version: before.body.version,
            auth: {
              method: 'access-key',
              accessKeyId: before.body.auth.accessKeyId,
              secretAccessKey: `${SECRET}-rotated`,
            },
          });
        expect(rotated.status).toBe(200);
        expect(rotated.body.auth.accessKeyId).toBe('AKIAIOSFODNN7EXAMPLE');
        expect(rotated.body.status.lastTest).toEqual({
          status: 'warn',
          at: testedAt.toISOString(),
          runId: 'run-before',
          beforeCredentialsChange: true,
        });

        // a settings change without new credentials keeps the marker as it is
        const listed = await request(server)
          .get('/api/s3-resources/resources')
          .set(asUser('bob'));
        expect(listed.body.items[0].status.lastTest).toMatchObject({
          beforeCredentialsChange: true,
        });

        // a test after the change speaks for the credentials again
        await knex('s3_resources')
          .where({ id })
          .update({ last_tested_at: new Date(Date.now() + 1000) });
        const after = await request(server)
          .get(`/api/s3-resources/resources/${id}`)
          .set(asUser());
        expect(
          after.body.status.lastTest.beforeCredentialsChange,
        ).toBeUndefined();
      } finally {
        await stop();
      }
    });
  });
});
