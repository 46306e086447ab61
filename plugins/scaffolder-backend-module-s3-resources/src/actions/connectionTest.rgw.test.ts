import {
  PutBucketCorsCommand,
  PutPublicAccessBlockCommand,
} from '@aws-sdk/client-s3';
import {
  TestDatabases,
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import {
  TemplateAction,
  scaffolderActionsExtensionPoint,
} from '@backstage/plugin-scaffolder-node';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import {
  TestBucket,
  createTestBucket,
  getTestS3,
  requireEnforcingServer,
  s3ClientFor,
} from '@internal/s3-test-harness';
// The real backend plugin is the server this module talks to; only the test loads both.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import s3ResourcesBackend from '@s3-resources/plugin-s3-resources-backend';
import { scaffolderModuleS3Resources } from '../module';

// The action through the real backend plugin (over HTTP, as the user) against Ceph RGW.
jest.setTimeout(60_000);

describe('s3:connection:test end to end', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
  let bucket: TestBucket;

  beforeAll(async () => {
    requireEnforcingServer('the connection test action');
    bucket = await createTestBucket('action');
    await s3ClientFor('tester').send(
      new PutBucketCorsCommand({
        Bucket: bucket.bucket,
        CORSConfiguration: {
          CORSRules: [
            {
              AllowedOrigins: ['http://localhost:3000'],
              AllowedMethods: ['GET', 'HEAD', 'PUT'],
              AllowedHeaders: ['*'],
            },
          ],
        },
      }),
    );
    // public policies are restricted: nothing for the test to warn about
    // (other settings stay off: the write probe sets an ACL, tests put policies)
    await s3ClientFor('tester').send(
      new PutPublicAccessBlockCommand({
        Bucket: bucket.bucket,
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: false,
          IgnorePublicAcls: false,
          BlockPublicPolicy: false,
          RestrictPublicBuckets: true,
        },
      }),
    );
  });
  afterAll(() => bucket?.cleanup());

  async function actions() {
    const addActions = jest.fn();
    await startTestBackend({
      extensionPoints: [[scaffolderActionsExtensionPoint, { addActions }]],
      features: [
        s3ResourcesBackend,
        scaffolderModuleS3Resources,
        mockServices.database.factory({
          knex: await databases.init('SQLITE_3'),
        }),
        mockServices.rootConfig.factory({
          data: {
            app: { baseUrl: 'http://localhost:3000' },
            s3Resources: {
              encryption: {
                keys: [
                  { id: 'k', secret: Buffer.alloc(32, 9).toString('base64') },
                ],
              },
              endpoints: {
                allow: [
                  {
                    host: '127.0.0.1',
                    ports: [7480],
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
    const all: TemplateAction<any, any, any>[] = addActions.mock.calls.flat();
    return new Map(all.map(a => [a.id, a]));
  }

  async function run(
    action: TemplateAction<any, any, any>,
    input: Record<string, unknown>,
  ) {
    const logger = mockServices.logger.mock();
    const ctx = {
      ...createMockActionContext({
        input: input as any,
        logger,
        secrets: { secretAccessKey: getTestS3().users.tester.secretAccessKey },
      }),
      getInitiatorCredentials: async () =>
        mockCredentials.user('user:default/alice'),
    };
    await action.handler(ctx);
    const outputs: Record<string, any> = {};
    for (const [name, value] of (ctx.output as jest.Mock).mock.calls) {
      outputs[name] = value;
    }
    return { outputs, logger };
  }

  it('tests an unsaved configuration, registers it, then tests it by id', async () => {
    const registered = await actions();
    const resource = {
      name: 'action-e2e',
      owner: 'group:default/team-a',
      provider: 'ceph-rgw',
      bucket: bucket.bucket,
      endpoint: getTestS3().endpoint,
      accessLevel: 'read-write',
      cors: { uploadMode: 'simple-put' },
      auth: {
        method: 'access-key',
        accessKeyId: getTestS3().users.tester.accessKeyId,
      },
    };
    const unsaved = await run(registered.get('s3:connection:test')!, {
      resource,
      writeProbe: true,
    });
    expect(unsaved.outputs.status).toBe('pass');
    expect(unsaved.outputs.runId).toBeUndefined();
    expect(unsaved.outputs.steps.map((s: any) => [s.id, s.status])).toEqual(
      expect.arrayContaining([
        ['write', 'pass'],
        ['cors', 'pass'],
        // accepted by the provider, though RGW has no GetCallerIdentity
        ['credentials', 'pass'],
      ]),
    );

    const reg = await run(registered.get('s3:resource:register')!, {
      resource,
      connectionTest: unsaved.outputs,
    });
    const byId = await run(registered.get('s3:connection:test')!, {
      resourceId: reg.outputs.resourceId,
      failOn: 'warn',
    });
    expect(byId.outputs.status).toBe('pass');
    expect(byId.outputs.runId).toEqual(expect.any(String));

    const secret = getTestS3().users.tester.secretAccessKey;
    for (const r of [unsaved, reg, byId]) {
      expect(JSON.stringify(r.outputs)).not.toContain(secret);
      expect(JSON.stringify(r.logger.info.mock.calls)).not.toContain(secret);
    }
  });

  it('fails the step on a failing verdict, with the outputs set', async () => {
    const registered = await actions();
    const action = registered.get('s3:connection:test')!;
    const logger = mockServices.logger.mock();
    const ctx = {
      ...createMockActionContext({
        input: {
          resource: {
            name: 'action-missing',
            owner: 'group:default/team-a',
            provider: 'ceph-rgw',
            bucket: 'no-such-bucket-for-the-action',
            endpoint: getTestS3().endpoint,
            auth: {
              method: 'access-key',
              accessKeyId: getTestS3().users.tester.accessKeyId,
            },
          },
        },
        logger,
        secrets: { secretAccessKey: getTestS3().users.tester.secretAccessKey },
      }),
      getInitiatorCredentials: async () =>
        mockCredentials.user('user:default/alice'),
    };
    await expect(action.handler(ctx)).rejects.toMatchObject({
      name: 'ConnectionTestFailedError',
      message: expect.stringContaining(
        'Bucket reachable: Bucket no-such-bucket-for-the-action does not exist',
      ),
    });
    expect(ctx.output).toHaveBeenCalledWith('status', 'fail');
  });
});
