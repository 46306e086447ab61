import { InputError, NotFoundError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { S3ResourcesService } from '@s3-resources/plugin-s3-resources-node';
import { examples } from './shareObject.examples';

/**
 * `s3:object:share`: a presigned download link for one object of a
 * registered resource, as the user who started the task (their object
 * permission; the link is recorded under their name and audited). The
 * backend checks the key against the resource's prefix and caps the expiry.
 *
 * @public
 */
export function createShareObjectAction(options: {
  resources: S3ResourcesService;
}) {
  return createTemplateAction({
    id: 's3:object:share',
    description:
      "Creates a download link for one object of a registered S3 resource, acting as the user who started the task: the link is recorded (who, which object, until when) and audited, and its expiry is capped by s3Resources.objects.maxShareSeconds. A presigned link cannot be revoked before it expires. Give the resource's id or its entity name.",
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        resourceId: z =>
          z.string().optional().describe('Id of the registered resource'),
        resourceName: z =>
          z
            .string()
            .optional()
            .describe(
              'Entity name of the registered resource (instead of resourceId)',
            ),
        key: z =>
          z
            .string()
            .min(1)
            .describe("Object key, within the resource's prefix"),
        expiresInSeconds: z =>
          z
            .number()
            .int()
            .positive()
            .optional()
            .describe(
              "Life of the link in seconds (default: the portal's defaultShareSeconds)",
            ),
      },
      output: {
        url: z =>
          z
            .string()
            .describe(
              'The link: anyone holding it can download the object until it expires',
            ),
        expiresAt: z => z.string().describe('When the link stops working'),
        shareLinkId: z =>
          z.string().describe('Id of the recorded share link (audit view)'),
      },
    },
    async handler(ctx) {
      const { resourceId, resourceName, key, expiresInSeconds } = ctx.input;
      if ((resourceId === undefined) === (resourceName === undefined)) {
        throw new InputError(
          'Invalid input: give either resourceId or resourceName [input-one-of]',
        );
      }
      if (ctx.isDryRun) {
        ctx.logger.info(
          `Dry run: no link was created for ${key} of ${
            resourceId ?? resourceName
          }`,
        );
        ctx.output('url', '');
        ctx.output('expiresAt', '');
        ctx.output('shareLinkId', '');
        return;
      }
      const credentials = await ctx.getInitiatorCredentials();
      let id = resourceId;
      if (id === undefined) {
        const found = await options.resources.findResourceByName(
          resourceName!,
          { credentials },
        );
        if (!found) {
          throw new NotFoundError(
            `resourceName: no S3 resource named ${resourceName} that you may read`,
          );
        }
        id = found.id;
      }
      const link = await options.resources.createShareLink(
        id,
        { key, ...(expiresInSeconds ? { expiresInSeconds } : {}) },
        { credentials },
      );
      // the URL is the link's bearer credential: it goes to the output only
      ctx.logger.info(
        `Share link ${link.id} for ${link.key} of ${link.resourceName}, valid until ${link.expiresAt}`,
      );
      ctx.output('url', link.url);
      ctx.output('expiresAt', link.expiresAt);
      ctx.output('shareLinkId', link.id);
    },
  });
}
