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
import catalogScaffolderModel from '@backstage/plugin-catalog-backend-module-scaffolder-entity-model';
import { eventsServiceFactory } from '@backstage/plugin-events-node';
import scaffolderBackend from '@backstage/plugin-scaffolder-backend';
import {
  TestBucket,
  createTestBucket,
  createTestRole,
  getTestS3,
  requireEnforcingServer,
  settleEndedScaffolderTask,
  trustPolicyFor,
} from '@internal/s3-test-harness';
// The whole portal flow: the real catalog, scaffolder and resource backend load together only here.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import catalogModuleS3Resources from '@s3-resources/plugin-catalog-backend-module-s3-resources';
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import s3ResourcesBackend from '@s3-resources/plugin-s3-resources-backend';
import { Knex } from 'knex';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { scaffolderModuleS3Resources } from './module';

jest.setTimeout(180_000);

const TEMPLATE = path.resolve(
  __dirname,
  '../../../examples/templates/register-s3-bucket/template.yaml',
);
const asAlice = {
  Authorization: mockCredentials.user.header('user:default/alice'),
};

async function waitFor<T>(
  probe: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs: number,
  what: string,
): Promise<T> {
  const t0 = Date.now();
  for (;;) {
    const value = await probe();
    if (done(value)) return value;
    if (Date.now() - t0 > timeoutMs) {
      throw new Error(
        `${what} not reached in ${timeoutMs} ms: ${JSON.stringify(value).slice(
          0,
          2000,
        )}`,
      );
    }
    await new Promise(r => setTimeout(r, 250));
  }
}

describe('the "Register an S3 bucket" template in the real scaffolder', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
  let bucket: TestBucket;
  let workDir: string;

  beforeAll(async () => {
    requireEnforcingServer('the register template');
    bucket = await createTestBucket('tmpl');
    workDir = await fs.mkdtemp(path.join(os.tmpdir(), 's3r-scaffolder-'));
  });
  afterAll(async () => {
    await bucket?.cleanup();
    await fs.rm(workDir, { recursive: true, force: true });
  });

  async function start() {
    const clients = new Map<string, Promise<Knex>>();
    const endpoint = new URL(getTestS3().endpoint);
    const { server } = await startTestBackend({
      features: [
        catalogBackend,
        catalogScaffolderModel,
        catalogModuleS3Resources,
        scaffolderBackend,
        scaffolderModuleS3Resources,
        s3ResourcesBackend,
        eventsServiceFactory,
        createServiceFactory({
          service: coreServices.database,
          deps: { plugin: coreServices.pluginMetadata },
          factory: ({ plugin }) => ({
            getClient: () => {
              const id = plugin.getId();
              if (!clients.has(id)) clients.set(id, databases.init('SQLITE_3'));
              return clients.get(id)!;
            },
          }),
        }),
        mockServices.rootConfig.factory({
          data: {
            app: { baseUrl: 'http://localhost:3000' },
            backend: { workingDirectory: workDir },
            catalog: {
              processingInterval: { seconds: 1 },
              rules: [{ allow: ['Template', 'Resource', 'Location'] }],
              locations: [{ type: 'file', target: TEMPLATE }],
              providers: {
                s3Resources: {
                  schedule: {
                    frequency: { hours: 1 },
                    timeout: { minutes: 1 },
                    initialDelay: { hours: 1 },
                  },
                },
              },
            },
            s3Resources: {
              encryption: {
                keys: [
                  { id: 'k', secret: Buffer.alloc(32, 4).toString('base64') },
                ],
              },
              endpoints: {
                allow: [
                  {
                    host: endpoint.hostname,
                    ports: [Number(endpoint.port)],
                    allowHttp: true,
                    allowPrivateAddresses: true,
                  },
                ],
              },
            },
          },
        }),
      ],
    });
    await waitFor(
      () =>
        request(server)
          .get(
            '/api/catalog/entities/by-name/template/default/register-s3-bucket',
          )
          .set(asAlice)
          .then(r => r.status),
      s => s === 200,
      60_000,
      'template in the catalog',
    );
    return server;
  }

  async function runTask(server: any, values: Record<string, unknown>) {
    const created = await request(server)
      .post('/api/scaffolder/v2/tasks')
      .set(asAlice)
      .send({
        templateRef: 'template:default/register-s3-bucket',
        values,
        secrets: { secretAccessKey: getTestS3().users.tester.secretAccessKey },
      });
    expect([
      created.status,
      created.status === 201 ? '' : JSON.stringify(created.body),
    ]).toEqual([201, '']);
    const task = await waitFor(
      () =>
        request(server)
          .get(`/api/scaffolder/v2/tasks/${created.body.id}`)
          .set(asAlice)
          .then(r => r.body),
      t => ['completed', 'failed', 'cancelled'].includes(t.status),
      120_000,
      'task end',
    );
    await settleEndedScaffolderTask();
    const events = await request(server)
      .get(`/api/scaffolder/v2/tasks/${created.body.id}/events`)
      .set(asAlice);
    const completion = events.body.find((e: any) => e.type === 'completion');
    return {
      task,
      log: JSON.stringify(events.body),
      output: completion?.body?.output,
    };
  }

  it('generates policies, tests the connection, registers the bucket and publishes the entity', async () => {
    const server = await start();
    const s3 = getTestS3();
    const values = {
      name: 'tmpl-media',
      title: 'Template media',
      owner: 'group:default/team-a',
      location: {
        provider: 'ceph-rgw',
        endpoint: s3.endpoint,
        region: 'us-east-1',
        forcePathStyle: true,
      },
      bucket: bucket.bucket,
      accessLevel: 'read-write',
      defaultAcl: 'none',
      uploadMode: 'multipart',
      authMethod: 'access-key',
      accessKeyId: s3.users.tester.accessKeyId,
    };
    const { task, log, output } = await runTask(server, values);
    expect([
      task.status,
      task.status === 'completed' ? '' : log.slice(-3000),
    ]).toEqual(['completed', '']);
    expect(log).not.toContain(s3.users.tester.secretAccessKey);
    // the output page: the test in words with whole fixes, CORS and its command apart
    expect(output.text.map((t: any) => t.title)).toEqual([
      'Connection test',
      "IAM policy for the portal's credentials",
      'CORS configuration',
      'Apply the CORS configuration',
    ]);
    expect(output.text[0].content).toMatch(
      /^\*\*Passed( with warnings)?\*\*\n\n- \*\*/,
    );
    expect(output.text[3].content).toContain('aws s3api put-bucket-cors');

    const resource = await request(server)
      .get('/api/s3-resources/resources/by-name/tmpl-media')
      .set(asAlice);
    expect(resource.status).toBe(200);
    expect(resource.body.bucket).toBe(bucket.bucket);
    expect(resource.body.auth.hasSecret).toBe(true);
    // its first connection test is stored with it (history and status);
    // 'warn' where the bucket has no CORS rules yet
    const history = await request(server)
      .get(`/api/s3-resources/resources/${resource.body.id}/tests`)
      .set(asAlice);
    expect(history.body.items).toHaveLength(1);
    expect(resource.body.status.lastTest).toEqual({
      status: history.body.items[0].status,
      at: expect.any(String),
      runId: history.body.items[0].id,
    });
    expect(['pass', 'warn']).toContain(history.body.items[0].status);
    const entity = await waitFor(
      () =>
        request(server)
          .get('/api/catalog/entities/by-name/resource/default/tmpl-media')
          .set(asAlice),
      r => r.status === 200,
      30_000,
      'entity in the catalog',
    );
    expect(entity.body.spec.type).toBe('s3-bucket');

    // Running it again finds the same bucket registered and succeeds without a second resource.
    const again = await runTask(server, values);
    expect(again.task.status).toBe('completed');
    expect(again.log).toContain('was already registered for this bucket');
    const list = await request(server)
      .get('/api/s3-resources/resources')
      .set(asAlice);
    expect(list.body.totalCount).toBe(1);
  });

  it('registers a role with the ExternalId the portal issued in the form, which the resource keeps', async () => {
    const server = await start();
    const s3 = getTestS3();
    const role = await createTestRole({
      trustPolicy: trustPolicyFor('tester'),
      rolePolicy: {
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Action: ['s3:ListBucket', 's3:GetBucketLocation', 's3:GetObject'],
            Resource: [
              `arn:aws:s3:::${bucket.bucket}`,
              `arn:aws:s3:::${bucket.bucket}/*`,
            ],
          },
        ],
      },
    });
    try {
      // what the S3ConnectionTest field does when the form assumes a role
      const issued = await request(server)
        .post('/api/s3-resources/external-ids')
        .set(asAlice);
      expect(issued.status).toBe(201);
      const { task, log } = await runTask(server, {
        name: 'tmpl-role',
        owner: 'group:default/team-a',
        location: {
          provider: 'ceph-rgw',
          endpoint: s3.endpoint,
          region: 'us-east-1',
          forcePathStyle: true,
        },
        bucket: bucket.bucket,
        authMethod: 'assume-role',
        accessKeyId: s3.users.tester.accessKeyId,
        roleArn: role.roleArn,
        connectionTest: { externalId: issued.body.externalId },
      });
      expect([
        task.status,
        task.status === 'completed' ? '' : log.slice(-3000),
      ]).toEqual(['completed', '']);
      const resource = await request(server)
        .get('/api/s3-resources/resources/by-name/tmpl-role')
        .set(asAlice);
      expect(resource.body.auth).toMatchObject({
        method: 'assume-role',
        roleArn: role.roleArn,
        externalId: issued.body.externalId,
      });
    } finally {
      await role.cleanup();
    }
  });

  it('stops at the connection test when the secret is wrong, and registers nothing', async () => {
    const server = await start();
    const s3 = getTestS3();
    const created = await request(server)
      .post('/api/scaffolder/v2/tasks')
      .set(asAlice)
      .send({
        templateRef: 'template:default/register-s3-bucket',
        values: {
          name: 'tmpl-wrong',
          owner: 'group:default/team-a',
          location: {
            provider: 'ceph-rgw',
            endpoint: s3.endpoint,
            region: 'us-east-1',
            forcePathStyle: true,
          },
          bucket: bucket.bucket,
          authMethod: 'access-key',
          accessKeyId: s3.users.tester.accessKeyId,
        },
        secrets: { secretAccessKey: 'not-the-secret-at-all' },
      });
    const task = await waitFor(
      () =>
        request(server)
          .get(`/api/scaffolder/v2/tasks/${created.body.id}`)
          .set(asAlice)
          .then(r => r.body),
      t => ['completed', 'failed', 'cancelled'].includes(t.status),
      120_000,
      'task end',
    );
    await settleEndedScaffolderTask();
    expect(task.status).toBe('failed');
    // the register step refuses in words, naming the failed step: no stack frames
    const events = await request(server)
      .get(`/api/scaffolder/v2/tasks/${created.body.id}/events`)
      .set(asAlice);
    const failed = events.body.filter(
      (e: any) => e.body?.status === 'failed' && e.body?.stepId === 'register',
    );
    expect(failed.map((e: any) => e.body.message)).toEqual([
      expect.stringMatching(
        /^InputError: The connection test failed — .+\. Fix the settings and run the template again\. Nothing was registered\.$/,
      ),
    ]);
    const list = await request(server)
      .get('/api/s3-resources/resources')
      .set(asAlice);
    expect(list.body.totalCount).toBe(0);
  });
});
