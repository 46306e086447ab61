// Over 400 lines: the test routes' streaming, refusals and history on one backend.
import {
  BackstageCredentials,
  PermissionsService,
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  PutBucketCorsCommand,
  PutPublicAccessBlockCommand,
} from '@aws-sdk/client-s3';
import {
  TestBucket,
  createTestBucket,
  createTestDatabases,
  getTestS3,
  requireEnforcingServer,
  s3ClientFor,
} from '@internal/s3-test-harness';
import {
  STEP_IDS,
  TestRun,
  generateCorsConfiguration,
} from '@s3-resources/plugin-s3-resources-common';
import http from 'node:http';
import request from 'supertest';
import { TestServer, startTarpit } from '../__testUtils__/networkServers';
import {
  LOCAL_TEST_ENDPOINTS,
  TEST_KEYS,
  asUser,
  startPluginBackend,
} from '../__testUtils__/testBackend';

jest.setTimeout(120_000);

const API = '/api/s3-resources';
const TESTER = () => getTestS3().users.tester;

/** A create request for a real bucket on the test server, with tester's real keys. */
const resourceBody = (name: string, bucket: string, endpoint?: string) => ({
  name,
  owner: 'group:default/team-a',
  provider: 'ceph-rgw',
  bucket,
  endpoint: endpoint ?? getTestS3().endpoint,
  accessLevel: 'read-write',
  auth: {
    method: 'access-key',
    accessKeyId: TESTER().accessKeyId,
    secretAccessKey: TESTER().secretAccessKey,
  },
});

/** Users' decisions: `deny` lists permission names refused to that user. */
function permissionsFor(deny: Record<string, string[]>) {
  return createServiceFactory({
    service: coreServices.permissions,
    deps: { auth: coreServices.auth },
    factory: ({ auth }): PermissionsService => {
      const decide = (name: string, credentials: BackstageCredentials) =>
        auth.isPrincipal(credentials, 'user') &&
        deny[credentials.principal.userEntityRef]?.includes(name)
          ? AuthorizeResult.DENY
          : AuthorizeResult.ALLOW;
      return {
        async authorize(requests, options) {
          return requests.map(r => ({
            result: decide(r.permission.name, options.credentials),
          })) as any;
        },
        async authorizeConditional(requests, options) {
          return requests.map(r => ({
            result: decide(r.permission.name, options.credentials),
          })) as any;
        },
      };
    },
  });
}

/** Reads an NDJSON response line by line, noting when each line arrived. */
function streamTest(
  server: http.Server,
  path: string,
  headers: Record<string, string>,
  body: unknown,
): Promise<{
  status: number;
  contentType: string;
  lines: Array<{ at: number; value: any }>;
  text: string;
}> {
  const address = server.address() as { port: number };
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port: address.port,
        path,
        method: 'POST',
        headers: {
          ...headers,
          'content-type': 'application/json',
          accept: 'application/x-ndjson',
        },
      },
      res => {
        const lines: Array<{ at: number; value: any }> = [];
        let buffered = '';
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          text += chunk;
          buffered += chunk;
          let i = buffered.indexOf('\n');
          while (i >= 0) {
            lines.push({
              at: performance.now() - started,
              value: JSON.parse(buffered.slice(0, i)),
            });
            buffered = buffered.slice(i + 1);
            i = buffered.indexOf('\n');
          }
        });
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            contentType: String(res.headers['content-type']),
            lines,
            text,
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

describe('connection test API', () => {
  const databases = createTestDatabases();
  const buckets: TestBucket[] = [];
  const servers: TestServer[] = [];

  beforeAll(() => requireEnforcingServer('the connection test API'));
  afterEach(async () => {
    for (const b of buckets.splice(0)) await b.cleanup();
    for (const s of servers.splice(0)) await s.close();
  });

  async function bucketWithCors() {
    const b = await createTestBucket('api');
    buckets.push(b);
    await s3ClientFor('tester').send(
      new PutBucketCorsCommand({
        Bucket: b.bucket,
        CORSConfiguration: generateCorsConfiguration({
          bucket: b.bucket,
          origins: ['http://localhost:3000'],
          uploadMode: 'simple-put',
        }).configuration,
      }),
    );
    // public policies are restricted: nothing for the test to warn about
    // (other settings stay off: the write probe sets an ACL, tests put policies)
    await s3ClientFor('tester').send(
      new PutPublicAccessBlockCommand({
        Bucket: b.bucket,
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: false,
          IgnorePublicAcls: false,
          BlockPublicPolicy: false,
          RestrictPublicBuckets: true,
        },
      }),
    );
    return b.bucket;
  }

  const start = (
    knex: any,
    connectionTest: object = {},
    extra: { allowPorts?: number[]; features?: any[] } = {},
  ) =>
    startPluginBackend({
      knex,
      config: {
        s3Resources: {
          encryption: { keys: [{ id: 'k1', secret: TEST_KEYS.k1 }] },
          endpoints: {
            allow: [
              {
                ...LOCAL_TEST_ENDPOINTS,
                ports: [
                  ...LOCAL_TEST_ENDPOINTS.ports,
                  ...(extra.allowPorts ?? []),
                ],
              },
            ],
          },
          connectionTest,
        },
      },
      features: extra.features,
    });

  describe.each(databases.eachSupportedId())('on %p', databaseId => {
    it('runs a test, stores it as history and as the resource status, and never returns the secret', async () => {
      const knex = await databases.init(databaseId);
      const { server, logger, auditor } = await start(knex);
      const bucket = await bucketWithCors();
      const created = await request(server)
        .post(`${API}/resources`)
        .set(asUser('alice'))
        .send(resourceBody('api-run', bucket))
        .expect(201);
      const id = created.body.id;

      const first = await request(server)
        .post(`${API}/resources/${id}/test`)
        .set(asUser('alice'))
        .send({});
      expect(first.status).toBe(200);
      const run: TestRun = first.body;
      expect(run).toMatchObject({
        resourceId: id,
        status: 'pass',
        initiatedBy: 'user:default/alice',
      });
      expect(run.steps.map(s => s.id)).toEqual([
        'endpoint',
        'credentials',
        'assume-role',
        'bucket',
        'region',
        'list',
        'write',
        'cors',
        'ownership',
        'public-access',
        'encryption',
        'versioning',
        'lifecycle',
        'logging',
        'object-lock',
        'replication',
        'bucket-policy',
        'bucket-acl',
        'storage',
      ]);

      const second = await request(server)
        .post(`${API}/resources/${id}/test`)
        .set(asUser('alice'))
        .send({ writeProbe: true })
        .expect(200);
      expect(second.body.steps.find((s: any) => s.id === 'write').status).toBe(
        'pass',
      );

      const history = await request(server)
        .get(`${API}/resources/${id}/tests`)
        .set(asUser('alice'))
        .expect(200);
      expect(history.body.items.map((r: TestRun) => r.id)).toEqual([
        second.body.id,
        run.id,
      ]);
      expect(history.body.items[1]).toEqual(run);
      const page1 = await request(server)
        .get(`${API}/resources/${id}/tests?limit=1`)
        .set(asUser('alice'))
        .expect(200);
      expect(page1.body.items.map((r: TestRun) => r.id)).toEqual([
        second.body.id,
      ]);
      const page2 = await request(server)
        .get(
          `${API}/resources/${id}/tests?limit=1&cursor=${page1.body.nextCursor}`,
        )
        .set(asUser('alice'))
        .expect(200);
      expect(page2.body).toEqual({ items: [run] });

      const resource = await request(server)
        .get(`${API}/resources/${id}`)
        .set(asUser('alice'))
        .expect(200);
      expect(resource.body.status.lastTest).toEqual({
        status: 'pass',
        at: second.body.startedAt,
        runId: second.body.id,
      });
      // a test is not an edit: the version stays
      expect(resource.body.version).toBe(1);

      const everything = [first.text, second.text, history.text, resource.text];
      for (const text of everything) {
        expect(text).not.toContain(TESTER().secretAccessKey);
      }
      expect(logger.text()).not.toContain(TESTER().secretAccessKey);
      expect(JSON.stringify(auditor.events)).not.toContain(
        TESTER().secretAccessKey,
      );
      const rows = await knex('s3_resource_test_runs');
      expect(JSON.stringify(rows)).not.toContain(TESTER().secretAccessKey);
      expect(rows).toHaveLength(2);

      const tests = auditor.events.filter(e => e.eventId === 'resource-test');
      expect(tests).toHaveLength(2);
      expect(tests[0]).toMatchObject({
        severityLevel: 'medium',
        outcome: 'success',
        finalMeta: { resourceId: id, resourceName: 'api-run' },
      });
      const audit = await knex('s3_resource_audit')
        .where({ action: 'resource-test' })
        .orderBy('seq');
      expect(audit.map(r => [r.actor, r.resource_id, r.outcome])).toEqual([
        ['user:default/alice', id, 'success'],
        ['user:default/alice', id, 'success'],
      ]);
    });

    it('streams one NDJSON line per step as steps finish, then the run; a tarpit ends at the default 10 s deadline', async () => {
      const knex = await databases.init(databaseId);
      const tarpit = await startTarpit();
      servers.push(tarpit);
      const { server } = await start(knex, {}, { allowPorts: [tarpit.port] });
      const created = await request(server)
        .post(`${API}/resources`)
        .set(asUser('alice'))
        .send(resourceBody('api-tarpit', 'tarpit-bucket', tarpit.url))
        .expect(201);

      const streamed = await streamTest(
        server,
        `${API}/resources/${created.body.id}/test`,
        asUser('alice'),
        {},
      );
      expect(streamed.status).toBe(200);
      expect(streamed.contentType).toContain('application/x-ndjson');
      const types = streamed.lines.map(l => l.value.type);
      expect(types).toEqual([...STEP_IDS.map(() => 'step'), 'run']);
      // the endpoint step arrives at once; the network steps at the deadline
      const streamedStep = (id: string) =>
        streamed.lines.find(l => l.value.step?.id === id)!;
      expect(streamedStep('endpoint').at).toBeLessThan(1_000);
      for (const id of ['credentials', 'bucket']) {
        expect(streamedStep(id).at).toBeGreaterThanOrEqual(9_900);
        expect(streamedStep(id).at).toBeLessThan(11_000);
      }
      // STS is the first call to go unanswered; the bucket calls point there
      expect(streamedStep('credentials').value.step).toMatchObject({
        status: 'fail',
        errorCode: 'Timeout',
        message: expect.stringContaining('deadline (10000 ms)'),
      });
      expect(streamedStep('bucket').value.step).toMatchObject({
        status: 'skipped',
        message:
          'Not run: the endpoint did not answer in time (see Credentials)',
      });
      const run = streamed.lines[streamed.lines.length - 1].value.run;
      expect(run.status).toBe('fail');
      expect(run.steps).toEqual(
        streamed.lines
          .slice(0, -1)
          .map(l => l.value.step)
          .sort(
            (a: any, b: any) =>
              run.steps.findIndex((s: any) => s.id === a.id) -
              run.steps.findIndex((s: any) => s.id === b.id),
          ),
      );
      expect(streamed.text).not.toContain(TESTER().secretAccessKey);
      const stored = await knex('s3_resource_test_runs').where({
        id: run.id,
      });
      expect(stored).toHaveLength(1);
    });

    it('tests an unsaved configuration, stores nothing, and audits it', async () => {
      const knex = await databases.init(databaseId);
      const { server, auditor, logger } = await start(knex);
      const bucket = await bucketWithCors();
      const res = await request(server)
        .post(`${API}/test?writeProbe=true`)
        .set(asUser('alice'))
        .send(resourceBody('unsaved', bucket));
      expect(res.status).toBe(200);
      expect(res.body.resourceId).toBeUndefined();
      expect(res.body.status).toBe('pass');
      expect(res.body.steps.find((s: any) => s.id === 'write').status).toBe(
        'pass',
      );
      expect(res.text).not.toContain(TESTER().secretAccessKey);
      expect(logger.text()).not.toContain(TESTER().secretAccessKey);
      for (const table of ['s3_resources', 's3_resource_test_runs']) {
        const [{ n }] = await knex(table).count({ n: '*' });
        expect(Number(n)).toBe(0);
      }
      expect(
        auditor.events.find(e => e.eventId === 'configuration-test'),
      ).toMatchObject({
        severityLevel: 'medium',
        outcome: 'success',
        finalMeta: { resourceName: 'unsaved' },
      });

      // validated like a create request, minus uniqueness
      const bad = await request(server)
        .post(`${API}/test`)
        .set(asUser('alice'))
        .send({ ...resourceBody('unsaved', bucket), bucket: 'Bad_Bucket' });
      expect(bad.status).toBe(400);
      expect(bad.body.error.message).toContain('[bucket-charset]');
      expect(bad.text).not.toContain(TESTER().secretAccessKey);
    });

    it('refuses endpoints off the allow-list: 400 on create, a failed endpoint step on test, audited both ways', async () => {
      const knex = await databases.init(databaseId);
      const { server, auditor } = await start(knex);
      const create = await request(server)
        .post(`${API}/resources`)
        .set(asUser('alice'))
        .send(resourceBody('off-list', 'some-bucket', 'http://127.0.0.1:9'));
      expect(create.status).toBe(400);
      expect(create.body.error.message).toBe(
        'endpoint: port 9 is not allowed for 127.0.0.1 (allowed: 7480, 4568) [endpoint-port-not-allowed]',
      );
      const metadata = await request(server)
        .post(`${API}/resources`)
        .set(asUser('alice'))
        .send(resourceBody('metadata', 'some-bucket', 'http://0xA9FEA9FE'));
      expect(metadata.status).toBe(400);
      expect(metadata.body.error.message).toContain(
        '[endpoint-metadata-address]',
      );
      expect(
        auditor.events.filter(
          e => e.eventId === 'resource-create' && e.outcome === 'fail',
        ),
      ).toHaveLength(2);

      const tested = await request(server)
        .post(`${API}/test`)
        .set(asUser('alice'))
        .send(
          resourceBody('rebinding', 'some-bucket', 'http://2130706433:7480'),
        );
      expect(tested.status).toBe(200);
      expect(tested.body.steps[0]).toMatchObject({
        id: 'endpoint',
        status: 'fail',
        errorCode: 'endpoint-host-noncanonical',
      });
      const rejected = auditor.events.find(
        e => e.eventId === 'endpoint-rejected',
      );
      expect(rejected).toMatchObject({
        severityLevel: 'medium',
        outcome: 'fail',
        error: expect.stringContaining('[endpoint-host-noncanonical]'),
      });
      const rows = await knex('s3_resource_audit')
        .where({ action: 'endpoint-rejected' })
        .select('outcome', 'message');
      expect(rows).toEqual([
        {
          outcome: 'failure',
          message: expect.stringContaining('endpoint-host-noncanonical'),
        },
      ]);
    });

    it('limits tests per user: 429 with Retry-After', async () => {
      const knex = await databases.init(databaseId);
      const { server } = await start(knex, {
        rateLimit: { tests: 2, windowSeconds: 60 },
      });
      const body = resourceBody(
        'limited',
        'no-such-bucket-limit',
        'http://127.0.0.1:7480',
      );
      for (let i = 0; i < 2; i++) {
        await request(server)
          .post(`${API}/test`)
          .set(asUser('alice'))
          .send(body)
          .expect(200);
      }
      const limited = await request(server)
        .post(`${API}/test`)
        .set(asUser('alice'))
        .send(body);
      expect(limited.status).toBe(429);
      expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(59);
      expect(Number(limited.headers['retry-after'])).toBeLessThanOrEqual(60);
      expect(limited.body.error).toMatchObject({
        name: 'TooManyRequestsError',
        message: expect.stringContaining('At most 2 connection tests per 60 s'),
      });
      expect(limited.text).not.toContain(TESTER().secretAccessKey);
      // per user: someone else may still test
      await request(server)
        .post(`${API}/test`)
        .set(asUser('bob'))
        .send(body)
        .expect(200);
    });

    it('answers 403 to a user who may read but not test, and 404 to one who may not read', async () => {
      const knex = await databases.init(databaseId);
      const { server, auditor } = await start(
        knex,
        {},
        {
          features: [
            permissionsFor({
              'user:default/bob': ['s3.resource.test'],
              'user:default/carol': ['s3.resource.read', 's3.resource.test'],
              'user:default/dave': ['s3.resource.create'],
            }),
          ],
        },
      );
      const created = await request(server)
        .post(`${API}/resources`)
        .set(asUser('alice'))
        .send(resourceBody('guarded', 'guarded-bucket'))
        .expect(201);
      const id = created.body.id;
      const bob = await request(server)
        .post(`${API}/resources/${id}/test`)
        .set(asUser('bob'))
        .send({});
      expect(bob.status).toBe(403);
      expect(bob.body.error.message).toBe('You may not test resource guarded');
      const carol = await request(server)
        .post(`${API}/resources/${id}/test`)
        .set(asUser('carol'))
        .send({});
      expect(carol.status).toBe(404);
      const carolHistory = await request(server)
        .get(`${API}/resources/${id}/tests`)
        .set(asUser('carol'));
      expect(carolHistory.status).toBe(404);
      const dave = await request(server)
        .post(`${API}/test`)
        .set(asUser('dave'))
        .send(resourceBody('unsaved', 'guarded-bucket'));
      expect(dave.status).toBe(403);
      const [{ n }] = await knex('s3_resource_test_runs').count({ n: '*' });
      expect(Number(n)).toBe(0);
      expect(
        auditor.events
          .filter(e => e.eventId.endsWith('-test'))
          .map(e => [e.eventId, e.outcome]),
      ).toEqual([
        ['resource-test', 'fail'],
        ['resource-test', 'fail'],
        ['configuration-test', 'fail'],
      ]);
      const anonymous = await request(server)
        .post(`${API}/resources/${id}/test`)
        .send({});
      expect(anonymous.status).toBe(401);
    });

    it('tests new credentials of a resource before they are saved: updaters only, nothing stored', async () => {
      const knex = await databases.init(databaseId);
      const { server } = await start(
        knex,
        {},
        {
          features: [
            permissionsFor({ 'user:default/bob': ['s3.resource.update'] }),
          ],
        },
      );
      const bucket = await bucketWithCors();
      const created = await request(server)
        .post(`${API}/resources`)
        .set(asUser('alice'))
        .send(resourceBody('rotating', bucket))
        .expect(201);
      const id = created.body.id;
      const wrongSecret = {
        method: 'access-key',
        accessKeyId: TESTER().accessKeyId,
        secretAccessKey: 'not-the-secret-of-this-key',
      };

      // the wrong secret, named at its field; no run stored, status untouched
      const draft = await request(server)
        .post(`${API}/resources/${id}/test`)
        .set(asUser('alice'))
        .send({ auth: wrongSecret });
      expect(draft.status).toBe(200);
      expect(draft.body.status).toBe('fail');
      const credentials = draft.body.steps.find(
        (s: any) => s.id === 'credentials',
      );
      expect(credentials.message).toMatch(
        /^The secret access key does not match this access key ID/,
      );
      expect(credentials.field).toBe('auth.secretAccessKey');
      expect(draft.text).not.toContain('not-the-secret-of-this-key');
      const [{ n }] = await knex('s3_resource_test_runs').count({ n: '*' });
      expect(Number(n)).toBe(0);
      const after = await request(server)
        .get(`${API}/resources/${id}`)
        .set(asUser('alice'));
      expect(after.body.status).toEqual({});
      // the stored credentials are still the working ones
      const stored = await request(server)
        .post(`${API}/resources/${id}/test`)
        .set(asUser('alice'))
        .send({});
      expect(stored.body.status).not.toBe('fail');

      // someone who may test but not change the resource may not try keys on it
      const bob = await request(server)
        .post(`${API}/resources/${id}/test`)
        .set(asUser('bob'))
        .send({ auth: wrongSecret });
      expect(bob.status).toBe(403);
      expect(bob.body.error.message).toMatch(
        /^You may not test new credentials for resource rotating/,
      );
      // the new credentials meet the update's rules
      const bad = await request(server)
        .post(`${API}/resources/${id}/test`)
        .set(asUser('alice'))
        .send({
          auth: {
            method: 'assume-role',
            roleArn: 'not-an-arn',
            source: wrongSecret,
          },
        });
      expect(bad.status).toBe(400);
      expect(bad.body.error.message).toContain('auth.roleArn');
      expect(bad.text).not.toContain('not-the-secret-of-this-key');
    });

    it('refuses unknown body fields', async () => {
      const knex = await databases.init(databaseId);
      const { server } = await start(knex);
      const created = await request(server)
        .post(`${API}/resources`)
        .set(asUser('alice'))
        .send(resourceBody('strict', 'strict-bucket'))
        .expect(201);
      const res = await request(server)
        .post(`${API}/resources/${created.body.id}/test`)
        .set(asUser('alice'))
        .send({ writeProbe: 'yes', extra: 1 });
      expect(res.status).toBe(400);
      expect(res.body.error.message).toContain('extra');
    });
  });
});
