import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  CORS_METHODS,
  CorsMethod,
  generateCorsConfiguration,
  originOf,
  UPLOAD_MODE_METHODS,
  UploadMode,
} from '@s3-resources/plugin-s3-resources-common';
import { examples } from './policyCors.examples';
import {
  generateOrInputError,
  violationsToInputError,
} from './validationInputError';

const UPLOAD_MODES = Object.keys(UPLOAD_MODE_METHODS) as [
  UploadMode,
  ...UploadMode[],
];
const METHODS = [...CORS_METHODS] as [CorsMethod, ...CorsMethod[]];

/** @public */
export type PolicyCorsActionOptions = {
  /** `app.baseUrl`: its origin is the default allowed origin. */
  appBaseUrl?: string;
};

/** The generator names CORS fields as in a resource (`cors.origins`); the action's inputs have no `cors.` prefix. */
const actionField = (field: string) => field.replace(/^cors\./, '');

/**
 * `s3:policy:cors`: the CORS configuration a bucket needs for the way
 * browsers use it, from the shared generator. Pure: a dry run produces the
 * same outputs.
 *
 * @public
 */
export function createPolicyCorsAction(options: PolicyCorsActionOptions = {}) {
  const defaultOrigin = options.appBaseUrl
    ? originOf(options.appBaseUrl)
    : undefined;
  return createTemplateAction({
    id: 's3:policy:cors',
    description:
      "Generates the CORS configuration an S3 bucket needs so browsers can use it in the given upload mode (multipart exposes ETag). Allowed origins default to the origin of the app's base URL. Outputs the configuration as an object and as pretty JSON, the rules for the S3 console, an `aws s3api put-bucket-cors` command, a reason per method and notes.",
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        bucket: z => z.string().describe('Bucket name'),
        uploadMode: z =>
          z
            .enum(UPLOAD_MODES)
            .optional()
            .describe(
              'download-only (default): GET, HEAD; simple-put and multipart add PUT (multipart also exposes ETag); presigned-post adds POST',
            ),
        origins: z =>
          z
            .array(z.string())
            .optional()
            .describe(
              "Allowed origins, e.g. https://app.example.com or https://*.example.com. Default: the origin of the app's base URL (app.baseUrl)",
            ),
        methods: z =>
          z
            .array(z.enum(METHODS))
            .optional()
            .describe('Methods beyond those the upload mode needs'),
        maxAgeSeconds: z =>
          z
            .number()
            .int()
            .optional()
            .describe(
              'How long browsers may cache the preflight answer; 0 to 86400, default 3000',
            ),
        endpoint: z =>
          z
            .string()
            .optional()
            .describe(
              'Endpoint of an S3-compatible service, for the CLI command',
            ),
        region: z =>
          z.string().optional().describe('Region, for the CLI command'),
      },
      output: {
        configuration: z =>
          z
            .object({
              CORSRules: z.array(
                z.object({
                  ID: z.string().optional(),
                  AllowedOrigins: z.array(z.string()),
                  AllowedMethods: z.array(z.enum(METHODS)),
                  AllowedHeaders: z.array(z.string()).optional(),
                  ExposeHeaders: z.array(z.string()).optional(),
                  MaxAgeSeconds: z.number().optional(),
                }),
              ),
            })
            .describe(
              'The configuration in the S3 API shape (PutBucketCors CORSConfiguration)',
            ),
        configurationJson: z =>
          z
            .string()
            .describe(
              'The configuration, pretty-printed, for aws s3api put-bucket-cors --cors-configuration',
            ),
        consoleJson: z =>
          z
            .string()
            .describe(
              "The rules array, pretty-printed, for the S3 console's CORS editor",
            ),
        command: z =>
          z
            .string()
            .describe('An aws s3api put-bucket-cors command that applies it'),
        origins: z => z.array(z.string()).describe('The allowed origins used'),
        reasons: z =>
          z
            .array(z.object({ method: z.enum(METHODS), reason: z.string() }))
            .describe('Why each method is allowed'),
        notes: z => z.array(z.string()).describe('What to watch for'),
      },
    },
    async handler(ctx) {
      const input = ctx.input;
      const origins =
        input.origins ?? (defaultOrigin ? [defaultOrigin] : undefined);
      if (!origins) {
        throw violationsToInputError([
          {
            field: 'origins',
            rule: 'input-required',
            message:
              'is required when app.baseUrl is not configured (it is the default origin)',
          },
        ]);
      }
      const generated = generateOrInputError(
        () =>
          generateCorsConfiguration({
            bucket: input.bucket,
            origins,
            uploadMode: input.uploadMode ?? 'download-only',
            methods: input.methods,
            maxAgeSeconds: input.maxAgeSeconds,
            endpoint: input.endpoint,
            region: input.region,
          }),
        {
          fieldName: actionField,
          fromConfig: input.origins ? {} : { origins: 'app.baseUrl' },
        },
      );
      const [rule] = generated.configuration.CORSRules;
      ctx.logger.info(
        `Generated the CORS configuration for bucket ${
          input.bucket
        }: ${rule.AllowedMethods.join(', ')} from ${origins.join(', ')}${
          ctx.isDryRun ? ' (dry run)' : ''
        }`,
      );
      ctx.output('configuration', generated.configuration);
      ctx.output('configurationJson', generated.json);
      ctx.output('consoleJson', JSON.stringify(generated.console, null, 2));
      ctx.output('command', generated.command);
      ctx.output('origins', origins);
      ctx.output('reasons', generated.reasons);
      ctx.output('notes', generated.notes);
    },
  });
}
