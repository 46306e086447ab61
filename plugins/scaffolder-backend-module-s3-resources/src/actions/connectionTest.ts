import { CustomErrorBase, InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  CreateResourceRequest,
  TestRun,
  DEFAULT_SECRET_NAME,
  TestStatus,
} from '@s3-resources/plugin-s3-resources-common';
import { S3ResourcesService } from '@s3-resources/plugin-s3-resources-node';
import { examples } from './connectionTest.examples';
import { parseResourceInput } from './taskSecrets';
import { connectionTestReport } from './connectionTestReport';

const STATUSES = ['pass', 'warn', 'fail', 'skipped'] as const;
const FAIL_ON = ['fail', 'warn', 'never'] as const;

/** The test ran and its verdict is at least as bad as `failOn`. */
export class ConnectionTestFailedError extends CustomErrorBase {
  name = 'ConnectionTestFailedError' as const;
}

const failsOn = (status: TestStatus, failOn: (typeof FAIL_ON)[number]) =>
  failOn === 'never'
    ? false
    : status === 'fail' || (failOn === 'warn' && status === 'warn');

/** One line per step, for logs and the `summary` output. */
function summarize(run: Pick<TestRun, 'status' | 'steps'>): string {
  const line = (s: TestRun['steps'][number]) => {
    const hint =
      (s.status === 'fail' || s.status === 'warn') && s.remediation
        ? ` — ${s.remediation.split('\n')[0]}`
        : '';
    return `${s.status.padEnd(7)} ${s.title}: ${s.message}${hint}`;
  };
  return [`Connection test: ${run.status}`, ...run.steps.map(line)].join('\n');
}

/**
 * `s3:connection:test`: runs the layered connection test, as the user who
 * started the task, on a registered resource (by id) or on a configuration
 * that is not registered yet (its secret from the task secrets). Outputs the
 * steps and the verdict; fails the task on `failOn`. A dry run makes no
 * network call.
 */
export function createConnectionTestAction(options: {
  resources: S3ResourcesService;
}) {
  return createTemplateAction({
    id: 's3:connection:test',
    description:
      'Tests the connection to an S3 bucket, as the user who started the task: the endpoint policy, credentials, AssumeRole, bucket, region, listing, an optional write probe, CORS, ACL compatibility, public access block and default encryption. Give either the id of a registered resource, or an unregistered resource (the POST /resources body without the secret; the secret access key is read from the task secrets). Outputs every step and the verdict; by default the step fails when the verdict is fail.',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        resourceId: z =>
          z
            .string()
            .min(1)
            .optional()
            .describe(
              'Id of a registered resource to test (its stored credentials are used)',
            ),
        resource: z =>
          z
            .record(z.string(), z.unknown())
            .optional()
            .describe(
              'A resource that is not registered: the POST /resources body without the secret',
            ),
        secretName: z =>
          z
            .string()
            .optional()
            .describe(
              'Name of the task secret holding the secret access key of `resource` (default secretAccessKey)',
            ),
        writeProbe: z =>
          z
            .boolean()
            .optional()
            .describe(
              'Also put a sentinel object under the prefix (default ACL and tags) and delete it (default false)',
            ),
        failOn: z =>
          z
            .enum(FAIL_ON)
            .optional()
            .describe(
              'fail (default): the step fails when the verdict is fail; warn: also on warn; never: only report',
            ),
      },
      output: {
        status: z =>
          z
            .enum(STATUSES)
            .describe('The verdict: pass, warn or fail (skipped in a dry run)'),
        steps: z =>
          z
            .array(
              z.object({
                id: z.string(),
                title: z.string(),
                status: z.enum(STATUSES),
                durationMs: z.number(),
                message: z.string(),
                errorCode: z.string().optional(),
                httpStatus: z.number().optional(),
                remediation: z.string().optional(),
              }),
            )
            .describe('Each step: status, message, error code and remediation'),
        summary: z =>
          z.string().describe('The verdict and one line per step, as text'),
        report: z =>
          z
            .string()
            .describe(
              'The verdict and every step in words, with whole remediations, as Markdown (for a template output)',
            ),
        runId: z =>
          z
            .string()
            .optional()
            .describe('Id of the stored test run (registered resources only)'),
      },
    },
    async handler(ctx) {
      const { resourceId, resource, writeProbe } = ctx.input;
      const failOn = ctx.input.failOn ?? 'fail';
      if ((resourceId === undefined) === (resource === undefined)) {
        throw new InputError(
          'Invalid input: give either resourceId (a registered resource) or resource (one that is not registered) [input-one-of]',
        );
      }
      let request: CreateResourceRequest | undefined;
      if (resource) {
        const secret =
          ctx.secrets?.[ctx.input.secretName ?? DEFAULT_SECRET_NAME];
        request = parseResourceInput(resource, secret).request;
      }
      if (ctx.isDryRun) {
        const what = resourceId ? `resource ${resourceId}` : request!.name;
        ctx.logger.info(`Dry run: no connection test of ${what} was run`);
        ctx.output('status', 'skipped');
        ctx.output('steps', []);
        ctx.output('summary', 'Connection test: skipped (dry run)');
        ctx.output(
          'report',
          connectionTestReport({ status: 'skipped', steps: [] }),
        );
        return;
      }
      const credentials = await ctx.getInitiatorCredentials();
      const run = resourceId
        ? await options.resources.testResource(
            resourceId,
            { writeProbe },
            { credentials },
          )
        : await options.resources.testConfiguration(
            request!,
            { writeProbe },
            { credentials },
          );
      const summary = summarize(run);
      ctx.logger.info(summary);
      ctx.output('status', run.status);
      ctx.output('steps', run.steps);
      ctx.output('summary', summary);
      ctx.output('report', connectionTestReport(run));
      if (run.resourceId) ctx.output('runId', run.id);
      if (failsOn(run.status, failOn)) {
        const bad = run.steps
          .filter(
            s =>
              s.status === 'fail' || (failOn === 'warn' && s.status === 'warn'),
          )
          .map(s => `${s.title}: ${s.message}`);
        throw new ConnectionTestFailedError(
          `Connection test ${run.status} (failOn: ${failOn}): ${bad.join(
            '; ',
          )}`,
        );
      }
    },
  });
}
