import { ResponseError } from '@backstage/errors';
import { S3Resource } from '@s3-resources/plugin-s3-resources-common';
import { S3ResourcesService } from '@s3-resources/plugin-s3-resources-node';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import yaml from 'yaml';
import { createRegisterResourceAction } from './registerResource';
import { exampleSteps } from './__testUtils__/runAction';

const SECRET = 'register-test-secret-value';

function resourceFrom(request: any, id = 'id-1'): S3Resource {
  return {
    ...request,
    id,
    tags: [],
    region: request.region ?? 'us-east-1',
    forcePathStyle: true,
    defaultAcl: 'none',
    accessLevel: 'read',
    cors: { origins: [], uploadMode: 'download-only' },
    auth: { method: 'access-key', accessKeyId: '****0001', hasSecret: true },
    status: {},
    entityRef: `resource:default/${request.name}`,
    version: 1,
    createdAt: '',
    createdBy: '',
    updatedAt: '',
    updatedBy: '',
  };
}

const passed = { status: 'pass' };

const base = {
  name: 'media',
  owner: 'group:default/team-a',
  provider: 'ceph-rgw',
  endpoint: 'http://127.0.0.1:7480',
  bucket: 'media-bucket',
  auth: { method: 'access-key', accessKeyId: 'AKIAEXAMPLE000000001' },
};

function fakeService(overrides: Partial<S3ResourcesService> = {}) {
  const created: any[] = [];
  const service = {
    createResource: jest.fn(async (request: any) => {
      created.push(request);
      return resourceFrom(request);
    }),
    getResource: jest.fn(async () => resourceFrom(created[0] ?? base)),
    findResourceByName: jest.fn(async () => undefined),
    getPolicies: jest.fn(async () => ({
      iamPolicy: { json: '{"Version":"2012-10-17"}' },
      notes: [],
    })),
    ...overrides,
  } as unknown as S3ResourcesService;
  return { service, created };
}

async function run(
  service: S3ResourcesService,
  input: Record<string, unknown>,
  options: { dryRun?: boolean; workspacePath?: string } = {},
) {
  const action = createRegisterResourceAction({
    resources: service,
    appBaseUrl: 'http://portal.example.com',
  });
  const logger = mockServices.logger.mock();
  const ctx = {
    ...createMockActionContext({
      input: input as any,
      logger,
      secrets: { secretAccessKey: SECRET },
      workspacePath: options.workspacePath,
    }),
    isDryRun: options.dryRun ?? false,
    getInitiatorCredentials: async () =>
      mockCredentials.user('user:default/alice'),
  };
  await action.handler(ctx as any);
  const outputs: Record<string, any> = {};
  for (const [name, value] of (ctx.output as jest.Mock).mock.calls) {
    outputs[name] = value;
  }
  return { outputs, logger };
}

describe('s3:resource:register', () => {
  it('registers with the secret from the task secrets, never outputting or logging it', async () => {
    const { service, created } = fakeService();
    const { outputs, logger } = await run(service, {
      resource: base,
      connectionTest: passed,
    });
    expect(created[0].auth.secretAccessKey).toBe(SECRET);
    expect(outputs).toMatchObject({
      resourceId: 'id-1',
      entityRef: 'resource:default/media',
      created: true,
      entityUrl: 'http://portal.example.com/catalog/default/resource/media',
      resourceUrl: 'http://portal.example.com/s3-resources/resources/id-1',
    });
    expect(JSON.stringify(outputs)).not.toContain(SECRET);
    expect(JSON.stringify((logger.info as jest.Mock).mock.calls)).not.toContain(
      SECRET,
    );
  });

  it('refuses a missing or failed connection test with a plain message, before anything is stored', async () => {
    const { service } = fakeService();
    const missing = await run(service, { resource: base }).catch(e => e);
    expect(missing.name).toBe('InputError');
    expect(missing.message).toMatch(
      /^connectionTest: missing\. Register a bucket only after its connection test/,
    );
    expect(missing.stack).toBe(`InputError: ${missing.message}`);
    const failed = await run(service, {
      resource: base,
      connectionTest: {
        status: 'fail',
        steps: [
          { title: 'Bucket', status: 'pass', message: 'Reached' },
          {
            title: 'Credentials',
            status: 'fail',
            message: 'The secret access key does not match this access key ID',
            field: 'auth.secretAccessKey',
          },
        ],
      },
    }).catch(e => e);
    expect(failed.message).toBe(
      'The connection test failed — Credentials: The secret access key does not match this access key ID (auth.secretAccessKey). Fix the settings and run the template again. Nothing was registered.',
    );
    await expect(
      run(service, { resource: base, connectionTest: { status: 'skipped' } }),
    ).rejects.toThrow(/skipped/);
    expect(service.createResource).not.toHaveBeenCalled();
    const warned = await run(service, {
      resource: base,
      connectionTest: { status: 'warn' },
    });
    expect(warned.outputs.created).toBe(true);
  });

  it('validates only in a dry run', async () => {
    const { service } = fakeService();
    const { outputs } = await run(
      service,
      { resource: base, connectionTest: { status: 'skipped' } },
      { dryRun: true },
    );
    expect(outputs.resourceId).toBe('dry-run');
    expect(service.createResource).not.toHaveBeenCalled();
    await expect(
      run(
        service,
        { resource: { ...base, bucket: 'Bad_Bucket' }, connectionTest: passed },
        { dryRun: true },
      ),
    ).rejects.toThrow(/resource\.bucket: .*\[bucket-charset\]/);
  });

  it('returns the existing resource when the same bucket is registered again', async () => {
    const existing = resourceFrom(base, 'existing-id');
    const { service } = fakeService({
      createResource: jest.fn(async () => {
        throw await ResponseError.fromResponse(
          new Response(
            JSON.stringify({
              error: { name: 'ConflictError', message: 'taken' },
            }),
            {
              status: 409,
              headers: { 'content-type': 'application/json' },
            },
          ) as any,
        );
      }),
      findResourceByName: jest.fn(async () => existing),
      getResource: jest.fn(async () => existing),
    });
    const { outputs } = await run(service, {
      resource: base,
      connectionTest: passed,
    });
    expect(outputs).toMatchObject({
      resourceId: 'existing-id',
      created: false,
    });
  });

  it('does not adopt a different bucket registered under the same name', async () => {
    const other = resourceFrom(
      { ...base, bucket: 'someone-elses' },
      'other-id',
    );
    const { service } = fakeService({
      createResource: jest.fn(async () => {
        throw await ResponseError.fromResponse(
          new Response(
            JSON.stringify({
              error: { name: 'ConflictError', message: 'taken' },
            }),
            {
              status: 409,
              headers: { 'content-type': 'application/json' },
            },
          ) as any,
        );
      }),
      findResourceByName: jest.fn(async () => other),
    });
    await expect(
      run(service, { resource: base, connectionTest: passed }),
    ).rejects.toThrow(/409|taken/);
  });

  it('writes the entity to catalogInfoPath inside the workspace only', async () => {
    const workspacePath = await fs.mkdtemp(path.join(os.tmpdir(), 's3r-reg-'));
    const { service } = fakeService();
    await run(
      service,
      {
        resource: base,
        connectionTest: passed,
        catalogInfoPath: 'infra/catalog-info.yaml',
      },
      { workspacePath },
    );
    const written = yaml.parse(
      await fs.readFile(
        path.join(workspacePath, 'infra/catalog-info.yaml'),
        'utf8',
      ),
    );
    expect(written).toMatchObject({
      kind: 'Resource',
      metadata: { name: 'media' },
      spec: { type: 's3-bucket', owner: 'group:default/team-a' },
    });
    await expect(
      run(
        service,
        {
          resource: base,
          connectionTest: passed,
          catalogInfoPath: '../outside.yaml',
        },
        { workspacePath },
      ),
    ).rejects.toThrow(/outside/i);
    await fs.rm(workspacePath, { recursive: true, force: true });
  });

  it('runs its examples', async () => {
    const action = createRegisterResourceAction({
      resources: fakeService().service,
    });
    for (const { step } of exampleSteps(action)) {
      const { service } = fakeService();
      // the example wires the test step's output; here that test passed
      expect(step.input.connectionTest).toBe('${{ steps.test.output }}');
      const input = { ...step.input, connectionTest: passed };
      const { outputs } = await run(service, input, {
        workspacePath: await fs.mkdtemp(path.join(os.tmpdir(), 's3r-ex-')),
      });
      expect(outputs.entityRef).toBe(
        `resource:default/${(step.input.resource as any).name}`,
      );
    }
  });
});
