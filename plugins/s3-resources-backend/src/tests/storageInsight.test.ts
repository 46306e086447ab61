import { mockServices } from '@backstage/backend-test-utils';
import { createTestDatabases } from '@internal/s3-test-harness';
import {
  AuthorizeResult,
  ConditionalPolicyDecision,
  isResourcePermission,
} from '@backstage/plugin-permission-common';
import {
  FleetStorage,
  StorageSample,
  s3AuditReadPermission,
  s3ResourceReadPermission,
} from '@s3-resources/plugin-s3-resources-common';
import { s3ResourceConditions } from '@s3-resources/plugin-s3-resources-node';
import { Knex } from 'knex';
import request from 'supertest';
import { FindingStore } from '../database/FindingStore';
import { StorageStore } from '../database/StorageStore';
import { asUser, startPluginBackend } from '../__testUtils__/testBackend';

jest.setTimeout(120_000);

const API = '/api/s3-resources';
const DAY = 86_400_000;
const GiB = 1024 ** 3;

const idOf = (n: number) =>
  `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

/** Three resources: two of team-a (one on AWS), one of team-b. */
async function insertResources(knex: Knex) {
  const at = new Date('2026-11-28T00:00:00.000Z');
  const rows = [
    { n: 1, owner: 'group:default/team-a', provider: 'ceph-rgw' },
    { n: 2, owner: 'group:default/team-a', provider: 'aws' },
    { n: 3, owner: 'group:default/team-b', provider: 'ceph-rgw' },
  ];
  await knex('s3_resources').insert(
    rows.map(({ n, owner, provider }) => ({
      id: idOf(n),
      name: `bucket-${n}`,
      provider,
      bucket: `bucket-${n}`,
      region: 'us-east-1',
      owner,
      settings: JSON.stringify({
        tags: [],
        forcePathStyle: false,
        defaultAcl: 'none',
        accessLevel: 'read',
        cors: { origins: [], uploadMode: 'download-only' },
      }),
      auth_method: 'access-key',
      auth: JSON.stringify({
        method: 'access-key',
        accessKeyId: 'AKIAEXAMPLE',
      }),
      version: 1,
      created_at: at,
      created_by: 'user:default/alice',
      updated_at: at,
      updated_by: 'user:default/alice',
    })),
  );
}

const sample = (
  takenAt: Date,
  bytes: number,
  extra: Partial<StorageSample> = {},
): StorageSample => ({
  objects: Math.round(bytes / 1024),
  bytes,
  byStorageClass: [{ storageClass: 'STANDARD', objects: 1, bytes }],
  incompleteUploads: { count: 0, bytes: 0 },
  unknown: [],
  startedAt: new Date(takenAt.getTime() - 60_000).toISOString(),
  takenAt: takenAt.toISOString(),
  complete: true,
  keysScanned: 10,
  ...extra,
});

/** Everyone reads team-a's resources only; the audit permission as given. */
function permissionsWith(audit: boolean) {
  const readTeamA: ConditionalPolicyDecision = {
    result: AuthorizeResult.CONDITIONAL,
    pluginId: 's3-resources',
    resourceType: 's3-resource',
    conditions: s3ResourceConditions.isResourceOwner({
      claims: ['group:default/team-a'],
    }),
  };
  return mockServices.permissions.mock({
    authorize: async requests =>
      requests.map(({ permission }) => ({
        result:
          permission.name === s3AuditReadPermission.name && !audit
            ? AuthorizeResult.DENY
            : AuthorizeResult.ALLOW,
      })),
    authorizeConditional: async requests =>
      requests.map(({ permission }) =>
        isResourcePermission(permission) &&
        permission.name === s3ResourceReadPermission.name
          ? readTeamA
          : { result: AuthorizeResult.ALLOW },
      ),
  });
}

describe('storage figures and the fleet view', () => {
  const databases = createTestDatabases();

  describe.each(databases.eachSupportedId())('on %p', databaseId => {
    let knex: Knex;
    beforeEach(async () => {
      knex = await databases.init(databaseId);
    });

    async function seed() {
      await insertResources(knex);
      const storage = StorageStore.create(knex);
      const now = Date.now();
      // bucket-1 grew by 1 GiB in the last 10 days
      await storage.recordSample(
        idOf(1),
        sample(new Date(now - 10 * DAY), 2 * GiB),
      );
      await storage.recordSample(
        idOf(1),
        sample(new Date(now - 60_000), 3 * GiB, {
          incompleteUploads: {
            count: 2,
            bytes: 50 * 1024 ** 2,
            oldestInitiated: new Date(now - 20 * DAY).toISOString(),
          },
        }),
      );
      // bucket-2's credentials may not list its uploads: unknown, not none
      await storage.recordSample(
        idOf(2),
        sample(new Date(now - 60_000), GiB, {
          unknown: [
            {
              figure: 'incompleteUploads',
              reason:
                'ListMultipartUploads was denied: grant s3:ListBucketMultipartUploads',
            },
          ],
        }),
      );
      // bucket-3 is larger and wastes noncurrent versions
      await storage.recordSample(
        idOf(3),
        sample(new Date(now - 60_000), 5 * GiB, {
          noncurrentVersions: { count: 7, bytes: GiB },
        }),
      );
      await FindingStore.create(knex).replaceForResource(
        idOf(1),
        [
          {
            kind: 'incomplete-uploads-no-abort',
            severity: 'medium',
            message: 'm',
            fix: 'f',
          },
        ],
        { id: 'sweep-1', seenAt: new Date(now).toISOString() },
      );
    }

    it('sums the fleet by owner and provider, ranks size, growth and waste, and exports a row per resource', async () => {
      const { server, stop, auditor } = await startPluginBackend({
        knex,
        features: [permissionsWith(true).factory],
      });
      try {
        await seed(); // the plugin's migrations ran at its start
        const month = await request(server)
          .get(`${API}/audit/storage?periodDays=30`)
          .set(asUser());
        expect(month.status).toBe(200);
        const fleet = month.body as FleetStorage;
        expect(fleet.totals).toMatchObject({
          resources: 3,
          scanned: 3,
          bytes: 9 * GiB,
          wasteBytes: 50 * 1024 ** 2 + GiB,
          mediumFindings: 1,
        });
        expect(fleet.byOwner.map(g => [g.key, g.resources, g.bytes])).toEqual([
          ['group:default/team-b', 1, 5 * GiB],
          ['group:default/team-a', 2, 4 * GiB],
        ]);
        expect(fleet.byProvider.map(g => [g.key, g.scanned])).toEqual([
          ['ceph-rgw', 2],
          ['aws', 1],
        ]);
        expect(fleet.largest.map(r => r.resourceName)).toEqual([
          'bucket-3',
          'bucket-1',
          'bucket-2',
        ]);
        // what the scan could not count is left out and named, never zero
        const partial = fleet.largest[2];
        expect(partial.unknownFigures).toEqual(['incompleteUploads']);
        expect(partial.incompleteUploads).toBeUndefined();
        expect(partial.wasteBytes).toBeUndefined();
        expect(partial.bytes).toBe(GiB);
        expect(
          fleet.fastestGrowing.map(r => [r.resourceName, r.growthBytes]),
        ).toEqual([['bucket-1', GiB]]);
        expect(fleet.waste.map(r => r.resourceName)).toEqual([
          'bucket-3',
          'bucket-1',
        ]);

        // a week back there is no earlier scan to grow from
        const week = await request(server)
          .get(`${API}/audit/storage`)
          .set(asUser());
        expect(week.body.periodDays).toBe(7);
        expect(week.body.fastestGrowing).toEqual([]);

        const csv = await request(server)
          .get(`${API}/audit/storage?format=csv&periodDays=30`)
          .set(asUser());
        expect(csv.status).toBe(200);
        const lines = csv.text.trim().split('\n');
        expect(lines).toHaveLength(4);
        expect(lines.find(l => l.includes('"bucket-2"'))).toContain(
          '"incompleteUploads"',
        );
        expect(lines[0]).toMatch(/^resourceName,owner,provider,bucket,/);
        expect(lines[1]).toContain(`"bucket-1","group:default/team-a"`);
        expect(lines[1]).toContain(`"${3 * GiB}"`);
        // the export's audit event ends once the stream has
        const exported = () =>
          auditor.events.find(
            e => e.eventId === 'fleet-storage-export' && e.outcome,
          );
        for (let i = 0; i < 100 && !exported(); i++) {
          await new Promise(r => setTimeout(r, 20));
        }
        expect(exported()?.outcome).toBe('success');
      } finally {
        await stop();
      }
    });

    it('keeps the fleet to the audit permission, and a resource’s figures to those who may read it', async () => {
      const { server, stop } = await startPluginBackend({
        knex,
        features: [permissionsWith(false).factory],
      });
      try {
        await seed();
        for (const format of ['', '?format=csv']) {
          const res = await request(server)
            .get(`${API}/audit/storage${format}`)
            .set(asUser('bob'));
          expect([res.status, res.body.error?.message]).toEqual([
            403,
            expect.stringContaining('s3.audit.read'),
          ]);
        }
        // team-a's resource: readable, with its history
        const own = await request(server)
          .get(`${API}/resources/${idOf(1)}/storage`)
          .set(asUser('bob'));
        expect(own.status).toBe(200);
        expect(own.body.latest.bytes).toBe(3 * GiB);
        expect(own.body.history).toHaveLength(2);
        // team-b's: as if it did not exist
        for (const path of ['storage', 'configuration']) {
          const other = await request(server)
            .get(`${API}/resources/${idOf(3)}/${path}`)
            .set(asUser('bob'));
          expect(other.status).toBe(404);
        }
      } finally {
        await stop();
      }
    });

    it('names the field and the rule of a bad period', async () => {
      const { server, stop } = await startPluginBackend({ knex });
      try {
        for (const bad of ['0', '91', 'week']) {
          const res = await request(server)
            .get(`${API}/audit/storage?periodDays=${bad}`)
            .set(asUser());
          expect([res.status, res.body.error.message]).toEqual([
            400,
            expect.stringContaining(
              'periodDays: must be a whole number from 1 to 90',
            ),
          ]);
        }
      } finally {
        await stop();
      }
    });
  });
});
