import { InputError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  CreateResourceRequest,
  ValidationError,
  parseCreateResourceRequest,
} from '@s3-resources/plugin-s3-resources-common';
import { S3ResourcesService } from '@s3-resources/plugin-s3-resources-node';

/** Puts the secret from the task's secrets into the request; it never appears in inputs or outputs. */
function withSecret(
  resource: Record<string, unknown>,
  secret: string | undefined,
): CreateResourceRequest {
  const request = structuredClone(resource) as unknown as CreateResourceRequest;
  if (!secret) return request;
  if (request.auth?.method === 'access-key') {
    request.auth.secretAccessKey = secret;
  } else if (
    request.auth?.method === 'assume-role' &&
    request.auth.source?.method === 'access-key'
  ) {
    request.auth.source.secretAccessKey = secret;
  }
  return request;
}

/** `s3:resource:register`: registers a resource as the user who started the task. */
export function createRegisterResourceAction(options: {
  resources: S3ResourcesService;
}) {
  return createTemplateAction({
    id: 's3:resource:register',
    description:
      'Registers an S3 or S3-compatible bucket as a resource, acting as the user who started the task. The secret access key is read from the task secrets, never from inputs.',
    supportsDryRun: true,
    schema: {
      input: {
        resource: z =>
          z
            .record(z.string(), z.unknown())
            .describe(
              'The resource to register, as the POST /resources body without the secret',
            ),
        secretName: z =>
          z
            .string()
            .default('secretAccessKey')
            .describe('Name of the task secret holding the secret access key')
            .optional(),
      },
      output: {
        resourceId: z => z.string().describe('Id of the registered resource'),
        entityRef: z => z.string().describe('Ref of its catalog entity'),
      },
    },
    async handler(ctx) {
      const secret = ctx.secrets?.[ctx.input.secretName ?? 'secretAccessKey'];
      const request = withSecret(ctx.input.resource, secret);
      try {
        parseCreateResourceRequest(request);
      } catch (error) {
        if (error instanceof ValidationError)
          throw new InputError(error.message);
        throw error;
      }
      if (ctx.isDryRun) {
        ctx.logger.info(`Dry run: resource ${request.name} is valid`);
        ctx.output('resourceId', 'dry-run');
        ctx.output('entityRef', `resource:default/${request.name}`);
        return;
      }
      const credentials = await ctx.getInitiatorCredentials();
      const created = await ctx.checkpoint({
        key: `s3-resource-register-${request.name}`,
        fn: async () => {
          const resource = await options.resources.createResource(request, {
            credentials,
          });
          return { id: resource.id, entityRef: resource.entityRef };
        },
      });
      ctx.logger.info(`Registered S3 resource ${created.entityRef}`);
      ctx.output('resourceId', created.id);
      ctx.output('entityRef', created.entityRef);
    },
  });
}
