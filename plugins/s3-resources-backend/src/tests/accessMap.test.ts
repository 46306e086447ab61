import { mockServices } from '@backstage/backend-test-utils';
import { createTestDatabases } from '@internal/s3-test-harness';
import {
  AuthorizeResult,
  ConditionalPolicyDecision,
  isResourcePermission,
} from '@backstage/plugin-permission-common';
import {
  ResourceAccessMap,
  TestRun,
  s3AuditReadPermission,
  s3ResourceReadPermission,
  s3ResourceUpdatePermission,
} from '@s3-resources/plugin-s3-resources-common';
import { s3ResourceConditions } from '@s3-resources/plugin-s3-resources-node';
import { Knex } from 'knex';
import request from 'supertest';
import { FindingStore } from '../database/FindingStore';
import { ResourceStore } from '../database/ResourceStore';
import { TestRunStore } from '../database/TestRunStore';
import { accessMapOf } from '../service/accessFindings';
import { computeFindings } from '../service/findingRules';
import { asUser, startPluginBackend } from '../__testUtils__/testBackend';

jest.setTimeout(120_000);

const API = '/api/s3-resources';
const OTHER = 'arn:aws:iam:::user/other';

const idOf = (n: number) =>
  `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

/** bucket-1 (team-a, read-only, tested), bucket-2 (team-a, never tested), bucket-3 (team-b). */
async function insertResources(knex: Knex) {
  const at = new Date('2026-11-28T00:00:00.000Z');
  await knex('s3_resources').insert(
    [
      { n: 1, owner: 'group:default/team-a' },
      { n: 2, owner: 'group:default/team-a' },
      { n: 3, owner: 'group:default/team-b' },
    ].map(({ n, owner }) => ({
      id: idOf(n),
      name: `bucket-${n}`,
      provider: 'ceph-rgw',
      bucket: `bucket-${n}`,
      region: 'us-east-1',
      owner,
      settings: JSON.stringify({
        endpoint: 'http://127.0.0.1:7480',
        tags: [],
        forcePathStyle: true,
        defaultAcl: 'none',
        accessLevel: 'read',
        cors: { origins: [], uploadMode: 'download-only' },
      }),
      auth_method: 'access-key',
      auth: JSON.stringify({
        method: 'access-key',
        accessKeyId: 'AKIAEXAMPLEKEY0001',
      }),
      version: 1,
      created_at: at,
      created_by: 'user:default/alice',
      updated_at: at,
      updated_by: 'user:default/alice',
    })),
  );
}

const run: TestRun = {
  id: 'run-1',
  status: 'pass',
  startedAt: '2026-12-07T10:00:00.000Z',
  durationMs: 100,
  initiatedBy: 'plugin:s3-resources',
  steps: [
    {
      id: 'bucket-policy',
      title: 'Bucket policy',
      status: 'pass',
      durationMs: 1,
      message: 'The bucket policy has 1 statement',
      observed: {
        bucketPolicy: {
          Version: '2012-10-17',
          Statement: [
            {
              Sid: 'OtherWrites',
              Effect: 'Allow',
              Principal: { AWS: [OTHER] },
              Action: ['s3:PutObject'],
              Resource: ['arn:aws:s3:::bucket-1/*'],
            },
          ],
        },
      },
    },
    {
      id: 'bucket-acl',
      title: 'Bucket ACL',
      status: 'skipped',
      durationMs: 1,
      message:
        'Unknown: GetBucketAcl was denied (grant s3:GetBucketAcl; the generated IAM policy lists it)',
    },
  ],
};

/**
 * alice owns team-a's resources (read and update them); bob reads every
 * resource and updates none; carol is the platform group (s3.audit.read)
 * and reads every resource.
 */
function permissions() {
  const teamA: ConditionalPolicyDecision = {
    result: AuthorizeResult.CONDITIONAL,
    pluginId: 's3-resources',
    resourceType: 's3-resource',
    conditions: s3ResourceConditions.isResourceOwner({
      claims: ['group:default/team-a'],
    }),
  };
  const userOf = (credentials: any) =>
    String(credentials?.principal?.userEntityRef ?? '');
  return mockServices.permissions.mock({
    authorize: async (requests, options) =>
      requests.map(({ permission }) => ({
        result:
          permission.name === s3AuditReadPermission.name &&
          !userOf(options?.credentials).endsWith('/carol')
            ? AuthorizeResult.DENY
            : AuthorizeResult.ALLOW,
      })),
    authorizeConditional: async (requests, options) =>
      requests.map(({ permission }) => {
        const user = userOf(options?.credentials);
        if (!isResourcePermission(permission)) {
          return { result: AuthorizeResult.ALLOW };
        }
        if (user.endsWith('/alice')) return teamA;
        if (user.endsWith('/bob')) {
          return permission.name === s3ResourceReadPermission.name
            ? { result: AuthorizeResult.ALLOW }
            : { result: AuthorizeResult.DENY };
        }
        if (user.endsWith('/carol')) {
          return permission.name === s3ResourceUpdatePermission.name
            ? { result: AuthorizeResult.DENY }
            : { result: AuthorizeResult.ALLOW };
        }
        return { result: AuthorizeResult.DENY };
      }),
  });
}

describe('access maps over the API', () => {
  const databases = createTestDatabases();

  describe.each(databases.eachSupportedId())('on %p', databaseId => {
    let knex: Knex;
    beforeEach(async () => {
      knex = await databases.init(databaseId);
    });

    async function seed() {
      await insertResources(knex);
      await TestRunStore.create(knex).record({ ...run, resourceId: idOf(1) });
      const row = (await knex('s3_resources').where({ id: idOf(1) }))[0];
      expect(row.last_test_run_id).toBe('run-1');
      // the sweep's judgement of that run, as it would store it
      const stored = await ResourceStore.create(knex).get(idOf(1));
      const verdict = computeFindings({
        row: stored,
        test: { run },
        catalog: { ownerExists: true },
        now: new Date(),
        maxAccessKeyAgeDays: 90,
      });
      await FindingStore.create(knex).replaceForResource(
        idOf(1),
        verdict.findings,
        { id: 'sweep-1', seenAt: new Date().toISOString() },
      );
      expect(accessMapOf(stored, run).rows.length).toBeGreaterThan(2);
    }

    it("shows the owner another user's write with its statement, the finding, and unknown where the ACL was not read", async () => {
      const { server, stop } = await startPluginBackend({
        knex,
        features: [permissions().factory],
      });
      try {
        await seed();
        const res = await request(server)
          .get(`${API}/resources/${idOf(1)}/access`)
          .set(asUser('alice'));
        expect(res.status).toBe(200);
        const { map, findings } = res.body as ResourceAccessMap;
        expect(map).toMatchObject({
          resourceName: 'bucket-1',
          owner: 'group:default/team-a',
          accessLevel: 'read',
          levelCategories: ['read', 'list'],
          portal: {
            id: '**************0001',
            description: 'access key **************0001',
          },
          run: { id: 'run-1', startedAt: '2026-12-07T10:00:00.000Z' },
          inputs: {
            bucketPolicy: { state: 'read' },
            bucketAcl: {
              state: 'unknown',
              detail: expect.stringContaining('GetBucketAcl was denied'),
            },
          },
        });
        expect(JSON.stringify(res.body)).not.toContain('AKIAEXAMPLEKEY0001');
        const other = map.rows.find(r => r.principal.id === OTHER)!;
        expect(other.principal.kind).toBe('iam-user');
        const cells = Object.fromEntries(other.cells.map(c => [c.category, c]));
        expect(cells.write).toMatchObject({
          state: 'granted',
          sources: [{ label: 'statement "OtherWrites"', via: 'bucket-policy' }],
        });
        // the ACL could have granted the rest: unknown, not "no access"
        expect(cells.delete.state).toBe('unknown');
        expect(cells.read.state).toBe('not-granted');
        expect(findings.map(f => f.kind)).toContain('access-beyond-level');
        expect(
          findings.find(f => f.kind === 'access-beyond-level')!.message,
        ).toContain('statement "OtherWrites"');

        // never tested: everything the bucket could grant is unknown
        const untested = await request(server)
          .get(`${API}/resources/${idOf(2)}/access`)
          .set(asUser('alice'));
        expect(untested.status).toBe(200);
        const everyone = untested.body.map.rows.find(
          (r: any) => r.principal.kind === 'public',
        );
        expect(everyone.cells.map((c: any) => c.state)).toEqual(
          Array(5).fill('unknown'),
        );
        expect(untested.body.map.run).toBeUndefined();
      } finally {
        await stop();
      }
    });

    it('reads no test that predates a change of the bucket: every cell the bucket could grant is unknown', async () => {
      const { server, stop } = await startPluginBackend({
        knex,
        features: [permissions().factory],
      });
      try {
        await seed();
        const mapOf = async () => {
          const res = await request(server)
            .get(`${API}/resources/${idOf(1)}/access`)
            .set(asUser('alice'));
          expect(res.status).toBe(200);
          return (res.body as ResourceAccessMap).map;
        };
        // a change that keeps the bucket keeps the test (the seeded row has no secret yet)
        const titled = await request(server)
          .patch(`${API}/resources/${idOf(1)}`)
          .set(asUser('alice'))
          .send({
            version: 1,
            title: 'Renamed',
            auth: {
              method: 'access-key',
              accessKeyId: 'AKIAEXAMPLEKEY0001',
              secretAccessKey: 'not-a-real-secret',
            },
          });
        expect(titled.status).toBe(200);
        expect((await mapOf()).inputs.bucketPolicy.state).toBe('read');

        const moved = await request(server)
          .patch(`${API}/resources/${idOf(1)}`)
          .set(asUser('alice'))
          .send({
            version: titled.body.version,
            bucket: 'bucket-9',
            auth: {
              method: 'access-key',
              accessKeyId: 'AKIAEXAMPLEKEY0001',
              secretAccessKey: 'not-a-real-secret',
            },
          });
        expect(moved.body.error?.message).toBeUndefined();
        expect(moved.status).toBe(200);
        const map = await mapOf();
        expect(map.inputs.bucketPolicy).toEqual({
          state: 'unknown',
          detail: expect.stringContaining('changed on'),
        });
        expect(map.inputs.bucketPolicy.detail).toContain(
          'after the last connection test (of 2026-12-07T10:00:00.000Z)',
        );
        const everyone = map.rows.find(r => r.principal.kind === 'public')!;
        expect(everyone.cells.map(c => c.state)).toEqual(
          Array(5).fill('unknown'),
        );
        expect(map.rows.find(r => r.principal.id === OTHER)).toBeUndefined();
      } finally {
        await stop();
      }
    });

    it('keeps a map to those who may update the resource and the platform group', async () => {
      const { server, stop } = await startPluginBackend({
        knex,
        features: [permissions().factory],
      });
      try {
        await seed();
        const get = (user: string, n: number) =>
          request(server)
            .get(`${API}/resources/${idOf(n)}/access`)
            .set(asUser(user));
        // a reader who may not update it: refused, and told why
        const bob = await get('bob', 1);
        expect(bob.status).toBe(403);
        expect(bob.body.error.message).toMatch(/s3\.resource\.update/);
        // one who may not read it: it does not exist for them
        const hidden = await get('alice', 3);
        expect(hidden.status).toBe(404);
        expect(hidden.body.error.name).toBe('NotFoundError');
        // the platform group sees every map without the right to update
        expect((await get('carol', 3)).status).toBe(200);
        expect((await get('carol', 1)).status).toBe(200);
        // an unknown id is 404 for everyone
        expect((await get('carol', 9)).status).toBe(404);
      } finally {
        await stop();
      }
    });

    it('exports the fleet for the platform group, one row per resource, principal and action, audited', async () => {
      const { server, stop, auditor } = await startPluginBackend({
        knex,
        features: [permissions().factory],
      });
      try {
        await seed();
        for (const format of ['', '?format=csv', '?format=ndjson']) {
          const refused = await request(server)
            .get(`${API}/audit/access${format}`)
            .set(asUser('alice'));
          expect(refused.status).toBe(403);
        }
        const summary = await request(server)
          .get(`${API}/audit/access`)
          .set(asUser('carol'));
        expect(summary.status).toBe(200);
        expect(summary.body).toMatchObject({
          resources: 3,
          untested: 2,
          beyondLevel: 1,
        });
        expect(summary.body.byState.unknown).toBeGreaterThan(0);

        const ndjson = await request(server)
          .get(`${API}/audit/access?format=ndjson`)
          .set(asUser('carol'));
        expect(ndjson.status).toBe(200);
        const rows = ndjson.text
          .trim()
          .split('\n')
          .map(line => JSON.parse(line));
        const write = rows.find(
          r => r.principal === `IAM user ${OTHER}` && r.action === 'write',
        );
        expect(write).toMatchObject({
          resourceName: 'bucket-1',
          state: 'granted',
          beyondLevel: true,
          sources: 'statement "OtherWrites"',
          testedAt: '2026-12-07T10:00:00.000Z',
        });
        // resources × principals × 5 actions
        expect(rows.length % 5).toBe(0);
        expect(new Set(rows.map(r => r.resourceName)).size).toBe(3);

        const csv = await request(server)
          .get(`${API}/audit/access?format=csv`)
          .set(asUser('carol'));
        const lines = csv.text.trim().split('\n');
        expect(lines[0]).toBe(
          'resourceName,owner,bucket,accessLevel,principal,principalKind,action,state,beyondLevel,sources,reason,testedAt,resourceId',
        );
        expect(lines).toHaveLength(rows.length + 1);
        const exported = () =>
          auditor.events.filter(
            e => e.eventId === 'access-export' && e.outcome,
          );
        for (let i = 0; i < 100 && exported().length < 4; i++) {
          await new Promise(r => setTimeout(r, 20));
        }
        // alice's two refused downloads are audited as failures
        expect(
          exported()
            .map(e => String(e.outcome))
            .sort(),
        ).toEqual(['fail', 'fail', 'success', 'success']);
      } finally {
        await stop();
      }
    });
  });
});
