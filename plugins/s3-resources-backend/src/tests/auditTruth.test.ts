// The audit tells the same story as the tests: a failed test shows as failed
// in the trail, a new resource is counted at once, and the connection test
// and the sweep judge a bucket's settings with one rule.
import {
  PutBucketCorsCommand,
  PutPublicAccessBlockCommand,
} from '@aws-sdk/client-s3';
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
  AuditRecord,
  FindingSummary,
  TestRun,
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

async function setBlock(bucket: string, on: boolean) {
  const admin = s3ClientFor('tester');
  try {
    await admin.send(
      new PutPublicAccessBlockCommand({
        Bucket: bucket,
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: on,
          IgnorePublicAcls: on,
          BlockPublicPolicy: on,
          RestrictPublicBuckets: on,
        },
      }),
    );
  } finally {
    admin.destroy();
  }
}

describe('the audit and the connection test agree', () => {
  const databases = createTestDatabases();
  const buckets: TestBucket[] = [];

  beforeAll(() => {
    requireEnforcingServer('the audit truth tests');
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
      const knex: Knex = await databases.init(databaseId);
      const { server } = await startPluginBackend({
        knex,
        config: {
          s3Resources: {
            encryption: { keys: [{ id: 'k1', secret: TEST_KEYS.k1 }] },
            endpoints: { allow: [LOCAL_TEST_ENDPOINTS] },
            audit: { concurrency: 2 },
          },
        },
        features: [catalogServiceMock.factory({ entities: [] })],
      });
      const create = async (
        name: string,
        b: string,
        extra?: Record<string, unknown>,
      ) => {
        const res = await request(server)
          .post(`${API}/resources`)
          .set(asUser('alice'))
          .send(resourceBody(name, b, extra));
        expect([res.status, res.body.error?.message]).toEqual([201, undefined]);
        return res.body.id as string;
      };
      const test = async (id: string) => {
        const res = await request(server)
          .post(`${API}/resources/${id}/test`)
          .set(asUser('alice'))
          .send({});
        expect(res.status).toBe(200);
        return res.body as TestRun;
      };
      const summary = async () => {
        const res = await request(server)
          .get(`${API}/findings/summary`)
          .set(asUser('carol'));
        expect(res.status).toBe(200);
        return res.body as FindingSummary;
      };
      const sweep = async () => {
        await request(server)
          .post(`${API}/audit/sweep`)
          .set(asUser('carol'))
          .expect(202);
      };
      const findings = async (resourceId: string) => {
        const res = await request(server)
          .get(`${API}/findings`)
          .query({ resourceId })
          .set(asUser('carol'));
        expect(res.status).toBe(200);
        return res.body.items as AuditFinding[];
      };
      return { server, create, test, summary, sweep, findings };
    }

    it('records a test that ran and failed as a failed test, not only as a successful request', async () => {
      const { server, create, test } = await setup();
      const ok = await bucket('truth-ok');
      const passing = await create('truth-ok', ok);
      const failing = await create('truth-missing', `${ok}-missing`);
      expect((await test(failing)).status).toBe('fail');
      expect((await test(passing)).status).not.toBe('fail');
      await request(server)
        .post(`${API}/test`)
        .set(asUser('alice'))
        .send(resourceBody('truth-unsaved', `${ok}-missing`))
        .expect(200);

      const res = await request(server)
        .get(`${API}/audit`)
        .set(asUser('carol'))
        .expect(200);
      const rows = (res.body.items as AuditRecord[]).filter(r =>
        r.action.endsWith('-test'),
      );
      expect(
        rows.map(r => [r.action, r.resourceName, r.outcome, r.verdict]),
      ).toEqual([
        ['configuration-test', 'truth-unsaved', 'success', 'fail'],
        [
          'resource-test',
          'truth-ok',
          'success',
          expect.stringMatching(/pass|warn/),
        ],
        ['resource-test', 'truth-missing', 'success', 'fail'],
      ]);
      const registered = (res.body.items as AuditRecord[]).find(
        r => r.action === 'resource-create',
      );
      expect(registered).not.toHaveProperty('verdict');

      const csv = await request(server)
        .get(`${API}/audit`)
        .query({ format: 'csv', action: 'resource-test' })
        .set(asUser('carol'))
        .expect(200);
      expect(csv.text).toMatch(/"resource-test","success","fail"/);
    });

    it('counts a resource registered since the last sweep at once, as not checked yet', async () => {
      const { create, summary, sweep } = await setup();
      const b = await bucket('truth-count');
      expect((await summary()).unswept).toBe(0);
      await create('truth-first', b);
      expect((await summary()).unswept).toBe(1);
      await sweep();
      const after = await summary();
      expect(after.lastSweep).toBeDefined();
      expect(after.unswept).toBe(0);
      await create('truth-second', `${b}-2`);
      expect((await summary()).unswept).toBe(1);
    });

    it('warns in the test with the words of the finding the sweep raises for the same public access block', async () => {
      const { create, test, sweep, findings } = await setup();
      const open = await bucket('truth-open');
      const closed = await bucket('truth-closed');
      await setBlock(open, false);
      await setBlock(closed, true);
      const openId = await create('truth-open', open);
      const closedId = await create('truth-closed', closed);

      const openStep = (await test(openId)).steps.find(
        s => s.id === 'public-access',
      )!;
      const closedStep = (await test(closedId)).steps.find(
        s => s.id === 'public-access',
      )!;
      await sweep();
      const openFinding = (await findings(openId)).find(
        f => f.kind === 'public-access-block-off',
      );
      const closedFinding = (await findings(closedId)).find(
        f => f.kind === 'public-access-block-off',
      );

      expect(openStep.status).toBe('warn');
      expect(openFinding).toBeDefined();
      expect(openStep.message).toBe(openFinding!.message);
      expect(openStep.message).toBe(
        `Every Block Public Access setting of bucket ${open} is off: a public ACL or bucket policy set by mistake would make objects public`,
      );
      expect(openStep.remediation).toBe(openFinding!.fix);

      expect(closedStep.status).toBe('pass');
      expect(closedFinding).toBeUndefined();
    });

    it('warns in the test with the words of the finding the sweep raises for a wildcard CORS origin', async () => {
      const { create, test, sweep, findings } = await setup();
      const wild = await bucket('truth-wild');
      const admin = s3ClientFor('tester');
      try {
        await admin.send(
          new PutBucketCorsCommand({
            Bucket: wild,
            CORSConfiguration: generateCorsConfiguration({
              bucket: wild,
              origins: ['*'],
              uploadMode: 'download-only',
            }).configuration,
          }),
        );
      } finally {
        admin.destroy();
      }
      const id = await create('truth-wild', wild, { cors: { origins: ['*'] } });
      const step = (await test(id)).steps.find(s => s.id === 'cors')!;
      await sweep();
      const wildcard = (await findings(id)).find(
        f => f.kind === 'cors-wildcard-origin',
      );
      expect(wildcard).toBeDefined();
      expect(step.status).toBe('warn');
      expect(step.message).toBe(wildcard!.message);
      expect(step.observed?.corsMatches).toBe(true);
    });
  });
});
