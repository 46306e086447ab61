import { CorsMethod, ResourceSettings, UploadMode } from '../types';
import {
  CORS_METHODS,
  RuleViolation,
  validateBucketName,
  validateCorsMaxAge,
  validateCorsMethods,
  validateCorsOrigins,
  validateEndpoint,
  ValidationError,
} from '../validation';
import { shellQuote } from './shellQuote';
import {
  CorsConfiguration,
  CorsConfigurationInput,
  CorsRule,
  GeneratedCorsConfiguration,
  UploadModeMethods,
} from './types';

/**
 * The methods each way of using the bucket from a browser needs.
 *
 * @public
 */
export const UPLOAD_MODE_METHODS: UploadModeMethods = {
  'download-only': ['GET', 'HEAD'],
  'simple-put': ['GET', 'HEAD', 'PUT'],
  'presigned-post': ['GET', 'HEAD', 'POST'],
  multipart: ['GET', 'HEAD', 'PUT'],
};

const METHOD_REASONS: Record<CorsMethod, string> = {
  GET: 'Download objects and presigned GET URLs',
  HEAD: 'Read object metadata before downloading',
  PUT: 'Upload with presigned PUT URLs',
  POST: 'Upload with presigned POST forms',
  DELETE: 'Delete objects from the browser',
};

/**
 * What the AWS docs and the internal-tool docs use.
 *
 * @public
 */
export const DEFAULT_CORS_MAX_AGE_SECONDS = 3000;
/** @public */
export const CORS_RULE_ID = 's3-resources';

const UPLOAD_MODES = Object.keys(UPLOAD_MODE_METHODS) as UploadMode[];

function check(input: CorsConfigurationInput): RuleViolation[] {
  const out: RuleViolation[] = [];
  const push = (v: RuleViolation | undefined) => v && out.push(v);
  push(validateBucketName(input.bucket));
  if (!UPLOAD_MODES.includes(input.uploadMode)) {
    push({
      field: 'cors.uploadMode',
      rule: 'cors-upload-mode',
      message: `must be one of ${UPLOAD_MODES.join(', ')}`,
    });
  }
  if (input.origins.length === 0) {
    push({
      field: 'cors.origins',
      rule: 'cors-origins-empty',
      message: "must list at least one origin (by default the app's base URL)",
    });
  }
  out.push(...validateCorsOrigins(input.origins));
  out.push(...validateCorsMethods(input.methods ?? []));
  if (input.maxAgeSeconds !== undefined) {
    push(validateCorsMaxAge(input.maxAgeSeconds));
  }
  if (input.endpoint !== undefined) push(validateEndpoint(input.endpoint));
  return out;
}

/**
 * The CORS configuration the bucket needs for the upload mode and origins:
 * one rule, in the S3 API shape, the console's shape and as a CLI command.
 *
 * @public
 */
export function generateCorsConfiguration(
  input: CorsConfigurationInput,
): GeneratedCorsConfiguration {
  const violations = check(input);
  if (violations.length) throw new ValidationError(violations);

  const wanted = new Set<CorsMethod>([
    ...UPLOAD_MODE_METHODS[input.uploadMode],
    ...(input.methods ?? []),
  ]);
  const methods = CORS_METHODS.filter(m => wanted.has(m));
  const rule: CorsRule = {
    ID: CORS_RULE_ID,
    AllowedOrigins: [...input.origins],
    AllowedMethods: methods,
    // Presigned uploads carry Content-Type, checksums and x-amz-* headers.
    AllowedHeaders: ['*'],
    ...(input.uploadMode === 'multipart' ? { ExposeHeaders: ['ETag'] } : {}),
    MaxAgeSeconds: input.maxAgeSeconds ?? DEFAULT_CORS_MAX_AGE_SECONDS,
  };
  const configuration: CorsConfiguration = { CORSRules: [rule] };
  const args = [
    'aws s3api put-bucket-cors',
    `--bucket ${shellQuote(input.bucket)}`,
    `--cors-configuration ${shellQuote(JSON.stringify(configuration))}`,
    ...(input.region ? [`--region ${shellQuote(input.region)}`] : []),
    ...(input.endpoint ? [`--endpoint-url ${shellQuote(input.endpoint)}`] : []),
  ];

  const notes: string[] = [];
  if (input.uploadMode === 'multipart') {
    notes.push(
      "ETag is exposed because browsers must read each part's ETag to complete a multipart upload.",
    );
  }
  if (input.origins.includes('*')) {
    notes.push(
      '"*" lets every web page call the bucket from a browser; credentials still decide what succeeds.',
    );
  }
  return {
    configuration,
    console: configuration.CORSRules,
    json: JSON.stringify(configuration, null, 2),
    command: args.join(' '),
    reasons: methods.map(method => ({
      method,
      reason: UPLOAD_MODE_METHODS[input.uploadMode].includes(method)
        ? `${METHOD_REASONS[method]} (upload mode ${input.uploadMode})`
        : `${METHOD_REASONS[method]} (requested)`,
    })),
    notes,
  };
}

/**
 * The CORS configuration a resource's settings call for, for its own origins
 * unless `origins` is given.
 *
 * @public
 */
export function corsConfigurationOf(
  settings: Pick<ResourceSettings, 'bucket' | 'cors' | 'endpoint' | 'region'>,
  origins: string[] = settings.cors.origins,
): GeneratedCorsConfiguration {
  return generateCorsConfiguration({
    bucket: settings.bucket,
    origins,
    uploadMode: settings.cors.uploadMode,
    methods: settings.cors.methods,
    maxAgeSeconds: settings.cors.maxAgeSeconds,
    endpoint: settings.endpoint,
    region: settings.region,
  });
}
