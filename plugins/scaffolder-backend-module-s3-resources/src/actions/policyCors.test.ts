import { InputError } from '@backstage/errors';
import { generateCorsConfiguration } from '@s3-resources/plugin-s3-resources-common';
import {
  exampleSteps,
  expectOutputsMatchSchema,
  runAction,
} from './__testUtils__/runAction';
import { createPolicyCorsAction } from './policyCors';

const APP_BASE_URL = 'https://backstage.example.com/portal';

async function inputErrorOf(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    e => e,
  );
  expect(error).toBeInstanceOf(InputError);
  return (error as Error).message;
}

describe('s3:policy:cors', () => {
  const action = createPolicyCorsAction({ appBaseUrl: APP_BASE_URL });

  describe('examples', () => {
    it.each(exampleSteps(action).map(e => [e.description, e.step]))(
      '%s',
      async (_description, step) => {
        expect(step.action).toBe('s3:policy:cors');
        const input = step.input as any;
        const { outputs } = await runAction(action, input);
        const origins = input.origins ?? ['https://backstage.example.com'];
        const expected = generateCorsConfiguration({
          bucket: input.bucket,
          origins,
          uploadMode: input.uploadMode ?? 'download-only',
          methods: input.methods,
          maxAgeSeconds: input.maxAgeSeconds,
          endpoint: input.endpoint,
          region: input.region,
        });
        expect(outputs).toEqual({
          configuration: expected.configuration,
          configurationJson: expected.json,
          consoleJson: JSON.stringify(expected.console, null, 2),
          command: expected.command,
          origins,
          reasons: expected.reasons,
          notes: expected.notes,
        });
        expect(JSON.parse(outputs.configurationJson)).toEqual(
          outputs.configuration,
        );
        expect(JSON.parse(outputs.consoleJson)).toEqual(
          outputs.configuration.CORSRules,
        );
        expectOutputsMatchSchema(action, outputs);
      },
    );
  });

  it('produces the same outputs in a dry run', async () => {
    for (const { step } of exampleSteps(action)) {
      const real = await runAction(action, step.input);
      const dry = await runAction(action, step.input, { dryRun: true });
      expect(dry.outputs).toEqual(real.outputs);
    }
  });

  it("allows the origin of the app's base URL by default, not the URL", async () => {
    const { outputs } = await runAction(action, { bucket: 'acme-data' });
    expect(outputs.origins).toEqual(['https://backstage.example.com']);
    expect(outputs.configuration.CORSRules).toEqual([
      {
        ID: 's3-resources',
        AllowedOrigins: ['https://backstage.example.com'],
        AllowedMethods: ['GET', 'HEAD'],
        AllowedHeaders: ['*'],
        MaxAgeSeconds: 3000,
      },
    ]);
  });

  it('exposes ETag for multipart uploads and builds the command for the endpoint', async () => {
    const { outputs } = await runAction(action, {
      bucket: 'media',
      uploadMode: 'multipart',
      endpoint: 'https://rgw.example.com',
    });
    expect(outputs.configuration.CORSRules[0]).toMatchObject({
      AllowedMethods: ['GET', 'PUT', 'HEAD'],
      ExposeHeaders: ['ETag'],
    });
    expect(outputs.command).toMatch(
      /^aws s3api put-bucket-cors --bucket media --cors-configuration '.*' --endpoint-url https:\/\/rgw\.example\.com$/,
    );
  });

  it('requires origins when app.baseUrl is not configured', async () => {
    const message = await inputErrorOf(
      runAction(createPolicyCorsAction(), { bucket: 'acme-data' }),
    );
    expect(message).toBe(
      'Invalid input: origins: is required when app.baseUrl is not configured (it is the default origin) [input-required]',
    );
  });

  it('names every broken field by its input name, with the rule', async () => {
    const message = await inputErrorOf(
      runAction(action, {
        bucket: 'acme-data',
        origins: ['https://app.example.com/', 'https://a.example.com'],
        methods: ['GET', 'GET'],
        maxAgeSeconds: 90000,
        endpoint: 'ftp://rgw.example.com',
      }),
    );
    expect(message).toContain('origins.0: must be an origin only');
    expect(message).toContain('[cors-origin-path]');
    expect(message).toContain('methods.1: repeats GET [cors-method-duplicate]');
    expect(message).toContain('maxAgeSeconds: must be a whole number');
    expect(message).toContain('[cors-max-age]');
    expect(message).toContain('endpoint: must use https');
    expect(message).not.toContain('cors.');
  });

  it('says when the bad origin came from app.baseUrl', async () => {
    const message = await inputErrorOf(
      runAction(createPolicyCorsAction({ appBaseUrl: 'backstage' }), {
        bucket: 'acme-data',
      }),
    );
    expect(message).toMatch(
      /^Invalid input: origins.0 \(from app\.baseUrl\): .*\[cors-origin-/,
    );
  });

  it('refuses a bad bucket name', async () => {
    const message = await inputErrorOf(
      runAction(action, { bucket: 'Acme_Data' }),
    );
    expect(message).toMatch(/bucket: .*\[bucket-/);
  });

  it('describes every input and output in its JSON schema', () => {
    for (const schema of [action.schema!.input, action.schema!.output]) {
      for (const [name, property] of Object.entries<any>(
        (schema as any).properties,
      )) {
        expect([name, typeof property.description]).toEqual([name, 'string']);
      }
    }
  });
});
