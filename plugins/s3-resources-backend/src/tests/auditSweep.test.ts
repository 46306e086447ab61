// Over 400 lines: every finding kind end to end, on one seeded backend.
import {
  PutBucketCorsCommand,
  PutPublicAccessBlockCommand,
} from '@aws-sdk/client-s3';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  TestBucket,
  createTestBucket,
  createTestDatabases,
  getTestS3,
  requireEnforcingServer,
  s3ClientFor,
} from '@internal/s3-test-harness';
import {
  AuditFinding,
  CorsRule,
  generateCorsConfiguration,
} from '@s3-resources/plugin-s3-resources-common';
import { Knex } from 'knex';
import request from 'supertest';
import {
  LOCAL_TEST_ENDPOINTS,
  TEST_KEYS,
  asUser,
  startPluginBackend,
} from '../__testUtils__/testBackend';

jest.setTimeout(180_000);

const API = '/api/s3-resources';
const APP = 'http://localhost:3000';

const entity = (kind: string, name: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind,
  metadata: { name, namespace: 'default' },
  spec: {},
});

/** What the catalog knows: teams a and b and the payments system; no "ghosts" group. */
const CATALOG = [
  entity('Group', 'team-a'),
  entity('Group', 'team-b'),
  entity('System', 'payments'),
];

function resourceBody(
  name: string,
  bucket: string,
  extra: Record<string, unknown> = {},
) {
  const tester = getTestS3().users.tester;
  return {
    name,
    owner: 'group:default/team-a',
    provider: 'ceph-rgw',
    bucket,
    endpoint: getTestS3().endpoint,
    auth: {
      method: 'access-key',
      accessKeyId: tester.accessKeyId,
      secretAccessKey: tester.secretAccessKey,
    },
    ...extra,
  };
}

/** The generated CORS rule for a bucket and origins (download-only). */
function corsRule(bucket: string, origins: string[]): CorsRule {
  return generateCorsConfiguration({
    bucket,
    origins,
    uploadMode: 'download-only',
  }).configuration.CORSRules[0];
}

async function start(knex: Knex) {
  return startPluginBackend({
    knex,
    config: {
      s3Resources: {
        encryption: { keys: [{ id: 'k1', secret: TEST_KEYS.k1 }] },
        endpoints: { allow: [LOCAL_TEST_ENDPOINTS] },
        audit: { concurrency: 3, maxAccessKeyAgeDays: 90 },
      },
    },
    features: [catalogServiceMock.factory({ entities: CATALOG })],
  });
}

const ADVICE_ON_EVERY_BUCKET = [
  'versioning-off',
  'lifecycle-drift',
  'access-key-shared',
];

describe('audit sweep against Ceph RGW', () => {
  const databases = createTestDatabases();
  const buckets: TestBucket[] = [];

  beforeAll(() => {
    requireEnforcingServer('the audit sweep tests');
  });

  afterAll(async () => {
    await Promise.all(buckets.map(b => b.cleanup()));
  });

  async function bucket(prefix: string) {
    const b = await createTestBucket(prefix);
    buckets.push(b);
    return b.bucket;
  }

  describe.each(databases.eachSupportedId())('on %p', databaseId => {
    async function setup() {
      const knex = await databases.init(databaseId);
      const backend = await start(knex);
      const { server } = backend;
      const create = async (body: object) => {
        const res = await request(server)
          .post(`${API}/resources`)
          .set(asUser('alice'))
          .send(body);
        expect([res.status, res.body.error?.message]).toEqual([201, undefined]);
        return res.body as { id: string; version: number };
      };
      const sweep = async () => {
        const res = await request(server)
          .post(`${API}/audit/sweep`)
          .set(asUser('carol'));
        expect(res.status).toBe(202);
        expect(res.body).toEqual({
          taskId: 's3-resources:audit-sweep',
          status: 'triggered',
        });
        const runs = await request(server)
          .get(`${API}/audit/sweeps`)
          .query({ limit: 1 })
          .set(asUser('carol'));
        return runs.body.items[0];
      };
      const findings = async (resourceId: string) => {
        const res = await request(server)
          .get(`${API}/findings`)
          .query({ resourceId })
          .set(asUser('carol'));
        expect(res.status).toBe(200);
        return res.body.items as AuditFinding[];
      };
      // Every fresh test bucket has versioning off and none of the generated
      // lifecycle rules; those kinds are judged in inspectionSteps.rgw.test.ts
      // and configurationFindings.test.ts, and left out here. So is the key
      // every resource here shares (credentialHygiene.test.ts).
      const kinds = async (resourceId: string) =>
        (await findings(resourceId))
          .filter(f => !ADVICE_ON_EVERY_BUCKET.includes(f.kind))
          .map(f => `${f.kind}:${f.severity}`)
          .sort();
      return { knex, ...backend, create, sweep, findings, kinds };
    }

    it('finds CORS drift, public ACLs and access block, wildcard origins and failing tests; fixes on the bucket resolve them', async () => {
      const { knex, server, auditor, create, sweep, findings, kinds } =
        await setup();
      const shared = await bucket('audit-shared');
      const wild = await bucket('audit-wild');
      const media = await create(resourceBody('audit-media', shared));
      const pub = await create(
        resourceBody('audit-public', shared, {
          prefix: 'public/',
          defaultAcl: 'public-read',
        }),
      );
      const wildcard = await create(
        resourceBody('audit-wildcard', wild, { cors: { origins: ['*'] } }),
      );
      const missing = await create(
        resourceBody('audit-missing', `${shared}-missing`),
      );

      const first = await sweep();
      expect(first).toMatchObject({
        outcome: 'success',
        resourcesChecked: 4,
        instanceId: expect.stringMatching(/^.+:\d+:[0-9a-f]{8}$/),
      });
      // Ceph RGW answers GetBucketEncryption with nothing: unknown, not a finding.
      expect(await kinds(media.id)).toEqual([
        'cors-drift:medium',
        'public-access-block-off:low',
      ]);
      expect(await kinds(pub.id)).toEqual([
        'cors-drift:medium',
        'public-access-block-off:medium',
        'public-acl:high',
      ]);
      expect(await kinds(wildcard.id)).toEqual([
        'cors-drift:medium',
        'cors-wildcard-origin:medium',
        'public-access-block-off:low',
      ]);
      expect(await kinds(missing.id)).toEqual(['test-failing:high']);
      // the advice left out above is there, and unknown where RGW cannot say
      expect(
        (await findings(media.id))
          .filter(f => ADVICE_ON_EVERY_BUCKET.includes(f.kind))
          .map(f => f.kind)
          .sort(),
      ).toEqual(['access-key-shared', 'lifecycle-drift', 'versioning-off']);
      const [drift] = (await findings(media.id)).filter(
        f => f.kind === 'cors-drift',
      );
      expect(drift.message).toBe(
        `Bucket ${shared} has no CORS rules: browsers on ${APP} cannot download from it`,
      );
      expect(drift.fix).toContain(
        `aws s3api put-bucket-cors --bucket ${shared} --cors-configuration`,
      );
      expect(drift.firstSeenAt).toBe(first.startedAt);
      const [failing] = await findings(missing.id);
      expect(failing.message).toContain('fails at Bucket reachable');
      const publicFinding = (await findings(pub.id)).find(
        f => f.kind === 'public-acl',
      )!;

      // Fix the bucket as the findings say: generated CORS, access block on.
      const admin = s3ClientFor('tester');
      try {
        await admin.send(
          new PutBucketCorsCommand({
            Bucket: shared,
            CORSConfiguration: { CORSRules: [corsRule(shared, [APP])] },
          }),
        );
        await admin.send(
          new PutBucketCorsCommand({
            Bucket: wild,
            CORSConfiguration: { CORSRules: [corsRule(wild, ['*'])] },
          }),
        );
        await admin.send(
          new PutPublicAccessBlockCommand({
            Bucket: shared,
            PublicAccessBlockConfiguration: {
              BlockPublicAcls: true,
              IgnorePublicAcls: true,
              BlockPublicPolicy: true,
              RestrictPublicBuckets: true,
            },
          }),
        );
      } finally {
        admin.destroy();
      }

      const second = await sweep();
      expect(second.id).not.toBe(first.id);
      expect(await kinds(media.id)).toEqual([]);
      // BlockPublicAcls now refuses public-read uploads: the test fails, and says why
      expect(await kinds(pub.id)).toEqual([
        'public-acl:high',
        'test-failing:high',
      ]);
      const stillPublic = (await findings(pub.id)).find(
        f => f.kind === 'public-acl',
      )!;
      expect(stillPublic).toMatchObject({
        id: publicFinding.id,
        firstSeenAt: first.startedAt,
        lastSeenAt: second.startedAt,
        sweepId: second.id,
      });
      expect(
        (await findings(pub.id)).find(f => f.kind === 'test-failing')!.message,
      ).toContain('BlockPublicAcls');
      expect(await kinds(wildcard.id)).toEqual([
        'cors-wildcard-origin:medium',
        'public-access-block-off:low',
      ]);

      // A wildcard rule someone added on the bucket by hand shows too.
      const hand = s3ClientFor('tester');
      try {
        await hand.send(
          new PutBucketCorsCommand({
            Bucket: shared,
            CORSConfiguration: {
              CORSRules: [
                corsRule(shared, [APP]),
                {
                  AllowedOrigins: ['https://*.example.com'],
                  AllowedMethods: ['GET'],
                },
              ],
            },
          }),
        );
      } finally {
        hand.destroy();
      }
      await sweep();
      const live = (await findings(media.id)).find(
        f => f.kind === 'cors-wildcard-origin',
      );
      expect(live).toMatchObject({
        kind: 'cors-wildcard-origin',
        severity: 'low',
      });
      expect(live!.message).toContain(
        "The bucket's live CORS rules allow https://*.example.com",
      );

      // Each resource's sweep test is in its history, as the plugin.
      const history = await request(server)
        .get(`${API}/resources/${media.id}/tests`)
        .set(asUser('alice'));
      expect(history.body.items).toHaveLength(3);
      expect(history.body.items[0].initiatedBy).toBe('plugin:s3-resources');
      const stored = await knex('s3_resources').where({ id: media.id }).first();
      expect(stored.last_test_run_id).toBe(history.body.items[0].id);

      // Audited: each sweep by the plugin, each trigger by its user.
      const audit = await knex('s3_resource_audit')
        .whereIn('action', ['audit-sweep', 'audit-sweep-trigger'])
        .orderBy('seq');
      expect(audit.map(a => [a.actor, a.action, a.outcome])).toEqual(
        [1, 2, 3].flatMap(() => [
          ['plugin:s3-resources', 'audit-sweep', 'success'],
          ['user:default/carol', 'audit-sweep-trigger', 'success'],
        ]),
      );
      expect(
        auditor.events
          .filter(e => e.eventId === 'audit-sweep')
          .map(e => [e.severityLevel, e.outcome]),
      ).toEqual([
        ['medium', 'success'],
        ['medium', 'success'],
        ['medium', 'success'],
      ]);
      // No per-resource test events: the sweep is one event.
      expect(auditor.events.filter(e => e.eventId === 'resource-test')).toEqual(
        [],
      );
    });

    it('finds stale access keys, missing owners and systems, and write access nobody uses', async () => {
      const { knex, server, create, sweep, kinds } = await setup();
      const b = await bucket('audit-facts');
      const orphan = await create(
        resourceBody('audit-orphan', b, {
          prefix: 'orphan/',
          owner: 'group:default/ghosts',
          system: 'nowhere',
        }),
      );
      const owned = await create(
        resourceBody('audit-owned', b, {
          prefix: 'owned/',
          system: 'payments',
        }),
      );
      const writer = await create(
        resourceBody('audit-writer', b, {
          prefix: 'writer/',
          accessLevel: 'read-write',
        }),
      );
      const { secret_changed_at: setAt } = await knex('s3_resources')
        .where({ id: owned.id })
        .first();
      expect(Date.now() - new Date(setAt).getTime()).toBeLessThan(60_000);
      await knex('s3_resources')
        .where({ id: owned.id })
        .update({
          secret_changed_at: new Date(Date.now() - 100 * 24 * 3600_000),
        });

      await sweep();
      const without = (list: string[]) =>
        list.filter(
          k =>
            !k.startsWith('cors-drift') && !k.startsWith('public-access-block'),
        );
      expect(without(await kinds(orphan.id))).toEqual([
        'owner-missing:medium',
        'system-missing:low',
      ]);
      expect(without(await kinds(owned.id))).toEqual([
        'access-key-stale:medium',
      ]);
      expect(without(await kinds(writer.id))).toEqual([
        'access-broader-than-used:low',
      ]);

      // A new secret restarts the key's age; a write probe proves uploads are used.
      const tester = getTestS3().users.tester;
      const patched = await request(server)
        .patch(`${API}/resources/${owned.id}`)
        .set(asUser('alice'))
        .send({
          version: owned.version,
          auth: {
            method: 'access-key',
            accessKeyId: tester.accessKeyId,
            secretAccessKey: tester.secretAccessKey,
          },
        });
      expect(patched.status).toBe(200);
      const probe = await request(server)
        .post(`${API}/resources/${writer.id}/test`)
        .set(asUser('alice'))
        .send({ writeProbe: true });
      expect(
        probe.body.steps.find((s: { id: string }) => s.id === 'write'),
      ).toMatchObject({ status: 'pass' });

      await sweep();
      expect(without(await kinds(owned.id))).toEqual([]);
      expect(without(await kinds(writer.id))).toEqual([]);
      expect(without(await kinds(orphan.id))).toEqual([
        'owner-missing:medium',
        'system-missing:low',
      ]);
    });

    it('lists, filters, pages, counts and exports findings; lists sweep runs', async () => {
      const { server, auditor, create, sweep } = await setup();
      const b = await bucket('audit-api');
      // Five resources on buckets that do not exist, each with a key of its
      // own that the server does not know: one failing test each, plus a
      // public ACL on two of them.
      for (const i of [1, 2, 3, 4, 5]) {
        await create(
          resourceBody(`audit-api-${i}`, `${b}-gone-${i}`, {
            auth: {
              method: 'access-key',
              accessKeyId: `S3RAUDITAPIKEY00000${i}`,
              secretAccessKey: `not-a-secret-of-the-server-${i}`,
            },
            ...(i % 2 === 0 ? { defaultAcl: 'public-read' } : {}),
            ...(i === 5 ? { owner: 'group:default/team-b' } : {}),
          }),
        );
      }
      const run = await sweep();
      expect(run).toMatchObject({
        outcome: 'success',
        resourcesChecked: 5,
        findings: 7,
      });

      const all = await request(server)
        .get(`${API}/findings`)
        .set(asUser('carol'));
      expect(all.body.totalCount).toBe(7);
      // most severe first, then by resource name, then kind
      expect(
        all.body.items.map((f: AuditFinding) => `${f.resourceName}:${f.kind}`),
      ).toEqual([
        'audit-api-1:test-failing',
        'audit-api-2:public-acl',
        'audit-api-2:test-failing',
        'audit-api-3:test-failing',
        'audit-api-4:public-acl',
        'audit-api-4:test-failing',
        'audit-api-5:test-failing',
      ]);
      // cursor paging returns the same order, without gaps or repeats
      const seen: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await request(server)
          .get(`${API}/findings`)
          .query({ limit: 3, ...(cursor ? { cursor } : {}) })
          .set(asUser('carol'));
        expect(page.status).toBe(200);
        seen.push(...page.body.items.map((f: AuditFinding) => f.id));
        cursor = page.body.nextCursor;
      } while (cursor);
      expect(seen).toEqual(all.body.items.map((f: AuditFinding) => f.id));

      const filtered = await request(server)
        .get(`${API}/findings`)
        .query({ kind: 'public-acl', owner: 'group:default/team-a' })
        .set(asUser('carol'));
      expect(filtered.body.totalCount).toBe(2);
      const byOwner = await request(server)
        .get(`${API}/findings`)
        .query({ owner: 'group:default/TEAM-B', severity: 'high,medium' })
        .set(asUser('carol'));
      expect(
        byOwner.body.items.map((f: AuditFinding) => f.resourceName),
      ).toEqual(['audit-api-5']);
      for (const bad of [
        { severity: 'critical' },
        { kind: 'nope' },
        { limit: '0' },
        { cursor: 'garbage' },
        { format: 'xml' },
      ]) {
        const res = await request(server)
          .get(`${API}/findings`)
          .query(bad)
          .set(asUser('carol'));
        expect([bad, res.status]).toEqual([bad, 400]);
      }

      const summary = await request(server)
        .get(`${API}/findings/summary`)
        .set(asUser('carol'));
      expect(summary.body).toMatchObject({
        total: 7,
        resources: 5,
        bySeverity: { high: 7, medium: 0, low: 0, info: 0 },
        byKind: { 'test-failing': 5, 'public-acl': 2, 'cors-drift': 0 },
        lastSweep: { id: run.id, outcome: 'success' },
      });

      const csv = await request(server)
        .get(`${API}/findings`)
        .query({ format: 'csv' })
        .set(asUser('carol'));
      expect(csv.status).toBe(200);
      expect(csv.headers['content-disposition']).toContain(
        's3-resources-findings.csv',
      );
      expect(csv.text.split('\n')[0]).toBe(
        'severity,kind,resourceName,owner,message,fix,firstSeenAt,lastSeenAt,resourceId,id',
      );
      const ndjson = await request(server)
        .get(`${API}/findings`)
        .query({ format: 'ndjson', kind: 'public-acl' })
        .set(asUser('carol'));
      const lines = ndjson.text
        .trim()
        .split('\n')
        .map(l => JSON.parse(l));
      expect(lines.map(l => l.resourceName)).toEqual([
        'audit-api-2',
        'audit-api-4',
      ]);
      expect(lines[0].fix).toContain('"defaultAcl":"private"');
      for (let i = 0; i < 50; i++) {
        if (
          auditor.events.filter(
            e => e.eventId === 'findings-export' && e.outcome,
          ).length === 2
        )
          break;
        await new Promise(r => setTimeout(r, 20));
      }
      expect(
        auditor.events
          .filter(e => e.eventId === 'findings-export')
          .map(e => e.outcome),
      ).toEqual(['success', 'success']);

      await sweep();
      const sweeps = await request(server)
        .get(`${API}/audit/sweeps`)
        .set(asUser('carol'));
      expect(sweeps.body.items).toHaveLength(2);
      expect(sweeps.body.items[1].id).toBe(run.id);
      expect(sweeps.body.items[0]).toMatchObject({
        outcome: 'success',
        resourcesChecked: 5,
        findings: 7,
        finishedAt: expect.any(String),
      });
    });
  });
});
