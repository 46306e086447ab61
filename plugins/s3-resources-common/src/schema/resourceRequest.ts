import { z } from 'zod';
import { PROVIDER_IDS, PROVIDER_PROFILES } from '../providers';
import {
  CreateResourceRequest,
  ProviderId,
  ResourceSettings,
  UpdateResourceRequest,
} from '../types';
import { RuleViolation, ValidationError, validateBucketName } from '../validation';

const ENTITY_NAME = /^[a-z0-9A-Z]([-_.a-z0-9A-Z]*[a-z0-9A-Z])?$/;
const ENTITY_REF = /^(user|group):([a-z0-9A-Z-_.]+\/)?[-_.a-z0-9A-Z]+$/;

const providerSchema = z.enum(PROVIDER_IDS as [ProviderId, ...ProviderId[]]);
const objectAcl = z.enum([
  'none',
  'private',
  'public-read',
  'public-read-write',
  'authenticated-read',
  'aws-exec-read',
  'bucket-owner-read',
  'bucket-owner-full-control',
]);
const accessKeyAuth = z
  .object({
    method: z.literal('access-key'),
    accessKeyId: z.string().min(1).max(128),
    secretAccessKey: z.string().min(1).max(256).optional(),
  })
  .strict();
const awsAccountAuth = z
  .object({ method: z.literal('aws-account'), accountId: z.string() })
  .strict();
const assumeRoleAuth = z
  .object({
    method: z.literal('assume-role'),
    roleArn: z.string().min(1).max(2048),
    source: z.discriminatedUnion('method', [accessKeyAuth, awsAccountAuth]),
  })
  .strict();
const authSchema = z.discriminatedUnion('method', [
  accessKeyAuth,
  assumeRoleAuth,
  awsAccountAuth,
]);

const corsSchema = z
  .object({
    origins: z.array(z.string().min(1).max(2048)).max(100),
    uploadMode: z.enum([
      'download-only',
      'simple-put',
      'presigned-post',
      'multipart',
    ]),
    methods: z.array(z.enum(['GET', 'PUT', 'POST', 'DELETE', 'HEAD'])),
    maxAgeSeconds: z.number().int().min(0).max(86400),
  })
  .strict()
  .partial();

const settingsShape = {
  name: z
    .string()
    .min(1)
    .max(63)
    .regex(ENTITY_NAME, 'must be a valid catalog entity name'),
  title: z.string().max(256).optional(),
  description: z.string().max(4096).optional(),
  owner: z
    .string()
    .regex(ENTITY_REF, 'must be an entity ref like group:default/team-a'),
  system: z.string().max(253).optional(),
  tags: z.array(z.string().regex(/^[a-z0-9:+#-]{1,63}$/)).max(20),
  provider: providerSchema,
  bucket: z.string(),
  region: z.string().min(1).max(64),
  endpoint: z.string().max(2048).optional(),
  forcePathStyle: z.boolean(),
  prefix: z.string().max(1024).optional(),
  defaultAcl: objectAcl,
  objectOwnership: z
    .enum(['BucketOwnerEnforced', 'BucketOwnerPreferred', 'ObjectWriter'])
    .optional(),
  accessLevel: z.enum(['read', 'read-write', 'full', 'custom']),
  customActions: z.array(z.string()).max(100).optional(),
  kmsKeyArn: z.string().max(2048).optional(),
};

const createSchema = z
  .object({
    ...settingsShape,
    tags: settingsShape.tags.optional(),
    forcePathStyle: settingsShape.forcePathStyle.optional(),
    defaultAcl: settingsShape.defaultAcl.optional(),
    accessLevel: settingsShape.accessLevel.optional(),
    region: settingsShape.region.optional(),
    cors: corsSchema.optional(),
    auth: authSchema,
  })
  .strict();

const updateSchema = z
  .object({
    ...settingsShape,
    cors: corsSchema,
    auth: authSchema,
  })
  .strict()
  .partial()
  .extend({ version: z.number().int().min(1) });

function toViolations(error: z.ZodError): RuleViolation[] {
  return error.issues.map(issue => {
    const field = issue.path.join('.') || '(body)';
    if (issue.code === 'unrecognized_keys') {
      return {
        field: [...issue.path, ...issue.keys].join('.'),
        rule: 'unknown-field',
        message: `unknown field(s): ${issue.keys.join(', ')}`,
      };
    }
    return { field, rule: `schema-${issue.code}`, message: issue.message };
  });
}

/** Rules that span fields, applied to complete settings. */
export function checkSettingsRules(settings: ResourceSettings): RuleViolation[] {
  const out: RuleViolation[] = [];
  const profile = PROVIDER_PROFILES[settings.provider];
  const bucket = validateBucketName(settings.bucket);
  if (bucket) out.push(bucket);
  if (profile.requiresEndpoint && !settings.endpoint) {
    out.push({
      field: 'endpoint',
      rule: 'endpoint-required',
      message: `is required for provider ${settings.provider}`,
    });
  }
  if (settings.endpoint) {
    let url: URL | undefined;
    try {
      url = new URL(settings.endpoint);
    } catch {
      out.push({
        field: 'endpoint',
        rule: 'endpoint-url',
        message: 'must be an absolute http(s) URL',
      });
    }
    if (url && url.protocol !== 'https:' && url.protocol !== 'http:') {
      out.push({
        field: 'endpoint',
        rule: 'endpoint-scheme',
        message: 'must use https (or http where the operator allows it)',
      });
    }
    if (url && (url.username || url.password)) {
      out.push({
        field: 'endpoint',
        rule: 'endpoint-userinfo',
        message: 'must not contain user information (user@host)',
      });
    }
  }
  return out;
}

/** Fills defaults of a create request from the provider profile. */
export function applyCreateDefaults(
  input: CreateResourceRequest,
  appBaseUrl?: string,
): ResourceSettings & { auth: CreateResourceRequest['auth'] } {
  const profile = PROVIDER_PROFILES[input.provider];
  return {
    ...input,
    tags: input.tags ?? [],
    region: input.region ?? profile.defaultRegion,
    forcePathStyle: input.forcePathStyle ?? profile.forcePathStyle,
    defaultAcl: input.defaultAcl ?? 'none',
    accessLevel: input.accessLevel ?? 'read',
    cors: {
      origins: input.cors?.origins ?? (appBaseUrl ? [appBaseUrl] : []),
      uploadMode: input.cors?.uploadMode ?? 'download-only',
      ...(input.cors?.methods ? { methods: input.cors.methods } : {}),
      ...(input.cors?.maxAgeSeconds !== undefined
        ? { maxAgeSeconds: input.cors.maxAgeSeconds }
        : {}),
    },
  };
}

/**
 * Parses and validates a create request. Throws a ValidationError naming
 * every field and rule broken.
 */
export function parseCreateResourceRequest(
  body: unknown,
  appBaseUrl?: string,
): ResourceSettings & { auth: CreateResourceRequest['auth'] } {
  const parsed = createSchema.safeParse(body);
  if (!parsed.success) {
    throw new ValidationError(toViolations(parsed.error));
  }
  const settings = applyCreateDefaults(
    parsed.data as CreateResourceRequest,
    appBaseUrl,
  );
  const violations = checkSettingsRules(settings);
  if (violations.length) throw new ValidationError(violations);
  return settings;
}

/** Parses the shape of an update request; cross-field rules run on the merged result. */
export function parseUpdateResourceRequest(body: unknown): UpdateResourceRequest {
  const parsed = updateSchema.safeParse(body);
  if (!parsed.success) {
    throw new ValidationError(toViolations(parsed.error));
  }
  return parsed.data as UpdateResourceRequest;
}
