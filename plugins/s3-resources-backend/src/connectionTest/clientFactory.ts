import {
  $Command,
  S3Client,
  S3ClientResolvedConfig,
  ServiceInputTypes as S3Input,
  ServiceOutputTypes as S3Output,
} from '@aws-sdk/client-s3';
import {
  STSClient,
  STSClientResolvedConfig,
  ServiceInputTypes as StsInput,
  ServiceOutputTypes as StsOutput,
} from '@aws-sdk/client-sts';
import { ResourceSettings } from '@s3-resources/plugin-s3-resources-common';
import { SigningCredentials } from './AwsAccountCredentials';
import { AllowedEndpoint } from './EndpointPolicy';
import { GuardedHttpHandler } from './GuardedHttpHandler';

/** Sends an S3 command with the run's deadline; the SDK types its output. */
export type S3Send = <I extends S3Input, O extends S3Output>(
  command: $Command<I, O, S3ClientResolvedConfig, S3Input, S3Output>,
) => Promise<O>;

/** Sends an STS command with the run's deadline; the SDK types its output. */
export type StsSend = <I extends StsInput, O extends StsOutput>(
  command: $Command<I, O, STSClientResolvedConfig, StsInput, StsOutput>,
) => Promise<O>;

/** The S3 and STS clients of one run, all on its guarded handler. */
export type RunClients = {
  /** A new S3 client; `requestHandler` lets bucketOrigin record instead of send. */
  s3Client(credentials: SigningCredentials, requestHandler?: unknown): S3Client;
  /** A new S3 client, ready to send with the run's deadline. */
  s3(credentials: SigningCredentials): S3Send;
  /** A new STS client, ready to send with the run's deadline. */
  sts(credentials: SigningCredentials): StsSend;
};

/**
 * Settings the SDK would otherwise look up in the backend's environment and
 * ~/.aws files: a test depends on the resource alone, and skipping the
 * lookups saves milliseconds on every run.
 */
const EXPLICIT_CLIENT_CONFIG = {
  retryMode: 'standard' as const,
  defaultsMode: 'standard' as const,
  useFipsEndpoint: false,
  useDualstackEndpoint: false,
  userAgentAppId: 's3-resources-connection-test',
  authSchemePreference: [] as string[],
};

/** At most one retry per call. */
const MAX_ATTEMPTS = 2;

/** An S3 client for a resource's bucket, on a guarded handler. */
export function createS3Client(options: {
  settings: ResourceSettings;
  endpoint?: AllowedEndpoint;
  requestHandler: unknown;
  credentials: SigningCredentials;
}): S3Client {
  const { settings, endpoint } = options;
  return new S3Client({
    region: settings.region,
    maxAttempts: MAX_ATTEMPTS,
    ...(endpoint ? { endpoint: endpoint.url } : {}),
    ...EXPLICIT_CLIENT_CONFIG,
    requestHandler: options.requestHandler as GuardedHttpHandler,
    credentials: options.credentials,
    forcePathStyle: settings.forcePathStyle,
    followRegionRedirects: false,
    useArnRegion: false,
    disableMultiregionAccessPoints: true,
    disableS3ExpressSessionAuth: true,
    sigv4aSigningRegionSet: [],
    // S3-compatible services often reject the newer default checksums
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}

/** An STS client for the resource's endpoint (or AWS), on a guarded handler. */
export function createStsClient(options: {
  settings: ResourceSettings;
  endpoint?: AllowedEndpoint;
  requestHandler: GuardedHttpHandler;
  credentials: SigningCredentials;
}): STSClient {
  const { settings, endpoint } = options;
  return new STSClient({
    region: settings.region,
    maxAttempts: MAX_ATTEMPTS,
    ...(endpoint ? { endpoint: endpoint.url } : {}),
    ...EXPLICIT_CLIENT_CONFIG,
    requestHandler: options.requestHandler,
    credentials: options.credentials,
    useGlobalEndpoint: false,
  });
}

export function createRunClients(options: {
  settings: ResourceSettings;
  endpoint?: AllowedEndpoint;
  handler: GuardedHttpHandler;
  /** The run's deadline: every send is aborted with it. */
  signal: AbortSignal;
}): RunClients {
  const { settings, endpoint, handler, signal } = options;
  const s3Client = (
    credentials: SigningCredentials,
    requestHandler: unknown = handler,
  ) => createS3Client({ settings, endpoint, requestHandler, credentials });
  return {
    s3Client,
    s3: credentials => {
      const client = s3Client(credentials);
      return command => client.send(command, { abortSignal: signal });
    },
    sts: credentials => {
      const client = createStsClient({
        settings,
        endpoint,
        requestHandler: handler,
        credentials,
      });
      return command => client.send(command, { abortSignal: signal });
    },
  };
}
