import catalogBackend from '@backstage/plugin-catalog-backend';
import eventsBackend from '@backstage/plugin-events-backend';
import {
  Replica,
  postgresDatabases,
  startReplica,
} from '@internal/s3-test-harness';
import catalogModuleS3Resources from '@s3-resources/plugin-catalog-backend-module-s3-resources';
import s3ResourcesBackend from '@s3-resources/plugin-s3-resources-backend';
import { ENCRYPTION_KEY } from './__testUtils__/portalBackend';

/*
 * Two replicas of one portal on one PostgreSQL, each with the events
 * backend: A serves the S3 resources plugin, B the catalog with the S3
 * resources module. A change made on A reaches B's catalog through the
 * database-backed event bus and is applied there as a delta, long before the
 * full sync (here an hour away) would.
 */

jest.setTimeout(120_000);

const dbs = postgresDatabases('events');
const FAR_AWAY = { hours: 1 };
// Stopping a replica waits for the bus's open long polls; short ones here.
const EVENTS = { notifyTimeoutMs: 3000 };
let a: Replica;
let b: Replica;

beforeAll(async () => {
  let bStarted: (base: string) => void = () => undefined;
  const bBase = new Promise<string>(resolve => {
    bStarted = resolve;
  });
  a = await startReplica({
    features: [s3ResourcesBackend, eventsBackend],
    database: dbs.config,
    elsewhere: { catalog: bBase },
    config: {
      events: EVENTS,
      s3Resources: {
        encryption: { keys: [ENCRYPTION_KEY] },
        audit: { enabled: false },
      },
    },
  });
  b = await startReplica({
    features: [catalogBackend, catalogModuleS3Resources, eventsBackend],
    database: dbs.config,
    elsewhere: { 's3-resources': a.base },
    config: {
      events: EVENTS,
      catalog: {
        providers: {
          s3Resources: {
            schedule: {
              frequency: FAR_AWAY,
              initialDelay: FAR_AWAY,
              timeout: { minutes: 5 },
            },
          },
        },
      },
    },
  });
  bStarted(b.base);
});

afterAll(async () => {
  await b?.stop();
  await a?.stop();
  await dbs.drop();
});

/** Polls B's catalog API until `done(status)`; the time it took, in ms. */
async function untilCatalog(
  name: string,
  done: (status: number) => boolean,
  t0: number,
): Promise<number> {
  const path = `/api/catalog/entities/by-name/resource/default/${name}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    const { status } = await b.call(path);
    if (done(status)) return performance.now() - t0;
    if (Date.now() > deadline) {
      throw new Error(`B's catalog still answers ${status} for ${name}`);
    }
    await new Promise(r => setTimeout(r, 50));
  }
}

it('applies a change made on replica A in replica B catalog at once', async () => {
  const name = 'across-replicas';
  const t0 = performance.now();
  const created = await a.call('/api/s3-resources/resources', {
    method: 'POST',
    body: {
      name,
      owner: 'group:default/team-a',
      provider: 'aws',
      region: 'eu-west-1',
      bucket: 'across-replicas-bucket',
      auth: {
        method: 'access-key',
        accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
        secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
      },
    },
  });
  expect(created.status).toBe(201);
  const registeredMs = await untilCatalog(name, s => s === 200, t0);

  const entity = (
    await b.call(`/api/catalog/entities/by-name/resource/default/${name}`)
  ).json;
  expect(entity.spec).toMatchObject({
    type: 's3-bucket',
    owner: 'group:default/team-a',
  });
  expect(JSON.stringify(entity)).not.toContain('wJalrXUtnFEMI');

  const t1 = performance.now();
  const deleted = await a.call(
    `/api/s3-resources/resources/${created.json.id}`,
    { method: 'DELETE' },
  );
  expect(deleted.status).toBe(204);
  const deletedMs = await untilCatalog(name, s => s === 404, t1);

  // eslint-disable-next-line no-console
  console.log(
    `register on A → in B's catalog: ${registeredMs.toFixed(
      0,
    )} ms; delete on A → gone from B's catalog: ${deletedMs.toFixed(0)} ms`,
  );
});
