import { HeadBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { LoggerService } from '@backstage/backend-plugin-api';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { describeAddressClass } from './addresses';
import { SigningCredentials } from './AwsAccountCredentials';
import {
  AddressRefusal,
  AllowedEndpoint,
  guardedLookup,
} from './EndpointPolicy';
import { PrewarmingHttpAgent, PrewarmingHttpsAgent } from './prewarmingAgents';

const AWS_HOST = /\.(amazonaws\.com|amazonaws\.com\.cn|api\.aws)$/;

/** Whether an endpoint URL is one of AWS's own S3 hosts (commercial partition). */
export function isAwsCommercialEndpoint(endpoint: string): boolean {
  try {
    const host = new URL(endpoint).hostname.toLowerCase();
    return AWS_HOST.test(host) && !host.endsWith('.cn');
  } catch {
    return false;
  }
}

/**
 * Raised when a request would leave the endpoint's origin. Users read it; the
 * host it would have gone to (the SDK's idea, perhaps from the backend's
 * environment) is logged for operators instead.
 */
class OriginRefusedError extends Error {
  readonly code = 'EENDPOINTREFUSED';
  constructor() {
    super(
      "a request would leave the endpoint's origin (another host, port or scheme); refused",
    );
    this.name = 'OriginRefusedError';
  }
}

/**
 * What operators need about a refusal, once per host and address per handler
 * (a test opens several connections): the address a name resolved to, or the
 * origin a request would have gone to. Never shown to users.
 */
function refusalLog(logger: LoggerService | undefined) {
  const said = new Set<string>();
  const once = (key: string, message: string) => {
    if (!logger || said.has(key)) return;
    said.add(key);
    logger.warn(message);
  };
  return {
    address: ({ host, address, kind }: AddressRefusal) =>
      once(
        `${host}|${address}`,
        `Endpoint policy refused a connection: ${host} resolves to ${address}, ${describeAddressClass(
          kind,
        )}`,
      ),
    origin: (origin: string, endpoint: string) =>
      once(
        origin,
        `Endpoint policy refused a request to ${origin}: it would leave the endpoint's origin (${endpoint})`,
      ),
  };
}

type HandleArgs = Parameters<NodeHttpHandler['handle']>;

/**
 * Node's network errors can come from another realm (e.g. under jest); the
 * SDK then wraps them as text and their code is lost. Keep name and code.
 */
function ownRealmError(error: unknown): unknown {
  if (error instanceof Error || !error || typeof error !== 'object') {
    return error;
  }
  const e = error as { name?: string; message?: string; code?: string };
  return Object.assign(new Error(e.message), {
    name: e.name ?? 'Error',
    ...(e.code ? { code: e.code } : {}),
  });
}

/**
 * The HTTP handler of a test: connect-time address checks (the agents'
 * lookup), connect and request timeouts that abort, and a check that every
 * signed request goes to the endpoint's origin (S3 redirects are never
 * followed, so credentials cannot be sent elsewhere).
 */
export class GuardedHttpHandler extends NodeHttpHandler {
  private readonly virtualHosts = new Set<string>();

  constructor(
    private readonly agents: {
      http: PrewarmingHttpAgent;
      https: PrewarmingHttpsAgent;
    },
    options: ConstructorParameters<typeof NodeHttpHandler>[0] & object,
    private readonly endpoint: AllowedEndpoint | undefined,
    private readonly onRequest?: () => void,
    private readonly log = refusalLog(undefined),
  ) {
    super({ ...options, httpAgent: agents.http, httpsAgent: agents.https });
  }

  /** Opens connections for requests that will follow, if their origin is allowed. */
  prewarm(
    target: { protocol: string; hostname: string; port?: number },
    count: number,
  ) {
    const { protocol, hostname, port } = target;
    if (count < 1 || !this.isAllowedOrigin(protocol, hostname, port)) return;
    const host = hostname.replace(/^\[|\]$/g, '');
    if (protocol === 'https:')
      this.agents.https.prewarm(host, port ?? 443, count);
    else this.agents.http.prewarm(host, port ?? 80, count);
  }

  /** Lets virtual-hosted requests for this bucket through (`<bucket>.<endpoint host>`). */
  allowBucket(bucket: string) {
    if (this.endpoint) {
      this.virtualHosts.add(`${bucket}.${this.endpoint.hostname}`);
    }
  }

  private isAllowedOrigin(
    protocol: string,
    hostname: string,
    port: number | undefined,
  ): boolean {
    const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
    const endpoint = this.endpoint;
    if (!endpoint) return protocol === 'https:' && AWS_HOST.test(host);
    const effectivePort = port ?? (endpoint.protocol === 'https:' ? 443 : 80);
    if (protocol !== endpoint.protocol || effectivePort !== endpoint.port) {
      return false;
    }
    return host === endpoint.hostname || this.virtualHosts.has(host);
  }

  override async handle(...[request, options]: HandleArgs) {
    if (
      !this.isAllowedOrigin(request.protocol, request.hostname, request.port)
    ) {
      this.log.origin(
        `${request.protocol}//${request.hostname}${
          request.port ? `:${request.port}` : ''
        }`,
        this.endpoint?.url ?? 'Amazon S3',
      );
      throw new OriginRefusedError();
    }
    this.onRequest?.();
    try {
      return await super.handle(request, options);
    } catch (error) {
      throw ownRealmError(error);
    }
  }
}

/** A test's handler: agents that check resolved addresses, timeouts that abort. */
export function createGuardedHandler(options: {
  endpoint: AllowedEndpoint | undefined;
  connectTimeoutMs: number;
  requestTimeoutMs: number;
  onRequest?: () => void;
  /**
   * Connections per origin; more queue in the agent. The default (24)
   * leaves room for every call of a connection test's bucket phase at once.
   */
  maxSockets?: number;
  /** Where refusals are told with their addresses, for operators. */
  logger?: LoggerService;
}): GuardedHttpHandler {
  const { endpoint } = options;
  const log = refusalLog(options.logger);
  const agentOptions = {
    keepAlive: true,
    maxSockets: options.maxSockets ?? 24,
    ...(endpoint
      ? { lookup: guardedLookup(endpoint.allowPrivateAddresses, log.address) }
      : {}),
  };
  return new GuardedHttpHandler(
    // Agent instances (not options) so the handler never makes its own
    {
      http: new PrewarmingHttpAgent(agentOptions),
      https: new PrewarmingHttpsAgent(agentOptions),
    },
    {
      connectionTimeout: options.connectTimeoutMs,
      requestTimeout: options.requestTimeoutMs,
      throwOnRequestTimeout: true,
    },
    endpoint,
    options.onRequest,
    log,
  );
}

/**
 * Where the SDK sends a bucket's requests (path or virtual-hosted style, the
 * regional host): found by running HeadBucket up to the handler, which only
 * records it. No network I/O.
 */
export async function bucketOrigin(
  s3For: (credentials: SigningCredentials, handler: unknown) => S3Client,
  bucket: string,
): Promise<{ protocol: string; hostname: string; port?: number } | undefined> {
  let seen: { protocol: string; hostname: string; port?: number } | undefined;
  const recorder = {
    handle: async (request: {
      protocol: string;
      hostname: string;
      port?: number;
    }) => {
      seen = request;
      throw new Error('recorded, not sent');
    },
  };
  const client = s3For(
    { accessKeyId: 'origin-only', secretAccessKey: 'origin-only' },
    recorder,
  );
  await client
    .send(new HeadBucketCommand({ Bucket: bucket }))
    .catch(() => undefined);
  return (
    seen && {
      protocol: seen.protocol,
      hostname: seen.hostname,
      port: seen.port,
    }
  );
}
