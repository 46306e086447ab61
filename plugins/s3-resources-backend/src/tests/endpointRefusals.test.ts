import { createTestDatabases } from '@internal/s3-test-harness';
import request from 'supertest';
import {
  TEST_KEYS,
  asUser,
  startPluginBackend,
  validBody,
} from '../__testUtils__/testBackend';

jest.setTimeout(120_000);

const API = '/api/s3-resources';

describe('endpoint refusals', () => {
  const databases = createTestDatabases();

  const start = (knex: any, allow: object[]) =>
    startPluginBackend({
      knex,
      config: {
        s3Resources: {
          encryption: { keys: [{ id: 'k1', secret: TEST_KEYS.k1 }] },
          endpoints: { allow },
        },
      },
    });

  describe.each(databases.eachSupportedId())('on %p', databaseId => {
    it('refuses a link-local endpoint on create and test, even when an allow-list entry names it with private addresses allowed', async () => {
      const knex = await databases.init(databaseId);
      const { server, stop } = await start(knex, [
        { host: '169.254.1.1', allowHttp: true, allowPrivateAddresses: true },
      ]);
      try {
        const body = validBody('link-local', {
          endpoint: 'http://169.254.1.1',
        });
        const created = await request(server)
          .post(`${API}/resources`)
          .set(asUser())
          .send(body);
        expect(created.status).toBe(400);
        expect(created.body.error.message).toMatch(
          /^endpoint: 169\.254\.1\.1 is a link-local address; it is never allowed.*\[endpoint-link-local-address\]$/,
        );
        const tested = await request(server)
          .post(`${API}/test`)
          .set(asUser())
          .send(body);
        expect(tested.status).toBe(200);
        expect(tested.body.steps[0]).toMatchObject({
          id: 'endpoint',
          status: 'fail',
          errorCode: 'endpoint-link-local-address',
        });
        expect(
          tested.body.steps.slice(1).map((s: { status: string }) => s.status),
        ).toEqual(new Array(10).fill('skipped'));
      } finally {
        await stop();
      }
    });
  });
});
