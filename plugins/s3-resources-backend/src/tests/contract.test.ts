import {
  TestBucket,
  createTestBucket,
  createTestDatabases,
  getTestS3,
} from '@internal/s3-test-harness';
import {
  RouteName,
  RouteSpec,
  s3ResourcesContract,
} from '@s3-resources/plugin-s3-resources-common';
import request from 'supertest';
import { asUser, startPluginBackend } from '../__testUtils__/testBackend';

jest.setTimeout(180_000);

const API = '/api/s3-resources';
const routes = Object.entries(s3ResourcesContract) as Array<
  [RouteName, RouteSpec]
>;
const urlOf = (route: RouteSpec, id: string, name: string) =>
  API + route.path.replace(':id', id).replace(':name', name);

/*
 * The contract on a real backend: every route refuses a request that
 * breaks it with a 400 naming the field, and answers a valid one with a
 * body the contract describes (the backend checks every answer in tests,
 * so a 2xx here is an answer that matched).
 */
describe('the HTTP contract, on a running backend', () => {
  const databases = createTestDatabases();
  let backend: Awaited<ReturnType<typeof startPluginBackend>>;
  let bucket: TestBucket;

  beforeAll(async () => {
    bucket = await createTestBucket('contract');
    backend = await startPluginBackend({
      knex: await databases.init('SQLITE_3'),
    });
  });
  afterAll(async () => {
    await backend?.stop();
    await bucket?.cleanup();
  });

  const send = (route: RouteSpec, url: string) =>
    request(backend.server)[route.method](url).set(asUser());

  it.each(routes)(
    '%s refuses an unknown query parameter',
    async (_n, route) => {
      const res = await send(route, `${urlOf(route, 'x', 'x')}?bogus=1`);
      expect(res.status).toBe(400);
      expect(res.body.error.message).toContain(
        'bogus: unknown query parameter',
      );
    },
  );

  it.each(routes.filter(([, r]) => r.body))(
    '%s refuses a body field the contract does not know',
    async (_n, route) => {
      const res = await send(route, urlOf(route, 'x', 'x')).send({ bogus: 1 });
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(/bogus.*unknown/);
    },
  );

  it.each(routes.filter(([, r]) => r.query?.shape.limit))(
    '%s refuses a limit that is no whole number',
    async (_n, route) => {
      const res = await send(route, `${urlOf(route, 'x', 'x')}?limit=ten`);
      expect(res.status).toBe(400);
      expect(res.body.error.message).toContain('limit: must be a whole number');
    },
  );

  it('answers every route within the contract', async () => {
    const s3 = getTestS3();
    const auth = {
      method: 'access-key',
      accessKeyId: s3.users.tester.accessKeyId,
      secretAccessKey: s3.users.tester.secretAccessKey,
    };
    const body = {
      name: 'contract-tour',
      owner: 'group:default/team-a',
      provider: 'ceph-rgw',
      bucket: bucket.bucket,
      endpoint: s3.endpoint,
      auth,
    };
    const source = { provider: 'ceph-rgw', endpoint: s3.endpoint, auth };
    const agent = () => request(backend.server);
    let id = '';
    // One call per route, in an order that works; the Record makes a new
    // route without a call here a compile error.
    const tour: Record<RouteName, () => request.Test> = {
      createResource: () => agent().post(`${API}/resources`).send(body),
      listResources: () => agent().get(`${API}/resources?owner=team-a&limit=5`),
      getResource: () => agent().get(`${API}/resources/${id}`),
      getResourceByName: () =>
        agent().get(`${API}/resources/by-name/contract-tour`),
      updateResource: () =>
        agent()
          .patch(`${API}/resources/${id}`)
          .send({ version: 1, title: 'Contract tour' }),
      getPolicies: () => agent().get(`${API}/resources/${id}/policies`),
      testResource: () => agent().post(`${API}/resources/${id}/test`),
      listTestRuns: () => agent().get(`${API}/resources/${id}/tests`),
      testConfiguration: () =>
        agent()
          .post(`${API}/test`)
          .send({ ...body, name: 'unsaved' }),
      issueExternalId: () => agent().post(`${API}/external-ids`),
      discoverBuckets: () =>
        agent().post(`${API}/import/discover`).send({ source }),
      importBuckets: () =>
        agent()
          .post(`${API}/import`)
          .send({
            source,
            buckets: [{ bucket: bucket.bucket, owner: 'group:default/team-a' }],
          }),
      listAudit: () => agent().get(`${API}/audit?limit=5`),
      listFindings: () => agent().get(`${API}/findings`),
      findingSummary: () => agent().get(`${API}/findings/summary`),
      listSweeps: () => agent().get(`${API}/audit/sweeps`),
      triggerSweep: () => agent().post(`${API}/audit/sweep`),
      rotateKeys: () => agent().post(`${API}/admin/rotate-keys`),
      deleteResource: () => agent().delete(`${API}/resources/${id}`),
    };
    const answered: string[] = [];
    for (const [name, call] of Object.entries(tour) as Array<
      [RouteName, () => request.Test]
    >) {
      const res = await call().set(asUser());
      const [status] = Object.keys(s3ResourcesContract[name].responses);
      expect([name, res.status, res.body?.error?.message]).toEqual([
        name,
        Number(status),
        undefined,
      ]);
      if (name === 'createResource') id = res.body.id;
      answered.push(name);
    }
    expect(answered.sort()).toEqual(routes.map(([n]) => n).sort());
  });
});
