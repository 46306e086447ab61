import { z } from 'zod';
import { PROVIDER_IDS, PROVIDER_PROFILES } from '../providers';
import {
  CorsMethod,
  CreateResourceRequest,
  ProviderId,
  ResourceSettings,
  UpdateResourceRequest,
} from '../types';
import { resolveActions } from '../policies/accessLevels';
import {
  OWNER_REF,
  SYSTEM_REF,
  canonicalEntityRef,
  checkAuthRules,
  checkGrantRules,
  RuleViolation,
  validateBucketName,
  validateCorsMaxAge,
  validateCorsMethods,
  validateCorsOrigins,
  validateCustomActions,
  validateEndpoint,
  validateEntityRef,
  validatePrefix,
  ValidationError,
} from '../validation';

const ENTITY_NAME = /^[a-z0-9A-Z]([-_.a-z0-9A-Z]*[a-z0-9A-Z])?$/;

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
    externalId: z.string().max(1224).optional(),
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
  owner: z.string().max(255),
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

/**
 * Structure of a create request; the rules that need several fields run after it.
 *
 * @public
 */
export const createResourceRequestSchema = z
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

/**
 * Structure of an update request: any settings, and the version read.
 *
 * @public
 */
export const updateResourceRequestSchema = z
  .object({
    ...settingsShape,
    cors: corsSchema,
    auth: authSchema,
  })
  .strict()
  .partial()
  // at most the database's integer: a larger "version" is no version the API gave
  .extend({ version: z.number().int().min(1).max(2_147_483_647) });

/**
 * A schema's complaints as rule violations naming each field.
 *
 * @public
 */
export function toViolations(error: z.ZodError): RuleViolation[] {
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

type Found = RuleViolation | RuleViolation[] | undefined;
const collect = (...found: Found[]): RuleViolation[] =>
  found.flatMap(f => (f === undefined ? [] : f));

/** Rules of single fields that need no other field; run on whatever is present. */
function checkFieldRules(
  settings: Partial<Omit<ResourceSettings, 'cors'>> & {
    cors?: Partial<ResourceSettings['cors']>;
  },
): RuleViolation[] {
  const { cors } = settings;
  return collect(
    settings.owner === undefined
      ? undefined
      : validateEntityRef(settings.owner, OWNER_REF, 'owner'),
    settings.system === undefined
      ? undefined
      : validateEntityRef(settings.system, SYSTEM_REF, 'system'),
    settings.bucket === undefined
      ? undefined
      : validateBucketName(settings.bucket),
    settings.prefix === undefined ? undefined : validatePrefix(settings.prefix),
    settings.endpoint === undefined
      ? undefined
      : validateEndpoint(settings.endpoint),
    // An empty list is judged with the access level, on complete settings.
    settings.customActions?.length
      ? validateCustomActions(settings.customActions)
      : undefined,
    cors?.origins === undefined ? undefined : validateCorsOrigins(cors.origins),
    cors?.methods === undefined ? undefined : validateCorsMethods(cors.methods),
    cors?.maxAgeSeconds === undefined
      ? undefined
      : validateCorsMaxAge(cors.maxAgeSeconds),
  );
}

/** The S3 action a browser request with this CORS method needs. */
const METHOD_ACTIONS: Partial<Record<CorsMethod, string>> = {
  PUT: 's3:PutObject',
  POST: 's3:PutObject',
  DELETE: 's3:DeleteObject',
};

/** Browser methods fail without the matching S3 action, so refuse the mismatch up front. */
function checkCorsAgainstAccess(settings: ResourceSettings): RuleViolation[] {
  const granted = new Set(resolveActions(settings).actions.map(a => a.action));
  const out: RuleViolation[] = [];
  const level = `access level "${settings.accessLevel}"`;
  if (
    settings.cors.uploadMode !== 'download-only' &&
    !granted.has('s3:PutObject')
  ) {
    out.push({
      field: 'cors.uploadMode',
      rule: 'cors-upload-needs-write',
      message: `"${settings.cors.uploadMode}" uploads need s3:PutObject, which ${level} does not grant`,
    });
  }
  (settings.cors.methods ?? []).forEach((method, i) => {
    const needs = METHOD_ACTIONS[method];
    if (needs && !granted.has(needs)) {
      out.push({
        field: `cors.methods.${i}`,
        rule: 'cors-method-needs-action',
        message: `${method} from a browser needs ${needs}, which ${level} does not grant`,
      });
    }
  });
  return out;
}

/**
 * Every rule on complete settings: single-field rules, the grant rules the
 * policy generators apply, and rules that span fields. Updates run it on
 * the merged result.
 *
 * @public
 */
export function checkSettingsRules(
  settings: ResourceSettings,
): RuleViolation[] {
  const profile = PROVIDER_PROFILES[settings.provider];
  const out = [
    // checkGrantRules covers these three; don't report them twice
    ...checkFieldRules({
      ...settings,
      bucket: undefined,
      prefix: undefined,
      customActions: undefined,
    }),
    ...checkGrantRules(settings),
  ];
  if (profile.requiresEndpoint && !settings.endpoint) {
    out.push({
      field: 'endpoint',
      rule: 'endpoint-required',
      message: `is required for provider ${settings.provider}`,
    });
  }
  out.push(...checkCorsAgainstAccess(settings));
  return out;
}

/**
 * Owner and system in their one spelling (`group:default/team-a`), whatever
 * form the catalog accepts was sent. Refs that break a rule are left as they
 * are: the validators name what is wrong with them.
 *
 * @public
 */
export function withCanonicalRefs<
  T extends { owner?: string; system?: string },
>(input: T): T {
  const owner =
    input.owner === undefined
      ? undefined
      : canonicalEntityRef(input.owner, OWNER_REF);
  const system =
    input.system === undefined
      ? undefined
      : canonicalEntityRef(input.system, SYSTEM_REF);
  return {
    ...input,
    ...(owner ? { owner } : {}),
    ...(system ? { system } : {}),
  };
}

/**
 * Browsers send the origin only, so a base URL with a path would never match.
 *
 * @public
 */
export function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return url; // the origin validator names what is wrong
  }
}

/**
 * Fills defaults of a create request from the provider profile.
 *
 * @public
 */
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
      origins:
        input.cors?.origins ?? (appBaseUrl ? [originOf(appBaseUrl)] : []),
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
 *
 * @public
 */
export function parseCreateResourceRequest(
  body: unknown,
  appBaseUrl?: string,
): ResourceSettings & { auth: CreateResourceRequest['auth'] } {
  const parsed = createResourceRequestSchema.safeParse(body);
  if (!parsed.success) {
    throw new ValidationError(toViolations(parsed.error));
  }
  const settings = applyCreateDefaults(
    withCanonicalRefs(parsed.data as CreateResourceRequest),
    appBaseUrl,
  );
  const violations = checkResourceRules(settings, settings.auth);
  if (violations.length) throw new ValidationError(violations);
  return settings;
}

/**
 * Every rule a whole resource must meet: its settings and its credentials
 * together. A create runs it on the request; an update on the merged
 * resource, so both meet exactly the same rules.
 *
 * @public
 */
export function checkResourceRules(
  settings: ResourceSettings,
  auth: CreateResourceRequest['auth'],
): RuleViolation[] {
  return [...checkSettingsRules(settings), ...checkAuthRules(auth, settings)];
}

/**
 * Parses an update request and checks the fields it holds on their own.
 * Rules that need other fields run on the merged resource: call
 * `checkResourceRules` on it.
 *
 * @public
 */
export function parseUpdateResourceRequest(
  body: unknown,
): UpdateResourceRequest {
  const parsed = updateResourceRequestSchema.safeParse(body);
  if (!parsed.success) {
    throw new ValidationError(toViolations(parsed.error));
  }
  const request = parsed.data as UpdateResourceRequest;
  const violations = checkFieldRules(request);
  if (violations.length) throw new ValidationError(violations);
  return withCanonicalRefs(request);
}
