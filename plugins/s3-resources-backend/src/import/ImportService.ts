import { InputError, NotAllowedError } from '@backstage/errors';
import {
  DiscoveredBucket,
  ImportResult,
  ImportSource,
  ImportTest,
  PROVIDER_IDS,
  PROVIDER_PROFILES,
  ProviderId,
  ValidationError,
  checkAuthRules,
  s3ResourceCreatePermission,
  s3ResourceTestPermission,
} from '@s3-resources/plugin-s3-resources-common';
import pLimit from 'p-limit';
import { z } from 'zod';
import { ConnectionTestService } from '../service/ConnectionTestService';
import { ResourcePermissions } from '../service/ResourcePermissions';
import { CallContext, ResourceService } from '../service/ResourceService';
import { rethrowValidation } from '../service/rethrowValidation';
import { AuditTrail } from '../service/AuditTrail';
import { RateLimiter } from '../service/RateLimiter';
import { BucketDiscovery, Discovery } from './BucketDiscovery';
import { RegisteredBuckets } from './RegisteredBuckets';

const sourceSchema = z
  .object({
    provider: z.enum(PROVIDER_IDS as [ProviderId, ...ProviderId[]]),
    endpoint: z.string().max(2048).optional(),
    region: z.string().max(64).optional(),
    forcePathStyle: z.boolean().optional(),
    auth: z.discriminatedUnion('method', [
      z
        .object({
          method: z.literal('access-key'),
          accessKeyId: z.string().min(1).max(128),
          secretAccessKey: z.string().min(1).max(256),
        })
        .strict(),
      z
        .object({ method: z.literal('aws-account'), accountId: z.string() })
        .strict(),
    ]),
  })
  .strict();

const importSchema = z
  .object({
    source: sourceSchema,
    accessLevel: z.enum(['read', 'read-write', 'full']).optional(),
    buckets: z
      .array(
        z
          .object({
            bucket: z.string(),
            name: z.string().optional(),
            owner: z.string(),
            region: z.string().optional(),
            title: z.string().optional(),
            system: z.string().optional(),
          })
          .strict(),
      )
      .min(1)
      .max(5000),
  })
  .strict();

export type ImportRequest = z.infer<typeof importSchema>;

function parse<T>(schema: z.ZodType<T>, body: unknown, prefix = ''): T {
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    throw new InputError(
      parsed.error.issues
        .map(i => `${prefix}${i.path.join('.') || '(body)'}: ${i.message}`)
        .join('; '),
    );
  }
  return parsed.data;
}

type ImportServiceOptions = {
  discovery: BucketDiscovery;
  resources: ResourceService;
  permissions: ResourcePermissions;
  audit: AuditTrail;
  concurrency: number;
  /** Flags discovered buckets that are registered already. */
  registered: RegisteredBuckets;
  /** Tests each imported resource once; without it, imports are untested. */
  tests?: ConnectionTestService;
  /** Discoveries per user (each lists buckets and reads every one). */
  discoveryRateLimiter: RateLimiter;
};

/**
 * Import of existing buckets: discover what a credential can see (region,
 * tags, a suggested owner), then register the chosen ones through the
 * resource service — same validation, permissions, encryption and audit as
 * any registration. Both report progress as they go.
 */
export class ImportService {
  static create(options: ImportServiceOptions) {
    return new ImportService(options);
  }

  private constructor(private readonly options: ImportServiceOptions) {}

  private async mayCreate(ctx: CallContext) {
    if (
      !(await this.options.permissions.allows(
        s3ResourceCreatePermission,
        ctx.credentials,
      ))
    ) {
      throw new NotAllowedError('You may not register S3 resources');
    }
  }

  /** Discovers the source's buckets; `signal` stops it (the client went away). */
  async discover(
    body: unknown,
    ctx: CallContext,
    onBucket?: (bucket: DiscoveredBucket) => void,
    signal?: AbortSignal,
  ): Promise<Discovery> {
    await this.options.discoveryRateLimiter.take(
      this.options.audit.actorOf(ctx.credentials),
    );
    return this.options.audit.run(
      ctx,
      { action: 'import-discover', severityLevel: 'medium' },
      async () => {
        await this.mayCreate(ctx);
        const { source } = parse(
          z.object({ source: sourceSchema }).strict(),
          body,
        );
        // the rules a resource's credentials meet, for the source's too
        const profile = PROVIDER_PROFILES[source.provider];
        const broken = checkAuthRules(
          source.auth,
          {
            provider: source.provider,
            region: source.region ?? profile.defaultRegion,
            endpoint: source.endpoint,
          },
          'source.auth',
        );
        if (broken.length) rethrowValidation(new ValidationError(broken));
        await this.options.resources.assertAccountsUsable(
          source.auth,
          undefined,
          ctx,
        );
        // Buckets already registered are flagged as they are found, so the
        // form leaves them out rather than failing them at import.
        const registered = await this.options.registered.at(
          source,
          ctx.credentials,
        );
        const flagged = (bucket: DiscoveredBucket): DiscoveredBucket => {
          const resource = registered.get(bucket.bucket);
          return resource ? { ...bucket, registered: resource } : bucket;
        };
        const discovery = await this.options.discovery.discover(
          source as ImportSource,
          onBucket && (bucket => onBucket(flagged(bucket))),
          signal,
        );
        return { ...discovery, buckets: discovery.buckets.map(flagged) };
      },
    );
  }

  async import(
    body: unknown,
    ctx: CallContext,
    onResult?: (result: ImportResult, done: number, total: number) => void,
  ): Promise<ImportResult[]> {
    const request = parse(importSchema, body);
    await this.mayCreate(ctx);
    const limit = pLimit(this.options.concurrency);
    let done = 0;
    return Promise.all(
      request.buckets.map(item =>
        limit(async () => {
          const result = await this.importOne(request, item, ctx);
          done++;
          onResult?.(result, done, request.buckets.length);
          return result;
        }),
      ),
    );
  }

  /**
   * The connection test a single registration runs, once per imported
   * resource, within the import's concurrency, where the caller may test
   * it. Not the per-user test rate limit: the import is bounded by its own
   * size, like the discovery before it. A test that cannot run leaves the
   * resource registered and says why.
   */
  private async testImported(
    resourceId: string,
    ctx: CallContext,
  ): Promise<ImportTest | undefined> {
    if (!this.options.tests) return undefined;
    try {
      // tested only where the caller may run this resource's test
      const row = await this.options.resources.access.actionable(
        resourceId,
        ctx.credentials,
        {
          permission: s3ResourceTestPermission,
          refusal: r => `You may not test resource ${r.name}`,
        },
      );
      const run = await this.options.tests.testForSweep(
        row,
        this.options.audit.actorOf(ctx.credentials),
      );
      const problem = run.steps.find(
        step => step.status === run.status && step.status !== 'pass',
      );
      return {
        status: run.status,
        runId: run.id,
        ...(problem ? { problem: `${problem.title}: ${problem.message}` } : {}),
      };
    } catch (error) {
      return {
        status: 'fail',
        problem: `The connection test could not run: ${
          (error as Error).message
        }`,
      };
    }
  }

  /** Registers one bucket; its failure is a result, not an error. */
  private async importOne(
    request: ImportRequest,
    item: ImportRequest['buckets'][number],
    ctx: CallContext,
  ): Promise<ImportResult> {
    const { source } = request;
    const name = item.name ?? item.bucket;
    const auth =
      source.auth.method === 'access-key'
        ? { ...source.auth }
        : {
            method: 'aws-account' as const,
            accountId: source.auth.accountId,
          };
    try {
      const created = await this.options.resources.create(
        {
          name,
          owner: item.owner,
          provider: source.provider,
          bucket: item.bucket,
          ...(source.endpoint ? { endpoint: source.endpoint } : {}),
          ...(item.region ?? source.region
            ? { region: item.region ?? source.region }
            : {}),
          ...(source.forcePathStyle !== undefined
            ? { forcePathStyle: source.forcePathStyle }
            : {}),
          ...(item.title ? { title: item.title } : {}),
          ...(item.system ? { system: item.system } : {}),
          ...(request.accessLevel ? { accessLevel: request.accessLevel } : {}),
          auth,
        },
        ctx,
      );
      return {
        bucket: item.bucket,
        name,
        outcome: 'created',
        resourceId: created.id,
        test: await this.testImported(created.id, ctx),
      };
    } catch (error) {
      const e = error as Error;
      return {
        bucket: item.bucket,
        name,
        outcome: e.name === 'ConflictError' ? 'exists' : 'failed',
        message: e.message,
      };
    }
  }
}
