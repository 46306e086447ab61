import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import { S3Client } from '@aws-sdk/client-s3';
import { LoggerService } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { ResourceSettings } from '@s3-resources/plugin-s3-resources-common';
import {
  AwsAccountCredentials,
  CredentialSetupError,
  SigningCredentials,
} from '../connectionTest/AwsAccountCredentials';
import {
  createS3Client,
  createStsClient,
} from '../connectionTest/clientFactory';
import {
  AllowedEndpoint,
  EndpointPolicy,
} from '../connectionTest/EndpointPolicy';
import {
  GuardedHttpHandler,
  createGuardedHandler,
} from '../connectionTest/GuardedHttpHandler';
import { sessionNameFor } from '../connectionTest/steps';
import { TestAuth, TestCredentialsSource } from '../connectionTest/testTarget';
import { ConnectionTestTimeouts } from '../connectionTest/timeouts';
import { bucketError } from './bucketErrors';

/** A resource's bucket, reachable with its own credentials. */
export type BucketSession = {
  settings: ResourceSettings;
  s3: S3Client;
  /** When the credentials stop working (a role's session); undefined for keys. */
  expiresAt?: Date;
};

/** Who a resource's credentials are, from its stored row. */
export type SessionTarget = {
  /** Cache key: changes whenever the resource's settings or credentials do. */
  cacheKey: string;
  settings: ResourceSettings;
  auth: TestAuth;
};

/** A role's session lasts an hour; links are signed within what is left of it. */
const ROLE_SESSION_SECONDS = 3600;
/** A cached session is used while at least this much of it is left. */
const MIN_REMAINING_MS = 10 * 60_000;
/** Sessions of resources not used for this long are closed. */
const IDLE_MS = 5 * 60_000;

type Entry = {
  session: Promise<BucketSession>;
  handler?: GuardedHttpHandler;
  usedAt: number;
};

/**
 * Signed access to resources' buckets for the object routes, on the same
 * guarded handler as the connection test (allow-list, resolved-address
 * checks, no redirects, timeouts that abort). Credentials are the
 * resource's own: its access key (decrypted in memory), its role (assumed
 * with its ExternalId) or its AWS account. A session and its kept-alive
 * connections are reused for a few minutes, so a listing costs the
 * provider's round trip and nothing more.
 */
export class BucketSessions {
  static create(options: {
    endpointPolicy: EndpointPolicy;
    awsAccounts: AwsAccountCredentials;
    timeouts: ConnectionTestTimeouts;
    logger?: LoggerService;
  }) {
    return new BucketSessions(options);
  }

  private readonly entries = new Map<string, Entry>();
  private readonly sweeper: NodeJS.Timeout;

  private constructor(
    private readonly options: {
      endpointPolicy: EndpointPolicy;
      awsAccounts: AwsAccountCredentials;
      timeouts: ConnectionTestTimeouts;
      logger?: LoggerService;
    },
  ) {
    this.sweeper = setInterval(() => this.closeIdle(), IDLE_MS);
    this.sweeper.unref();
  }

  /**
   * The resource's session, reused while it has enough life left. A role's
   * session is the caller's own (its session name names them in the
   * provider's logs); keys and accounts are shared by everyone.
   */
  async session(target: SessionTarget, actor: string): Promise<BucketSession> {
    const now = Date.now();
    const key =
      target.auth.method === 'assume-role'
        ? `${target.cacheKey}|${actor}`
        : target.cacheKey;
    const cached = this.entries.get(key);
    if (cached) {
      const session = await cached.session.catch(() => undefined);
      if (
        session &&
        (!session.expiresAt ||
          session.expiresAt.getTime() - now > MIN_REMAINING_MS)
      ) {
        cached.usedAt = now;
        return session;
      }
      this.close(key, cached);
    }
    const entry: Entry = {
      session: Promise.resolve(null as never),
      usedAt: now,
    };
    entry.session = this.open(target, actor, entry);
    this.entries.set(key, entry);
    entry.session.catch(() => this.close(key, entry));
    return entry.session;
  }

  /**
   * A role's session of its own, for grants and links that should not end
   * with the cached session (as long as the role allows: one hour, the
   * default maximum of a role's session). The caller closes it.
   */
  async dedicated(
    target: SessionTarget,
    actor: string,
    seconds: number,
  ): Promise<BucketSession & { close(): void }> {
    const entry: Entry = { session: Promise.resolve(null as never), usedAt: 0 };
    let session: BucketSession;
    try {
      session = await this.open(
        target,
        actor,
        entry,
        Math.min(seconds, ROLE_SESSION_SECONDS),
      );
    } catch (error) {
      // a refused AssumeRole leaves no session to close: close its connections
      entry.handler?.destroy();
      throw error;
    }
    return { ...session, close: () => entry.handler?.destroy() };
  }

  /** Closes every session (the plugin stops). */
  shutdown() {
    clearInterval(this.sweeper);
    for (const [key, entry] of [...this.entries]) this.close(key, entry);
  }

  private async open(
    target: SessionTarget,
    actor: string,
    entry: Entry,
    roleSeconds = ROLE_SESSION_SECONDS,
  ): Promise<BucketSession> {
    const { settings, auth } = target;
    const decision = this.options.endpointPolicy.check(settings.endpoint);
    if (!decision.allowed) {
      const v = decision.violation;
      throw new InputError(
        `endpoint: is refused by the operator's allow-list: ${v.message} [${v.rule}]`,
      );
    }
    const endpoint: AllowedEndpoint | undefined = decision.endpoint;
    const handler = createGuardedHandler({
      endpoint,
      connectTimeoutMs: this.options.timeouts.connectTimeoutMs,
      requestTimeoutMs: this.options.timeouts.requestTimeoutMs,
      logger: this.options.logger,
    });
    handler.allowBucket(settings.bucket);
    entry.handler = handler;
    const source = await this.sourceCredentials(
      auth.method === 'assume-role' ? auth.source : auth,
    );
    if (auth.method !== 'assume-role') {
      return {
        settings,
        s3: createS3Client({
          settings,
          endpoint,
          requestHandler: handler,
          credentials: source,
        }),
        // an account's credentials may be temporary too
        ...(source.expiration ? { expiresAt: source.expiration } : {}),
      };
    }
    const sts = createStsClient({
      settings,
      endpoint,
      requestHandler: handler,
      credentials: source,
    });
    let out;
    try {
      out = await sts.send(
        new AssumeRoleCommand({
          RoleArn: auth.roleArn,
          RoleSessionName: sessionNameFor(actor),
          DurationSeconds: Math.max(900, roleSeconds),
          ExternalId: auth.externalId,
        }),
        { abortSignal: AbortSignal.timeout(this.options.timeouts.deadlineMs) },
      );
    } catch (error) {
      throw bucketError(error, {
        action: 'sts:AssumeRole',
        target: `role ${auth.roleArn}`,
        settings,
      });
    }
    const c = out.Credentials;
    if (!c?.AccessKeyId || !c.SecretAccessKey) {
      throw new InputError(
        `auth.roleArn: AssumeRole of ${auth.roleArn} answered without credentials`,
      );
    }
    return {
      settings,
      s3: createS3Client({
        settings,
        endpoint,
        requestHandler: handler,
        credentials: {
          accessKeyId: c.AccessKeyId,
          secretAccessKey: c.SecretAccessKey,
          ...(c.SessionToken ? { sessionToken: c.SessionToken } : {}),
        },
      }),
      expiresAt:
        c.Expiration ??
        new Date(Date.now() + Math.max(900, roleSeconds) * 1000),
    };
  }

  private async sourceCredentials(
    from: TestCredentialsSource,
  ): Promise<SigningCredentials> {
    try {
      if (from.method === 'access-key') {
        if (!from.secretAccessKey) {
          throw new CredentialSetupError(
            'No secret access key is stored for this access key ID',
            'Edit the resource and enter the secret access key.',
          );
        }
        return {
          accessKeyId: from.accessKeyId,
          secretAccessKey: from.secretAccessKey,
        };
      }
      return await this.options.awsAccounts.resolve(from.accountId);
    } catch (error) {
      if (error instanceof CredentialSetupError) {
        throw new InputError(`auth: ${error.message}. ${error.remediation}`);
      }
      throw error;
    }
  }

  private closeIdle() {
    const limit = Date.now() - IDLE_MS;
    for (const [key, entry] of this.entries) {
      if (entry.usedAt < limit) this.close(key, entry);
    }
  }

  /** Closes `entry`, and forgets it unless another has taken its place. */
  private close(key: string, entry: Entry) {
    if (this.entries.get(key) === entry) this.entries.delete(key);
    entry.handler?.destroy();
  }
}
