import {
  GetBucketLocationCommand,
  GetBucketTaggingCommand,
  HeadBucketCommand,
  ListBucketsCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { LoggerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import pLimit from 'p-limit';
import {
  DiscoveredBucket,
  ImportSource,
  PROVIDER_PROFILES,
  validateBucketName,
} from '@s3-resources/plugin-s3-resources-common';
import {
  AwsAccountCredentials,
  SigningCredentials,
} from '../connectionTest/AwsAccountCredentials';
import { ConnectionTester } from '../connectionTest/ConnectionTester';
import { EndpointPolicy } from '../connectionTest/EndpointPolicy';
import { createGuardedHandler } from '../connectionTest/GuardedHttpHandler';
import {
  ClassifiedError,
  classifyError,
} from '../connectionTest/providerErrors';
import { refusedCredentials } from './refusedCredentials';
import { ownerFromTags, suggestedNameFor } from './suggestions';

export type DiscoveryOptions = {
  concurrency: number;
  requestTimeoutMs: number;
  connectTimeoutMs: number;
  /** The whole discovery; then it ends with what it has read. */
  deadlineMs: number;
  /** Buckets read at most; beyond, the answer says there are more. */
  maxBuckets: number;
  /** Where refused addresses are logged for operators. */
  logger?: LoggerService;
};

/** Why a discovery ended before it had read every bucket. */
export type DiscoveryIncomplete = {
  reason: 'deadline' | 'max-buckets' | 'max-pages' | 'cancelled';
  message: string;
};

/** The buckets read, in ListBuckets order, and whether that is all of them. */
export type Discovery = {
  buckets: DiscoveredBucket[];
  incomplete?: DiscoveryIncomplete;
};

/** Whether an explicitly named bucket exists, as HeadBucket answered. */
export type BucketPresence =
  | { exists: boolean; note?: string }
  | { unknown: string };

/** A bucket's tags, or why they could not be read. */
export type BucketTags = { tags: Record<string, string> } | { unknown: string };

export type SurveyIncomplete = {
  reason: DiscoveryIncomplete['reason'] | 'max-calls';
  message: string;
};

/** What a bounded look at a source saw; see {@link BucketDiscovery.survey}. */
export type Survey = {
  names: string[];
  heads: Map<string, BucketPresence>;
  tags: Map<string, BucketTags>;
  calls: number;
  incomplete?: SurveyIncomplete;
  /** The source could not be listed at all. */
  error?: string;
  /** Listed names that break the bucket naming rules, left out of `names`. */
  skipped?: string;
};

/**
 * The one rule for "no tags": the server says the bucket has no tag set
 * (AWS NoSuchTagSet, Ceph RGW NoSuchTagSetError). Any other answer, a bare
 * 404 included (the bucket may be gone), leaves the tags unknown.
 */
function hasNoTagSet(e: { code?: string }): boolean {
  return e.code === 'NoSuchTagSet' || e.code === 'NoSuchTagSetError';
}

export const DISCOVERY_DEFAULTS = { deadlineMs: 60_000, maxBuckets: 1000 };

/** ListBuckets page size asked for (servers may answer with fewer). */
const LIST_PAGE = 1000;

/**
 * ListBuckets pages read at most: enough for maxBuckets at 100 a page, so a
 * server that answers a few buckets a page (or repeats its token) cannot keep
 * a discovery listing.
 */
const maxPagesFor = (maxBuckets: number) =>
  Math.max(10, Math.ceil(maxBuckets / 100) + 1);

/** Buckets read (region, tags) and registered at the same time during an import. */
export function importConcurrency(config: Config): number {
  return positiveInteger(config, 'concurrency', 16);
}

function positiveInteger(config: Config, key: string, fallback: number) {
  const value = config.getOptionalNumber(`s3Resources.import.${key}`);
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 1) {
    throw new Error(
      `s3Resources.import.${key}: must be a whole number of at least 1`,
    );
  }
  return value;
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
   * `s3Resources.import.concurrency` (default 16), at most
   * `s3Resources.import.maxBuckets` (default 1000) within
   * `s3Resources.import.deadlineMs` (default 60 s), with the connection
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
      deadlineMs: positiveInteger(
        config,
        'deadlineMs',
        DISCOVERY_DEFAULTS.deadlineMs,
      ),
      maxBuckets: positiveInteger(
        config,
        'maxBuckets',
        DISCOVERY_DEFAULTS.maxBuckets,
      ),
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

  /**
   * Lists the buckets and reads each one's region and tags. Ends early, with
   * the buckets read so far and the reason, at the deadline, at maxBuckets,
   * after too many ListBuckets pages, or when `signal` aborts (the client
   * went away); calls under way are aborted then.
   */
  async discover(
    source: ImportSource,
    onBucket?: (bucket: DiscoveredBucket) => void,
    signal?: AbortSignal,
  ): Promise<Discovery> {
    const { client, handler, region, stop } = await this.open(source, signal);
    const stopped = (): DiscoveryIncomplete['reason'] =>
      signal?.aborted ? 'cancelled' : 'deadline';
    try {
      const listed = await this.listBuckets(client, stop, e =>
        refusedCredentials(e, {
          source,
          client,
          allowBucket: b => handler.allowBucket(b),
          region,
          timeouts: this.options,
        }),
      );
      if (listed.stopped) {
        return {
          buckets: [],
          incomplete: this.incomplete(stopped(), { read: 0 }),
        };
      }
      const limit = pLimit(this.options.concurrency);
      const read = await Promise.all(
        listed.names.map(name =>
          limit(async () => {
            if (stop.aborted) return undefined;
            handler.allowBucket(name);
            const found = await this.describe(
              client,
              name,
              region,
              source,
              stop,
            );
            if (found) onBucket?.(found);
            return found;
          }),
        ),
      );
      const buckets = read.filter((b): b is DiscoveredBucket => !!b);
      if (stop.aborted) {
        return {
          buckets,
          incomplete: this.incomplete(stopped(), {
            read: buckets.length,
            listed: listed.names.length,
          }),
        };
      }
      return {
        buckets,
        ...(listed.cut
          ? {
              incomplete: this.incomplete(listed.cut, {
                read: buckets.length,
                pages: listed.pages,
              }),
            }
          : {}),
      };
    } finally {
      client.destroy();
    }
  }

  /**
   * One client for a source: the guarded handler (allow-list, addresses
   * checked at connect time, no redirects, timeouts), the source's
   * credentials, and a signal that stops at the deadline or at `signal`.
   */
  private async open(source: ImportSource, signal?: AbortSignal) {
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
    const credentials = await this.credentials(source);
    const deadline = AbortSignal.timeout(this.options.deadlineMs);
    const stop = signal ? AbortSignal.any([signal, deadline]) : deadline;
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
      credentials,
      requestHandler: handler,
      maxAttempts: 2,
      forcePathStyle: source.forcePathStyle ?? profile.forcePathStyle,
      followRegionRedirects: false,
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      ...(source.endpoint ? { endpoint: source.endpoint } : {}),
    });
    return { client, handler, region, stop };
  }

  /**
   * A bounded look at a source for reconciliation, on the same client as a
   * discovery: the bucket names (ListBuckets pages), HeadBucket for the
   * explicit names (buckets the credentials reach but do not own, which
   * ListBuckets does not show), then the tags of the buckets `tagsWanted`
   * names, in that order, until `maxCalls` calls are spent or the deadline
   * passes. What was not read is left out of `tags` and `heads`, not
   * reported as empty.
   */
  async survey(
    source: ImportSource,
    want: {
      explicit: string[];
      /** Of the names listed or found by HeadBucket, whose tags to read, in order. */
      tagsWanted: (listed: string[]) => string[];
      maxCalls: number;
    },
    signal?: AbortSignal,
  ): Promise<Survey> {
    const { client, handler, stop } = await this.open(source, signal);
    let calls = 0;
    // whether a call was wanted but not made: budget spent or run stopped
    let refused = false;
    const spend = () => {
      if (calls < want.maxCalls && !stop.aborted) return ++calls > 0;
      refused = true;
      return false;
    };
    const heads = new Map<string, BucketPresence>();
    const tags = new Map<string, BucketTags>();
    try {
      let listed;
      try {
        listed = await this.listBuckets(
          client,
          stop,
          async () => undefined,
          spend,
        );
      } catch (error) {
        return {
          names: [],
          heads,
          tags,
          calls,
          error: (error as Error).message,
        };
      }
      // a source may list names no bucket can have (a hostile or broken
      // server): they are left out, counted and logged, not stored
      const invalid = listed.names.filter(n => validateBucketName(n));
      let skipped: string | undefined;
      if (invalid.length) {
        const shown = invalid
          .slice(0, 3)
          .map(n => JSON.stringify(n.slice(0, 70)));
        skipped = `${
          invalid.length
        } listed name(s) skipped: not valid bucket names (${shown.join(', ')}${
          invalid.length > 3 ? ', …' : ''
        })`;
        this.options.logger?.warn(
          `Bucket survey of ${source.endpoint ?? source.provider}: ${skipped}`,
        );
        listed = {
          ...listed,
          names: listed.names.filter(n => !validateBucketName(n)),
        };
      }
      const stoppedBy = () => (signal?.aborted ? 'cancelled' : 'deadline');
      let cut: SurveyIncomplete['reason'] | undefined = listed.cut;
      if (listed.stopped) cut = stoppedBy();
      else if (!cut && listed.outOfCalls) cut = 'max-calls';
      const limit = pLimit(this.options.concurrency);
      const head = async (bucket: string) => {
        if (!spend()) return;
        handler.allowBucket(bucket);
        try {
          await client.send(new HeadBucketCommand({ Bucket: bucket }), {
            abortSignal: stop,
          });
          heads.set(bucket, { exists: true });
        } catch (error) {
          const e = classifyError(error);
          if (e.httpStatus === 404 || e.kind === 'no-such-bucket') {
            heads.set(bucket, { exists: false });
          } else if (e.httpStatus === 403) {
            heads.set(bucket, {
              exists: true,
              // some servers (MinIO) answer 403 for a missing bucket too
              note: 'exists or is refused: these credentials are denied HeadBucket (HTTP 403)',
            });
          } else if (!stop.aborted) {
            heads.set(bucket, {
              unknown: `HeadBucket failed (${
                e.code ?? e.networkCode ?? e.kind
              }${e.httpStatus ? `, HTTP ${e.httpStatus}` : ''})`,
            });
          }
        }
      };
      await Promise.all(want.explicit.map(b => limit(() => head(b))));
      // explicit names that exist but ListBuckets does not show
      const shown = new Set(listed.names);
      const found = want.explicit.filter(b => {
        const h = heads.get(b);
        return !shown.has(b) && !!h && 'exists' in h && h.exists;
      });
      const readTags = async (bucket: string) => {
        if (!spend()) return;
        handler.allowBucket(bucket);
        try {
          const out = await client.send(
            new GetBucketTaggingCommand({ Bucket: bucket }),
            { abortSignal: stop },
          );
          tags.set(bucket, {
            tags: Object.fromEntries(
              (out.TagSet ?? []).map(t => [t.Key ?? '', t.Value ?? '']),
            ),
          });
        } catch (error) {
          const e = classifyError(error);
          if (hasNoTagSet(e)) {
            tags.set(bucket, { tags: {} });
          } else if (!stop.aborted) {
            tags.set(bucket, {
              unknown: `tags not readable (${
                e.code ?? e.networkCode ?? e.kind
              }${e.httpStatus ? `, HTTP ${e.httpStatus}` : ''})`,
            });
          }
        }
      };
      await Promise.all(
        want
          .tagsWanted([...listed.names, ...found])
          .map(b => limit(() => readTags(b))),
      );
      // a stop or a spent budget after listing leaves heads and tags unread
      if (!cut && (refused || stop.aborted)) {
        cut = stop.aborted ? stoppedBy() : 'max-calls';
      }
      return {
        names: listed.names,
        heads,
        tags,
        calls,
        ...(cut ? { incomplete: this.surveyIncomplete(cut, listed) } : {}),
        ...(skipped ? { skipped } : {}),
      };
    } finally {
      client.destroy();
    }
  }

  private surveyIncomplete(
    reason: SurveyIncomplete['reason'],
    listed: { names: string[]; pages: number },
  ): SurveyIncomplete {
    if (reason === 'max-calls') {
      return {
        reason,
        message: `The call budget of the source was spent (${listed.pages} listing page(s), ${listed.names.length} bucket(s) listed); what was not read is read at the next sweep`,
      };
    }
    return this.incomplete(reason, {
      read: listed.names.length,
      pages: listed.pages,
    });
  }

  private incomplete(
    reason: DiscoveryIncomplete['reason'],
    counts: { read: number; listed?: number; pages?: number },
  ): DiscoveryIncomplete {
    const { deadlineMs, maxBuckets } = this.options;
    const messages: Record<DiscoveryIncomplete['reason'], string> = {
      deadline: `The discovery stopped at its deadline (${deadlineMs} ms, s3Resources.import.deadlineMs): ${
        counts.listed === undefined
          ? 'the bucket list did not arrive in time'
          : `${counts.read} of ${counts.listed} bucket(s) read`
      }`,
      'max-buckets': `The source has more than ${maxBuckets} buckets; the first ${maxBuckets} are shown (s3Resources.import.maxBuckets)`,
      'max-pages': `The bucket list stopped after ${counts.pages} pages (${counts.read} bucket(s)): the server answers with small pages`,
      cancelled: 'The discovery stopped: the client went away',
    };
    return { reason, message: messages[reason] };
  }

  /**
   * Bucket names, at most maxBuckets, in pages: `cut` says why more were not
   * read, `stopped` that the signal aborted the listing.
   */
  private async listBuckets(
    client: S3Client,
    signal: AbortSignal,
    refused: (e: ClassifiedError) => Promise<InputError | undefined>,
    /** Takes one call of a budget; false when it is spent. */
    spend?: () => boolean,
  ): Promise<{
    names: string[];
    pages: number;
    cut?: 'max-buckets' | 'max-pages';
    stopped?: boolean;
    outOfCalls?: boolean;
  }> {
    const { maxBuckets } = this.options;
    const maxPages = maxPagesFor(maxBuckets);
    const names = new Set<string>();
    let token: string | undefined;
    let pages = 0;
    do {
      if (pages === maxPages)
        return { names: [...names], pages, cut: 'max-pages' };
      if (spend && !spend()) {
        return signal.aborted
          ? { names: [...names], pages, stopped: true }
          : { names: [...names], pages, outOfCalls: true };
      }
      let page;
      try {
        page = await client.send(
          new ListBucketsCommand({
            // one more than allowed, to know whether there are more
            MaxBuckets: Math.min(LIST_PAGE, maxBuckets + 1 - names.size),
            ...(token ? { ContinuationToken: token } : {}),
          }),
          { abortSignal: signal },
        );
      } catch (error) {
        if (signal.aborted) return { names: [...names], pages, stopped: true };
        const e = classifyError(error);
        if (e.kind === 'endpoint-refused') {
          throw new InputError(
            `source.endpoint: refused by the endpoint policy: ${e.detail}`,
          );
        }
        const wrongKey = await refused(e);
        if (wrongKey) throw wrongKey;
        throw new InputError(
          `source: could not list buckets (${e.code ?? e.kind}${
            e.httpStatus ? `, HTTP ${e.httpStatus}` : ''
          }); the credentials need s3:ListAllMyBuckets to discover buckets`,
        );
      }
      pages++;
      const before = names.size;
      for (const bucket of page.Buckets ?? []) {
        if (bucket.Name) names.add(bucket.Name);
      }
      if (names.size > maxBuckets) {
        return {
          names: [...names].slice(0, maxBuckets),
          pages,
          cut: 'max-buckets',
        };
      }
      // Some S3-compatible servers repeat the token forever; stop when nothing new came.
      token =
        page.ContinuationToken && names.size > before
          ? page.ContinuationToken
          : undefined;
    } while (token);
    return { names: [...names], pages };
  }

  /** A bucket's region and tags; undefined when `signal` stopped the calls. */
  private async describe(
    client: S3Client,
    bucket: string,
    fallbackRegion: string,
    source: ImportSource,
    signal: AbortSignal,
  ): Promise<DiscoveredBucket | undefined> {
    const warnings: string[] = [];
    const [location, tagging] = await Promise.all([
      client
        .send(new GetBucketLocationCommand({ Bucket: bucket }), {
          abortSignal: signal,
        })
        .catch(error => {
          warnings.push(
            `region not readable (${classifyError(error).code ?? 'error'})`,
          );
          return undefined;
        }),
      client
        .send(new GetBucketTaggingCommand({ Bucket: bucket }), {
          abortSignal: signal,
        })
        .catch(error => {
          const e = classifyError(error);
          if (!hasNoTagSet(e)) {
            warnings.push(`tags not readable (${e.code ?? 'error'})`);
          }
          return undefined;
        }),
    ]);
    if (signal.aborted) return undefined;
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
