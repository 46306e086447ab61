import { createTestDatabases } from '@internal/s3-test-harness';
import { STEP_IDS } from '@s3-resources/plugin-s3-resources-common';
import dns from 'node:dns';
import request from 'supertest';
import {
  TEST_KEYS,
  asUser,
  startPluginBackend,
  validBody,
} from '../__testUtils__/testBackend';

jest.setTimeout(120_000);

const API = '/api/s3-resources';

/** An internal name and what it resolves to, which users must not learn. */
const INTERNAL_HOST = 'minio.internal.example';
const INTERNAL_ADDRESS = '10.9.8.7';

/** The resolver answers INTERNAL_HOST with INTERNAL_ADDRESS and every other name as it would. */
function resolveInternalHost() {
  const real = dns.lookup;
  return jest.spyOn(dns, 'lookup').mockImplementation(((
    host: string,
    options: unknown,
    callback: (e: null, a: dns.LookupAddress[]) => void,
  ) => {
    if (host !== INTERNAL_HOST) {
      return (real as Function)(host, options, callback);
    }
    return process.nextTick(() =>
      callback(null, [{ address: INTERNAL_ADDRESS, family: 4 }]),
    );
  }) as never);
}

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

  afterEach(() => jest.restoreAllMocks());

  describe.each(databases.eachSupportedId())('on %p', databaseId => {
    it('tells the user which host and rule refused a connection, and only the log the address it resolved to', async () => {
      const knex = await databases.init(databaseId);
      const { server, stop, logger, auditor } = await start(knex, [
        { host: INTERNAL_HOST, allowHttp: true },
      ]);
      const lookup = resolveInternalHost();
      try {
        const body = validBody('internal', {
          endpoint: `http://${INTERNAL_HOST}`,
        });
        // the string is allowed; the address is judged at connect time
        const created = await request(server)
          .post(`${API}/resources`)
          .set(asUser())
          .send(body);
        expect(created.status).toBe(201);
        const said = `${INTERNAL_HOST} resolves to a private (RFC 1918) address, which the allow-list entry does not allow`;

        const bodies: string[] = [];
        const tested = await request(server)
          .post(`${API}/resources/${created.body.id}/test`)
          .set(asUser());
        bodies.push(tested.text);
        expect(tested.status).toBe(200);
        // the step that found it says it; later ones name that step
        const refused = tested.body.steps.filter(
          (s: { status: string }) => s.status === 'fail',
        );
        expect(refused).toHaveLength(1);
        expect(refused[0]).toMatchObject({
          status: 'fail',
          errorCode: 'EndpointAddressRefused',
          message: `Refused by the endpoint policy: ${said}`,
          remediation: expect.stringContaining('allowPrivateAddresses'),
        });
        const streamed = await request(server)
          .post(`${API}/test`)
          .set(asUser())
          .set('Accept', 'application/x-ndjson')
          .send(body);
        bodies.push(streamed.text);
        expect(streamed.text).toContain(said);
        const history = await request(server)
          .get(`${API}/resources/${created.body.id}/tests`)
          .set(asUser());
        bodies.push(history.text);
        const discovered = await request(server)
          .post(`${API}/import/discover`)
          .set(asUser())
          .send({
            source: {
              provider: 'ceph-rgw',
              endpoint: `http://${INTERNAL_HOST}`,
              auth: body.auth,
            },
          });
        bodies.push(discovered.text);
        expect(discovered.status).toBe(400);
        expect(discovered.body.error.message).toContain(said);
        expect(lookup).toHaveBeenCalled();

        for (const text of bodies) expect(text).not.toContain(INTERNAL_ADDRESS);
        const stored = await knex('s3_resource_test_runs').select('*');
        expect(stored).toHaveLength(1);
        expect(JSON.stringify(stored)).not.toContain(INTERNAL_ADDRESS);
        const audit = await knex('s3_resource_audit').select('*');
        expect(JSON.stringify(audit)).toContain(said);
        expect(JSON.stringify(audit)).not.toContain(INTERNAL_ADDRESS);
        expect(JSON.stringify(auditor.events)).not.toContain(INTERNAL_ADDRESS);

        // operators find the address in the backend's log
        const refusals = logger.lines.filter(l =>
          l.message.includes(INTERNAL_ADDRESS),
        );
        expect(refusals.length).toBeGreaterThan(0);
        expect(refusals[0]).toMatchObject({
          level: 'warn',
          message: expect.stringContaining(
            `${INTERNAL_HOST} resolves to ${INTERNAL_ADDRESS}`,
          ),
        });
      } finally {
        await stop();
      }
    });

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
          // a sentence at the field; the rule id stays in errorCode
          field: 'endpoint',
          message: expect.stringMatching(
            /^Endpoint refused: 169\.254\.1\.1 is a link-local address[^[]*$/,
          ),
        });
        expect(
          tested.body.steps.slice(1).map((s: { status: string }) => s.status),
        ).toEqual(new Array(STEP_IDS.length - 1).fill('skipped'));
      } finally {
        await stop();
      }
    });
  });
});
