import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { InputError } from '@backstage/errors';
import { TemplateAction } from '@backstage/plugin-scaffolder-node';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { TestRun, TestStatus } from '@s3-resources/plugin-s3-resources-common';
import { S3ResourcesService } from '@s3-resources/plugin-s3-resources-node';
import { validate } from 'jsonschema';
import {
  exampleSteps,
  expectOutputsMatchSchema,
} from './__testUtils__/runAction';
import { createConnectionTestAction } from './connectionTest';

const SECRET = 'scaffolder-test-secret-never-output-0001';
const ALICE = mockCredentials.user('user:default/alice');

function runOf(status: TestStatus, resourceId?: string): TestRun {
  return {
    id: 'run-1',
    ...(resourceId ? { resourceId } : {}),
    status,
    startedAt: '2026-11-28T00:00:00.000Z',
    durationMs: 42,
    initiatedBy: 'user:default/alice',
    steps: [
      {
        id: 'endpoint',
        title: 'Endpoint policy',
        status: 'pass',
        durationMs: 0,
        message: 'allowed',
      },
      {
        id: 'cors',
        title: 'CORS',
        status: status === 'fail' ? 'warn' : status,
        durationMs: 5,
        message: 'CORS rules are missing',
        remediation: 'Apply this CORS configuration:\n{}',
      },
      ...(status === 'fail'
        ? [
            {
              id: 'list',
              title: 'List objects',
              status: 'fail' as const,
              durationMs: 5,
              message: 's3:ListBucket denied on bucket b',
              errorCode: 'AccessDenied',
              httpStatus: 403,
            },
          ]
        : []),
    ],
  };
}

/** A stand-in resource service that records what the action asked. */
function fakeResources(status: TestStatus = 'pass') {
  const calls: Array<{ method: string; args: unknown[] }> = [];
  const service = {
    async testResource(...args: unknown[]) {
      calls.push({ method: 'testResource', args });
      return runOf(status, args[0] as string);
    },
    async testConfiguration(...args: unknown[]) {
      calls.push({ method: 'testConfiguration', args });
      return runOf(status);
    },
  } as unknown as S3ResourcesService;
  return { service, calls };
}

async function run(
  action: TemplateAction<any, any, any>,
  input: Record<string, unknown>,
  options: { dryRun?: boolean; secrets?: Record<string, string> } = {},
) {
  const check = validate(input, action.schema!.input!);
  if (!check.valid) throw new Error(`schema: ${check.errors.join(', ')}`);
  const logger = mockServices.logger.mock();
  const ctx = {
    ...createMockActionContext({
      input: input as any,
      logger,
      secrets: options.secrets ?? { secretAccessKey: SECRET },
    }),
    isDryRun: options.dryRun ?? false,
    getInitiatorCredentials: async () => ALICE,
  };
  const outputs: Record<string, any> = {};
  let error: unknown;
  try {
    await action.handler(ctx);
  } catch (e) {
    error = e;
  }
  for (const [name, value] of (ctx.output as jest.Mock).mock.calls) {
    outputs[name] = value;
  }
  const logs = JSON.stringify(
    (['debug', 'info', 'warn', 'error'] as const).map(
      level => (logger[level] as jest.Mock).mock.calls,
    ),
  );
  return { outputs, logs, error };
}

describe('s3:connection:test', () => {
  describe('examples', () => {
    const { service } = fakeResources();
    const examples = exampleSteps(
      createConnectionTestAction({ resources: service }),
    );
    const byId = examples.filter(e => e.step.input.resourceId);
    const unsaved = examples.filter(e => e.step.input.resource);

    it('all use the action and either an id or a resource', () => {
      expect(examples.map(e => e.step.action)).toEqual(
        examples.map(() => 's3:connection:test'),
      );
      expect(byId.length + unsaved.length).toBe(examples.length);
      expect(byId.length).toBeGreaterThan(0);
      expect(unsaved.length).toBeGreaterThan(0);
    });

    async function runExample(input: Record<string, any>) {
      const { service: resources, calls } = fakeResources();
      const action = createConnectionTestAction({ resources });
      const result = await run(action, input);
      expect(result.error).toBeUndefined();
      expect(result.outputs.status).toBe('pass');
      expect(result.outputs.steps).toHaveLength(2);
      expect(result.outputs.summary).toMatch(/^Connection test: pass\n/);
      expectOutputsMatchSchema(action, result.outputs);
      expect(calls).toHaveLength(1);
      // acts as the user who started the task
      expect(calls[0].args[2]).toEqual({ credentials: ALICE });
      expect(JSON.stringify(result.outputs)).not.toContain(SECRET);
      expect(result.logs).not.toContain(SECRET);
      return { ...result, calls };
    }

    it.each(byId.map(e => [e.description, e.step.input]))(
      '%s',
      async (_description, input) => {
        const { calls, outputs } = await runExample(input);
        expect(calls[0].method).toBe('testResource');
        expect(calls[0].args[0]).toBe(input.resourceId);
        expect(outputs.runId).toBe('run-1');
      },
    );

    it.each(unsaved.map(e => [e.description, e.step.input]))(
      '%s',
      async (_description, input) => {
        const { calls, outputs } = await runExample(input);
        expect(calls[0].method).toBe('testConfiguration');
        // the secret reaches the service from the task secrets only
        expect((calls[0].args[0] as any).auth.secretAccessKey).toBe(SECRET);
        expect(input.resource.auth.secretAccessKey).toBeUndefined();
        expect(calls[0].args[1]).toEqual({ writeProbe: input.writeProbe });
        expect(outputs.runId).toBeUndefined();
      },
    );
  });

  it.each([
    ['pass', 'fail', false],
    ['warn', 'fail', false],
    ['fail', 'fail', true],
    ['pass', 'warn', false],
    ['warn', 'warn', true],
    ['fail', 'warn', true],
    ['fail', 'never', false],
    ['warn', 'never', false],
  ] as const)(
    'verdict %s with failOn %s fails the step: %s',
    async (status, failOn, fails) => {
      const { service } = fakeResources(status);
      const action = createConnectionTestAction({ resources: service });
      const { outputs, error } = await run(action, {
        resourceId: 'r1',
        failOn,
      });
      // the outputs are there either way
      expect(outputs.status).toBe(status);
      const failure = error as Error | undefined;
      expect(failure?.name).toBe(
        fails ? 'ConnectionTestFailedError' : undefined,
      );
      expect(failure?.message ?? '').toContain(
        fails ? `Connection test ${status}` : '',
      );
    },
  );

  it('fails on fail by default, naming the failed steps', async () => {
    const { service } = fakeResources('fail');
    const action = createConnectionTestAction({ resources: service });
    const { error } = await run(action, { resourceId: 'r1' });
    expect((error as Error).message).toBe(
      'Connection test fail (failOn: fail): List objects: s3:ListBucket denied on bucket b',
    );
  });

  it('reports the verdict and every step in words, with the whole fix, for the task page', async () => {
    const { service } = fakeResources('warn');
    const action = createConnectionTestAction({ resources: service });
    const { outputs } = await run(action, { resourceId: 'r1' });
    expect(outputs.report).toBe(
      [
        '**Passed with warnings**',
        '',
        '- **Passed** · Endpoint policy: allowed',
        '- **Passed with warnings** · CORS: CORS rules are missing',
        '',
        '  Apply this CORS configuration:',
        '  {}',
        '',
      ].join('\n'),
    );
  });

  it('makes no call in a dry run', async () => {
    const { service, calls } = fakeResources();
    const action = createConnectionTestAction({ resources: service });
    for (const { step } of exampleSteps(action)) {
      const { outputs, error } = await run(action, step.input, {
        dryRun: true,
      });
      expect(error).toBeUndefined();
      expect(outputs).toEqual({
        status: 'skipped',
        steps: [],
        summary: 'Connection test: skipped (dry run)',
        report: '**Not run**\n',
      });
    }
    expect(calls).toEqual([]);
  });

  it('wants exactly one of resourceId and resource', async () => {
    const { service, calls } = fakeResources();
    const action = createConnectionTestAction({ resources: service });
    for (const input of [{}, { resourceId: 'r1', resource: { name: 'x' } }]) {
      const { error } = await run(action, input);
      expect(error).toBeInstanceOf(InputError);
      expect((error as Error).message).toContain('[input-one-of]');
    }
    expect(calls).toEqual([]);
  });

  it('refuses an invalid resource before any call, naming field and rule, without the secret', async () => {
    const { service, calls } = fakeResources();
    const action = createConnectionTestAction({ resources: service });
    const { error, logs } = await run(action, {
      resource: {
        name: 'bad',
        owner: 'group:default/team-a',
        provider: 'ceph-rgw',
        bucket: 'Bad_Bucket',
        endpoint: 'https://rgw.example.com',
        auth: { method: 'access-key', accessKeyId: 'AKID' },
      },
    });
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toContain('[bucket-charset]');
    expect((error as Error).message).not.toContain(SECRET);
    expect(logs).not.toContain(SECRET);
    expect(calls).toEqual([]);
  });
});
