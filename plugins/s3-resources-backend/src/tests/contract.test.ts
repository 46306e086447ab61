import {
  TestBucket,
  createTestBucket,
  createTestDatabases,
  getTestS3,
  s3ClientFor,
} from '@internal/s3-test-harness';
import {
  RouteName,
  RouteSpec,
  s3ResourcesContract,
} from '@s3-resources/plugin-s3-resources-common';
import {
  CreateMultipartUploadCommand,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
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
      accessLevel: 'read-write',
      cors: { origins: ['http://localhost:3000'], uploadMode: 'multipart' },
    };
    const source = { provider: 'ceph-rgw', endpoint: s3.endpoint, auth };
    const agent = () => request.agent(backend.server).set(asUser());
    let id = '';
    const direct = s3ClientFor('tester');
    /** A multipart upload started outside the portal, for complete and abort. */
    const multipart = async (key: string, part?: string) => {
      const { UploadId } = await direct.send(
        new CreateMultipartUploadCommand({ Bucket: bucket.bucket, Key: key }),
      );
      const parts = part
        ? [
            {
              partNumber: 1,
              etag: (
                await direct.send(
                  new UploadPartCommand({
                    Bucket: bucket.bucket,
                    Key: key,
                    UploadId,
                    PartNumber: 1,
                    Body: part,
                  }),
                )
              ).ETag!,
            },
          ]
        : [];
      return { key, uploadId: UploadId!, parts };
    };
    let grant: { url: string; headers: Record<string, string> } | undefined;
    // One call per route, in an order that works; the Record makes a new
    // route without a call here a compile error.
    const tour: Record<
      RouteName,
      () => request.Test | Promise<request.Response>
    > = {
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
      getStorage: () => agent().get(`${API}/resources/${id}/storage`),
      compareConfiguration: () =>
        agent().get(`${API}/resources/${id}/configuration`),
      fleetStorage: () => agent().get(`${API}/audit/storage?periodDays=30`),
      testResource: () => agent().post(`${API}/resources/${id}/test`),
      listTestRuns: () => agent().get(`${API}/resources/${id}/tests`),
      getAccessMap: () => agent().get(`${API}/resources/${id}/access`),
      fleetAccess: () => agent().get(`${API}/audit/access`),
      startUpload: () =>
        agent()
          .post(`${API}/resources/${id}/objects/uploads`)
          .send({ key: 'tour/hello.txt', size: 5, contentType: 'text/plain' }),
      getObject: async () => {
        const put = await fetch(grant!.url, {
          method: 'PUT',
          headers: grant!.headers,
          body: 'hello',
        });
        expect(put.status).toBe(200);
        return agent().get(
          `${API}/resources/${id}/objects/details?key=tour/hello.txt`,
        );
      },
      listObjects: () =>
        agent().get(`${API}/resources/${id}/objects?folder=tour/`),
      linkObject: () =>
        agent()
          .post(`${API}/resources/${id}/objects/links`)
          .send({ key: 'tour/hello.txt', purpose: 'preview' }),
      createShareLink: () =>
        agent()
          .post(`${API}/resources/${id}/share-links`)
          .send({ key: 'tour/hello.txt', expiresInSeconds: 600 }),
      listShareLinks: () => agent().get(`${API}/share-links?resourceId=${id}`),
      completeUpload: async () =>
        agent()
          .post(`${API}/resources/${id}/objects/uploads/complete`)
          .send(await multipart('tour/parts.txt', 'parts')),
      abortUpload: async () => {
        const { key, uploadId } = await multipart('tour/aborted.txt');
        return agent()
          .post(`${API}/resources/${id}/objects/uploads/abort`)
          .send({ key, uploadId });
      },
      deleteObject: () =>
        agent().delete(`${API}/resources/${id}/objects?key=tour/hello.txt`),
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
      listReconciliation: () =>
        agent().get(`${API}/audit/reconciliation?kind=shadow&limit=5`),
      triggerSweep: () => agent().post(`${API}/audit/sweep`),
      rotateKeys: () => agent().post(`${API}/admin/rotate-keys`),
      deleteResource: () => agent().delete(`${API}/resources/${id}`),
    };
    const answered: string[] = [];
    for (const [name, call] of Object.entries(tour) as Array<
      [RouteName, () => request.Test | Promise<request.Response>]
    >) {
      const res = await call();
      const [status] = Object.keys(s3ResourcesContract[name].responses);
      expect([name, res.status, res.body?.error?.message]).toEqual([
        name,
        Number(status),
        undefined,
      ]);
      if (name === 'createResource') id = res.body.id;
      if (name === 'startUpload') grant = res.body;
      answered.push(name);
    }
    expect(answered.sort()).toEqual(routes.map(([n]) => n).sort());
  });
});
