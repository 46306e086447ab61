import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  TestDatabases,
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import catalogBackend from '@backstage/plugin-catalog-backend';
import { eventsServiceFactory } from '@backstage/plugin-events-node';
import { schedulerServiceFactory } from '@backstage/backend-defaults/scheduler';
import s3ResourcesBackend from '@s3-resources/plugin-s3-resources-backend';
import { Knex } from 'knex';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import catalogModuleS3Resources from './index';

jest.setTimeout(300_000);

const asAlice = {
  Authorization: mockCredentials.user.header('user:default/alice'),
};

/** Each plugin gets its own SQLite database, as in a real backend. */
function perPluginDatabases(databases: TestDatabases) {
  const clients = new Map<string, Promise<Knex>>();
  const clientFor = (pluginId: string) => {
    if (!clients.has(pluginId)) {
      clients.set(pluginId, databases.init('SQLITE_3'));
    }
    return clients.get(pluginId)!;
  };
  return {
    clientFor,
    factory: createServiceFactory({
      service: coreServices.database,
      deps: { plugin: coreServices.pluginMetadata },
      factory: ({ plugin }) => ({
        getClient: () => clientFor(plugin.getId()),
      }),
    }),
  };
}

async function start(
  databases: TestDatabases,
  schedule: { frequency: object; initialDelay: object },
) {
  const dbs = perPluginDatabases(databases);
  const { server } = await startTestBackend({
    features: [
      catalogBackend,
      catalogModuleS3Resources,
      s3ResourcesBackend,
      dbs.factory,
      // the real in-process events bus (the test backend's mock is per plugin)
      eventsServiceFactory,
      // the real scheduler: the test backend's mock runs tasks only on start-up
      schedulerServiceFactory,
      mockServices.rootConfig.factory({
        data: {
          app: { baseUrl: 'http://localhost:3000' },
          catalog: {
            rules: [{ allow: ['Resource', 'Location'] }],
            processingInterval: { seconds: 1 },
            providers: {
              s3Resources: {
                schedule: { ...schedule, timeout: { minutes: 5 } },
              },
            },
          },
          s3Resources: {
            encryption: {
              keys: [
                { id: 'k', secret: Buffer.alloc(32, 5).toString('base64') },
              ],
            },
          },
        },
      }),
    ],
  });
  return { server, dbs };
}

async function entityStatus(server: any, name: string) {
  const res = await request(server)
    .get(`/api/catalog/entities/by-name/resource/default/${name}`)
    .set(asAlice);
  return res;
}

async function waitFor<T>(
  probe: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 15_000,
): Promise<{ value: T; ms: number }> {
  const t0 = Date.now();
  for (;;) {
    const value = await probe();
    if (done(value)) return { value, ms: Date.now() - t0 };
    if (Date.now() - t0 > timeoutMs) {
      throw new Error(`condition not met within ${timeoutMs} ms`);
    }
    await new Promise(r => setTimeout(r, 100));
  }
}

const body = (name: string) => ({
  name,
  owner: 'group:default/team-a',
  provider: 'aws',
  region: 'eu-west-1',
  bucket: `${name}-bucket`,
  auth: {
    method: 'access-key',
    accessKeyId: 'AKIAPROVIDERTEST0001',
    secretAccessKey: 'provider-test-secret',
  },
});

describe('S3 resources entity provider with the real catalog', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });

  it('applies create, update, rename and delete as delta mutations within seconds', async () => {
    // The full sync runs only once an hour here: every change must arrive as a delta.
    const { server } = await start(databases, {
      frequency: { hours: 1 },
      initialDelay: { hours: 1 },
    });
    const api = '/api/s3-resources/resources';
    const created = await request(server)
      .post(api)
      .set(asAlice)
      .send(body('delta-media'));
    expect(created.status).toBe(201);

    const appeared = await waitFor(
      () => entityStatus(server, 'delta-media'),
      r => r.status === 200,
    );
    expect(appeared.value.body.spec).toEqual({
      type: 's3-bucket',
      owner: 'group:default/team-a',
    });
    expect(JSON.stringify(appeared.value.body)).not.toContain(
      'provider-test-secret',
    );
    // the catalog's View and Edit icons open the resource's pages in the app
    const pages = `http://localhost:3000/s3-resources/resources/${created.body.id}`;
    expect(appeared.value.body.metadata.annotations).toMatchObject({
      'backstage.io/view-url': pages,
      'backstage.io/edit-url': `${pages}?edit=1`,
    });

    const updated = await request(server)
      .patch(`${api}/${created.body.id}`)
      .set(asAlice)
      .send({ version: 1, title: 'Media (renamed title)' });
    expect(updated.status).toBe(200);
    await waitFor(
      () => entityStatus(server, 'delta-media'),
      r => r.body?.metadata?.title === 'Media (renamed title)',
    );

    const renamed = await request(server)
      .patch(`${api}/${created.body.id}`)
      .set(asAlice)
      .send({ version: 2, name: 'delta-media-2' });
    expect(renamed.status).toBe(200);
    await waitFor(
      () => entityStatus(server, 'delta-media-2'),
      r => r.status === 200,
    );
    await waitFor(
      () => entityStatus(server, 'delta-media'),
      r => r.status === 404,
    );

    await request(server)
      .delete(`${api}/${created.body.id}`)
      .set(asAlice)
      .expect(204);
    const gone = await waitFor(
      () => entityStatus(server, 'delta-media-2'),
      r => r.status === 404,
    );
    expect(gone.ms).toBeLessThan(15_000);
  });

  it('repairs missed changes with the full sync, for 10,000 resources in one mutation', async () => {
    const { dbs } = await start(databases, {
      frequency: { seconds: 3 },
      initialDelay: { seconds: 1 },
    });
    // Write straight into the resource store: no events, so only the full sync can publish them.
    const knex = await dbs.clientFor('s3-resources');
    await waitFor(
      () => knex.schema.hasTable('s3_resources'),
      ok => ok,
    );
    const now = new Date();
    const rows = Array.from({ length: 10_000 }, (_, i) => ({
      id: randomUUID(),
      name: `bulk-${String(i).padStart(5, '0')}`,
      provider: 'aws',
      bucket: `bulk-bucket-${i}`,
      region: 'eu-west-1',
      endpoint_key: '',
      prefix_key: '',
      owner: 'group:default/team-a',
      system: null,
      title: null,
      settings: JSON.stringify({
        tags: [],
        forcePathStyle: false,
        defaultAcl: 'none',
        accessLevel: 'read',
        cors: { origins: [], uploadMode: 'download-only' },
      }),
      auth_method: 'aws-account',
      auth: JSON.stringify({
        method: 'aws-account',
        accountId: '123456789012',
      }),
      secret: null,
      secret_key_id: null,
      last_test_status: null,
      last_tested_at: null,
      last_test_run_id: null,
      version: 1,
      created_at: now,
      created_by: 'user:default/seed',
      updated_at: now,
      updated_by: 'user:default/seed',
    }));
    for (let i = 0; i < rows.length; i += 500) {
      await knex('s3_resources').insert(rows.slice(i, i + 500));
    }
    const catalogDb = await dbs.clientFor('catalog');
    const synced = await waitFor(
      async () => {
        const [{ n }] = await catalogDb('refresh_state')
          .where('entity_ref', 'like', 'resource:default/bulk-%')
          .count({ n: '*' });
        return Number(n);
      },
      n => n === 10_000,
      60_000,
    );
    expect(synced.value).toBe(10_000);
    // eslint-disable-next-line no-console
    console.log(
      `full sync of 10,000 resources reached the catalog in ${synced.ms} ms`,
    );
  });
});
