import {
  GetBucketLocationCommand,
  GetBucketTaggingCommand,
  ListBucketsCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { LoggerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import {
  DiscoveredBucket,
  ImportSource,
  PROVIDER_PROFILES,
  OWNER_REF,
  canonicalEntityRef,
} from '@s3-resources/plugin-s3-resources-common';
import {
  AwsAccountCredentials,
  SigningCredentials,
} from '../connectionTest/AwsAccountCredentials';
import { ConnectionTester } from '../connectionTest/ConnectionTester';
import { EndpointPolicy } from '../connectionTest/EndpointPolicy';
import { createGuardedHandler } from '../connectionTest/GuardedHttpHandler';
import { classifyError } from '../connectionTest/providerErrors';
import { mapBounded } from './mapBounded';

export type DiscoveryOptions = {
  concurrency: number;
  requestTimeoutMs: number;
  connectTimeoutMs: number;
  /** Where refused addresses are logged for operators. */
  logger?: LoggerService;
};

const OWNER_TAGS = ['backstage.io/owner', 'owner', 'Owner', 'team', 'Team'];

/** DNS-safe short form of an endpoint host, for entity names. */
function endpointSlug(endpoint: string): string {
  const url = new URL(endpoint);
  return `${url.hostname}${url.port ? `-${url.port}` : ''}`
    .toLocaleLowerCase('en-US')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** Entity name for a discovered bucket: unique per endpoint, at most 63 characters. */
export function suggestedNameFor(bucket: string, endpoint?: string): string {
  const base = bucket.replace(/\./g, '-');
  if (!endpoint) return base.slice(0, 63);
  const slug = endpointSlug(endpoint);
  const name = `${base}--${slug}`;
  return name.length <= 63
    ? name
    : `${base.slice(0, Math.max(3, 62 - slug.length - 1))}--${slug}`.slice(
        0,
        63,
      );
}

function ownerFromTags(tags: Record<string, string>): string | undefined {
  for (const key of OWNER_TAGS) {
    const value = tags[key]?.trim();
    if (!value) continue;
    const ref = canonicalEntityRef(value, OWNER_REF);
    if (ref) return ref;
  }
  return undefined;
}

/** Buckets read (region, tags) and registered at the same time during an import. */
export function importConcurrency(config: Config): number {
  return config.getOptionalNumber('s3Resources.import.concurrency') ?? 16;
}

/**
 * Lists the buckets a credential can see and reads each one's region and tags
 * with bounded concurrency (never one bucket at a time), through the same
 * guarded HTTP handler as connection tests: allow-listed endpoints only,
 * addresses checked at connect time, no redirects, timeouts that abort.
 */
export class BucketDiscovery {
  /**
   * As the plugin builds it: as many buckets at a time as
   * `s3Resources.import.concurrency` (default 16), with the connection
   * tester's endpoint policy, AWS accounts and timeouts.
   */
  static fromConfig(
    config: Config,
    tester: Pick<
      ConnectionTester,
      'endpointPolicy' | 'awsAccounts' | 'timeouts' | 'logger'
    >,
  ): BucketDiscovery {
    return new BucketDiscovery(tester.endpointPolicy, tester.awsAccounts, {
      concurrency: importConcurrency(config),
      connectTimeoutMs: tester.timeouts.connectTimeoutMs,
      requestTimeoutMs: tester.timeouts.requestTimeoutMs,
      logger: tester.logger,
    });
  }

  constructor(
    private readonly endpointPolicy: EndpointPolicy,
    private readonly awsAccounts: AwsAccountCredentials,
    private readonly options: DiscoveryOptions,
  ) {}

  private async credentials(source: ImportSource): Promise<SigningCredentials> {
    if (source.auth.method === 'access-key') {
      return {
        accessKeyId: source.auth.accessKeyId,
        secretAccessKey: source.auth.secretAccessKey,
      };
    }
    try {
      return await this.awsAccounts.resolve(source.auth.accountId);
    } catch (error) {
      throw new InputError(
        `source.auth.accountId: ${(error as Error).message}`,
      );
    }
  }

  async discover(
    source: ImportSource,
    onBucket?: (bucket: DiscoveredBucket) => void,
  ): Promise<DiscoveredBucket[]> {
    const profile = PROVIDER_PROFILES[source.provider];
    const allowed = this.endpointPolicy.assertAllowed(
      source.endpoint,
      'source.endpoint',
    );
    if (profile.requiresEndpoint && !source.endpoint) {
      throw new InputError(
        `source.endpoint: is required for provider ${source.provider} [endpoint-required]`,
      );
    }
    const region = source.region ?? profile.defaultRegion;
    const handler = createGuardedHandler({
      endpoint: allowed,
      connectTimeoutMs: this.options.connectTimeoutMs,
      requestTimeoutMs: this.options.requestTimeoutMs,
      // each bucket in flight makes two calls at once (region and tags)
      maxSockets: 2 * this.options.concurrency,
      logger: this.options.logger,
    });
    const client = new S3Client({
      region,
      credentials: await this.credentials(source),
      requestHandler: handler,
      maxAttempts: 2,
      forcePathStyle: source.forcePathStyle ?? profile.forcePathStyle,
      followRegionRedirects: false,
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      ...(source.endpoint ? { endpoint: source.endpoint } : {}),
    });
    try {
      const names = await this.listBuckets(client);
      return await mapBounded(names, this.options.concurrency, async name => {
        handler.allowBucket(name);
        const found = await this.describe(client, name, region, source);
        onBucket?.(found);
        return found;
      });
    } finally {
      client.destroy();
    }
  }

  private async listBuckets(client: S3Client): Promise<string[]> {
    const names: string[] = [];
    let token: string | undefined;
    do {
      let page;
      try {
        page = await client.send(
          new ListBucketsCommand({
            MaxBuckets: 1000,
            ...(token ? { ContinuationToken: token } : {}),
          }),
        );
      } catch (error) {
        const e = classifyError(error);
        if (e.kind === 'endpoint-refused') {
          throw new InputError(
            `source.endpoint: refused by the endpoint policy: ${e.detail}`,
          );
        }
        throw new InputError(
          `source: could not list buckets (${e.code ?? e.kind}${
            e.httpStatus ? `, HTTP ${e.httpStatus}` : ''
          }); the credentials need s3:ListAllMyBuckets to discover buckets`,
        );
      }
      names.push(...(page.Buckets ?? []).map(b => b.Name!).filter(Boolean));
      // Some S3-compatible servers repeat the token forever; stop when nothing new came.
      token =
        page.ContinuationToken && (page.Buckets?.length ?? 0) > 0
          ? page.ContinuationToken
          : undefined;
    } while (token);
    return names;
  }

  private async describe(
    client: S3Client,
    bucket: string,
    fallbackRegion: string,
    source: ImportSource,
  ): Promise<DiscoveredBucket> {
    const warnings: string[] = [];
    const [location, tagging] = await Promise.all([
      client
        .send(new GetBucketLocationCommand({ Bucket: bucket }))
        .catch(error => {
          warnings.push(
            `region not readable (${classifyError(error).code ?? 'error'})`,
          );
          return undefined;
        }),
      client
        .send(new GetBucketTaggingCommand({ Bucket: bucket }))
        .catch(error => {
          const e = classifyError(error);
          if (e.code !== 'NoSuchTagSet' && e.httpStatus !== 404) {
            warnings.push(`tags not readable (${e.code ?? 'error'})`);
          }
          return undefined;
        }),
    ]);
    const tags = Object.fromEntries(
      (tagging?.TagSet ?? []).map(t => [t.Key ?? '', t.Value ?? '']),
    );
    // AWS reports us-east-1 as an empty location; S3-compatible services
    // report zone group names (e.g. Ceph's "default"), not signing regions.
    const reported = location?.LocationConstraint as string | undefined;
    const region =
      source.provider === 'aws' ? reported || 'us-east-1' : fallbackRegion;
    return {
      bucket,
      region,
      tags,
      ...(ownerFromTags(tags) ? { suggestedOwner: ownerFromTags(tags) } : {}),
      suggestedName: suggestedNameFor(bucket, source.endpoint),
      warnings,
    };
  }
}
