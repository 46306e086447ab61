import { resolveSafeChildPath } from '@backstage/backend-plugin-api';
import { ResponseError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  CreateResourceRequest,
  DEFAULT_SECRET_NAME,
  S3Resource,
  endpointKeyOf,
  parseCreateResourceRequest,
  resourceEntityRef,
  resourceToEntity,
} from '@s3-resources/plugin-s3-resources-common';
import { S3ResourcesService } from '@s3-resources/plugin-s3-resources-node';
import fs from 'node:fs/promises';
import path from 'node:path';
import { stringify as toYaml } from 'yaml';
import { examples } from './registerResource.examples';
import { parseResourceInput } from './taskSecrets';
import {
  ConnectionTestVerdict,
  requirePassingTest,
} from './connectionTestGate';

/** The same bucket, prefix, endpoint and owner: registering again returns it. */
function isSameResource(
  existing: S3Resource,
  request: ReturnType<typeof parseCreateResourceRequest>,
): boolean {
  return (
    existing.provider === request.provider &&
    existing.bucket === request.bucket &&
    (existing.prefix ?? '') === (request.prefix ?? '') &&
    endpointKeyOf(existing.endpoint) === endpointKeyOf(request.endpoint) &&
    existing.owner.toLocaleLowerCase('en-US') ===
      request.owner.toLocaleLowerCase('en-US')
  );
}

/**
 * `s3:resource:register`: registers a bucket as the user who started the
 * task (their permissions, their audit identity). Registering the same bucket
 * again returns the existing resource, so a retried task does not fail.
 *
 * @public
 */
export function createRegisterResourceAction(options: {
  resources: S3ResourcesService;
  appBaseUrl?: string;
}) {
  return createTemplateAction({
    id: 's3:resource:register',
    description:
      'Registers an S3 or S3-compatible bucket as a resource, acting as the user who started the task, once its connection test passed (or passed with warnings): give the output of an s3:connection:test step on the same resource; a missing or failed test is refused before anything is stored. The secret access key is read from the task secrets, never from inputs. Registering the same bucket again returns the existing resource.',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        resource: z =>
          z
            .record(z.string(), z.unknown())
            .describe(
              'The resource to register: the POST /resources body without the secret',
            ),
        connectionTest: z =>
          z
            .object({
              status: z.enum(['pass', 'warn', 'fail', 'skipped']),
              steps: z
                .array(
                  z
                    .object({
                      title: z.string(),
                      status: z.string(),
                      message: z.string(),
                      field: z.string().optional(),
                    })
                    .passthrough(),
                )
                .optional(),
            })
            .passthrough()
            .optional()
            .describe(
              'The output of the s3:connection:test step run on this resource (`${{ steps.test.output }}`); registration needs its status to be pass or warn',
            ),
        secretName: z =>
          z
            .string()
            .describe(
              `Name of the task secret holding the secret access key (default ${DEFAULT_SECRET_NAME})`,
            )
            .optional(),
        catalogInfoPath: z =>
          z
            .string()
            .describe(
              'Also write the entity as YAML to this path in the workspace (for teams that keep entities in Git)',
            )
            .optional(),
      },
      output: {
        resourceId: z => z.string().describe('Id of the registered resource'),
        entityRef: z => z.string().describe('Ref of its catalog entity'),
        created: z =>
          z
            .boolean()
            .describe(
              'False when the bucket was already registered identically',
            ),
        resourceUrl: z =>
          z.string().describe('The resource on the S3 resources page'),
        entityUrl: z => z.string().describe('Its catalog entity page'),
        trustPolicyJson: z =>
          z
            .string()
            .describe(
              'For assume-role: the role trust policy with this resource’s ExternalId',
            )
            .optional(),
        iamPolicyJson: z =>
          z.string().describe('The identity policy the credentials need'),
        catalogInfoPath: z =>
          z.string().describe('Where the entity YAML was written').optional(),
      },
    },
    async handler(ctx) {
      const secret = ctx.secrets?.[ctx.input.secretName ?? DEFAULT_SECRET_NAME];
      const { request, parsed } = parseResourceInput(
        ctx.input.resource,
        secret,
        options.appBaseUrl,
      );
      requirePassingTest(
        ctx.input.connectionTest as ConnectionTestVerdict | undefined,
        ctx.isDryRun ?? false,
      );
      const catalogInfoPath = ctx.input.catalogInfoPath
        ? resolveSafeChildPath(ctx.workspacePath, ctx.input.catalogInfoPath)
        : undefined;
      const base = options.appBaseUrl ?? '';
      const entityUrl = `${base}/catalog/default/resource/${parsed.name}`;

      if (ctx.isDryRun) {
        ctx.logger.info(`Dry run: resource ${parsed.name} is valid`);
        ctx.output('resourceId', 'dry-run');
        ctx.output('entityRef', resourceEntityRef(parsed.name));
        ctx.output('created', true);
        ctx.output('resourceUrl', `${base}/s3-resources`);
        ctx.output('entityUrl', entityUrl);
        ctx.output('iamPolicyJson', '{}');
        return;
      }

      const credentials = await ctx.getInitiatorCredentials();
      const registered = await ctx.checkpoint({
        key: `s3-resource-register-${parsed.name}`,
        fn: async () => {
          try {
            const created = await options.resources.createResource(
              request as CreateResourceRequest,
              { credentials },
            );
            return { id: created.id, created: true };
          } catch (error) {
            if ((error as ResponseError).response?.status !== 409) throw error;
            const existing = await options.resources.findResourceByName(
              parsed.name,
              { credentials },
            );
            if (existing && isSameResource(existing, parsed)) {
              return { id: existing.id, created: false };
            }
            throw error;
          }
        },
      });

      const resource = await options.resources.getResource(registered.id, {
        credentials,
      });
      const policies = await options.resources.getPolicies(registered.id, {
        credentials,
      });
      ctx.logger.info(
        registered.created
          ? `Registered S3 resource ${resource.entityRef}`
          : `${resource.entityRef} was already registered for this bucket; using it`,
      );
      if (catalogInfoPath) {
        await fs.mkdir(path.dirname(catalogInfoPath), { recursive: true });
        await fs.writeFile(catalogInfoPath, toYaml(resourceToEntity(resource)));
        ctx.output('catalogInfoPath', ctx.input.catalogInfoPath!);
      }
      ctx.output('resourceId', resource.id);
      ctx.output('entityRef', resource.entityRef);
      ctx.output('created', registered.created);
      ctx.output(
        'resourceUrl',
        `${base}/s3-resources/resources/${resource.id}`,
      );
      ctx.output('entityUrl', entityUrl);
      ctx.output('iamPolicyJson', policies.iamPolicy.json);
      if (policies.trustPolicy) {
        ctx.output('trustPolicyJson', policies.trustPolicy.json);
      }
    },
  });
}
