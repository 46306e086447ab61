import { mockServices } from '@backstage/backend-test-utils';
import { createTestDatabases } from '@internal/s3-test-harness';
import {
  AuthorizeResult,
  ConditionalPolicyDecision,
  isResourcePermission,
} from '@backstage/plugin-permission-common';
import {
  s3ResourceReadPermission,
  s3ResourceUpdatePermission,
} from '@s3-resources/plugin-s3-resources-common';
import { s3ResourceConditions } from '@s3-resources/plugin-s3-resources-node';
import { Knex } from 'knex';
import request from 'supertest';
import { asUser, startPluginBackend } from '../__testUtils__/testBackend';

jest.setTimeout(120_000);

const ROWS = 50;

/** Assume-role rows, every other one owned by team-a (whose members may edit). */
async function insertAssumeRoleRows(knex: Knex) {
  const at = new Date('2026-11-28T00:00:00.000Z');
  await knex('s3_resources').insert(
    Array.from({ length: ROWS }, (_, i) => {
      const n = String(i).padStart(3, '0');
      return {
        id: `00000000-0000-4000-8000-000000000${n}`,
        name: `role-${n}`,
        provider: 'aws',
        bucket: `role-bucket-${n}`,
        region: 'us-east-1',
        owner: i % 2 ? 'group:default/team-b' : 'group:default/team-a',
        // complete settings, as the API stores them
        settings: JSON.stringify({
          tags: [],
          forcePathStyle: false,
          defaultAcl: 'none',
          accessLevel: 'read',
          cors: { origins: [], uploadMode: 'download-only' },
        }),
        auth_method: 'assume-role',
        auth: JSON.stringify({
          method: 'assume-role',
          roleArn: `arn:aws:iam::111122223333:role/r-${n}`,
          externalId: `s3r-external-id-of-row-${n}`,
          source: { method: 'aws-account', accountId: '111122223333' },
        }),
        version: 1,
        created_at: at,
        created_by: 'user:default/alice',
        updated_at: at,
        updated_by: 'user:default/alice',
      };
    }),
  );
}

describe('listing resources', () => {
  const databases = createTestDatabases();

  describe.each(databases.eachSupportedId())('on %p', databaseId => {
    it('asks the permission framework once per request, not once per row', async () => {
      const knex = await databases.init(databaseId);
      // everyone reads everything; team-a's members may edit team-a's resources
      const mayEdit: ConditionalPolicyDecision = {
        result: AuthorizeResult.CONDITIONAL,
        pluginId: 's3-resources',
        resourceType: 's3-resource',
        conditions: s3ResourceConditions.isResourceOwner({
          claims: ['group:default/team-a'],
        }),
      };
      const permissions = mockServices.permissions.mock({
        authorize: async requests =>
          requests.map(() => ({ result: AuthorizeResult.ALLOW })),
        authorizeConditional: async requests =>
          requests.map(({ permission }) =>
            isResourcePermission(permission) &&
            permission.name === s3ResourceUpdatePermission.name
              ? mayEdit
              : { result: AuthorizeResult.ALLOW },
          ),
      });
      const { server, stop } = await startPluginBackend({
        knex,
        features: [permissions.factory],
      });
      try {
        await insertAssumeRoleRows(knex);
        permissions.authorize.mockClear();
        permissions.authorizeConditional.mockClear();

        const res = await request(server)
          .get('/api/s3-resources/resources')
          .query({ limit: 100 })
          .set(asUser());
        expect(res.status).toBe(200);
        expect(res.body.items).toHaveLength(ROWS);

        const asked = [
          ...permissions.authorize.mock.calls,
          ...permissions.authorizeConditional.mock.calls,
        ];
        expect(asked).toHaveLength(1);
        expect(
          asked[0][0].map(({ permission }) => permission.name).sort(),
        ).toEqual(
          [
            s3ResourceReadPermission.name,
            s3ResourceUpdatePermission.name,
          ].sort(),
        );
        // the one decision still judges each row: the ExternalId only where the caller may edit
        for (const item of res.body.items) {
          expect([item.owner, 'externalId' in item.auth]).toEqual([
            item.owner,
            item.owner === 'group:default/team-a',
          ]);
        }
      } finally {
        await stop();
      }
    });
  });
});
