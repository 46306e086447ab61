import { HeadBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { LoggerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import {
  PROVIDER_PROFILES,
  ResourceSettings,
  STEP_IDS,
  StepId,
  TestRun,
  TestStepResult,
} from '@s3-resources/plugin-s3-resources-common';
import { randomBytes, randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { assumeRole } from './assumeRoleStep';
import {
  AwsAccountCredentials,
  CredentialSetupError,
  SigningCredentials,
} from './AwsAccountCredentials';
import {
  BUCKET_STEPS,
  BucketStepContext,
  CallResult,
  needsNoNetwork,
} from './bucketSteps';
import {
  CredentialsVerdict,
  IdentityResult,
  judgeCredentials,
} from './credentialsVerdict';
import { AllowedEndpoint, EndpointPolicy } from './EndpointPolicy';
import { CallContext, StepOutcome, explainError } from './explainError';
import {
  GuardedHttpHandler,
  bucketOrigin,
  createGuardedHandler,
} from './GuardedHttpHandler';
import { classifyError } from './providerErrors';
import { overallStatus } from './steps';
import { StepRecorder } from './StepRecorder';

/** Where credentials come from: an access key (secret decrypted in memory) or an AWS account from app-config. */
export type TestCredentialsSource =
  | { method: 'access-key'; accessKeyId: string; secretAccessKey?: string }
  | { method: 'aws-account'; accountId: string };

export type TestAuth =
  | TestCredentialsSource
  | {
      method: 'assume-role';
      roleArn: string;
      /** Always sent: the resource's, or one issued for an unregistered configuration. */
      externalId: string;
      source: TestCredentialsSource;
    };

export type ConnectionTestTarget = {
  resourceId?: string;
  settings: ResourceSettings;
  auth: TestAuth;
};

export type ConnectionTestOptions = {
  /** Opt-in: put and delete a sentinel object. */
  writeProbe?: boolean;
  /** Entity ref of the user; goes into the AssumeRole session name. */
  initiatedBy: string;
  /** Called once per step as soon as its result is final. */
  onStep?: (step: TestStepResult) => void;
};

export type ConnectionTestTimeouts = {
  connectTimeoutMs: number;
  requestTimeoutMs: number;
  deadlineMs: number;
};

export const DEFAULT_TIMEOUTS: ConnectionTestTimeouts = {
  connectTimeoutMs: 3_000,
  requestTimeoutMs: 5_000,
  deadlineMs: 10_000,
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

/** How long after the deadline a call that ignores the abort is waited for. */
const DEADLINE_GRACE_MS = 200;

function readTimeouts(config: Config | undefined): ConnectionTestTimeouts {
  const read = (key: keyof ConnectionTestTimeouts) => {
    const value = config?.getOptionalNumber(
      `s3Resources.connectionTest.${key}`,
    );
    if (value === undefined) return DEFAULT_TIMEOUTS[key];
    if (!Number.isFinite(value) || value <= 0) {
      throw new Error(
        `s3Resources.connectionTest.${key}: must be a positive number of milliseconds`,
      );
    }
    return value;
  };
  return {
    connectTimeoutMs: read('connectTimeoutMs'),
    requestTimeoutMs: read('requestTimeoutMs'),
    deadlineMs: read('deadlineMs'),
  };
}

/** Carries a step outcome through a rejected promise. */
class StepFailure extends Error {
  constructor(readonly outcome: StepOutcome) {
    super(outcome.message);
  }
}

/** A step that throws (a bug, or settings no validator saw) fails alone, not the run. */
async function runSafely(
  step: () => Promise<StepOutcome>,
): Promise<StepOutcome> {
  try {
    return await step();
  } catch (error) {
    return {
      status: 'fail',
      message: `The step could not run: ${(error as Error).message}`,
      remediation:
        "Check the resource's settings; if they are valid, report this.",
    };
  }
}

/** A setup problem (no secret, unconfigured AWS account) as a failed step. */
function credentialSetupOutcome(error: unknown): StepOutcome | undefined {
  return error instanceof CredentialSetupError
    ? {
        status: 'fail',
        errorCode: 'CredentialsNotConfigured',
        message: error.message,
        remediation: error.remediation,
      }
    : undefined;
}

/**
 * The layered connection test. Checks the endpoint against the policy before
 * any I/O; then verifies the credentials and, where configured, assumes the
 * role; the bucket steps run concurrently with the credentials check (access
 * keys) or right after AssumeRole, so a test costs one dependent round trip
 * (two with AssumeRole, two more for the write probe). Every call has a
 * connect timeout, a request timeout that aborts, at most one retry, and the
 * whole run has a deadline. Never calls ListBuckets.
 */
export class ConnectionTester {
  static fromConfig(
    config: Config,
    options: { endpointPolicy: EndpointPolicy; logger?: LoggerService },
  ): ConnectionTester {
    const allowAmbientCredentials =
      config.getOptionalBoolean(
        's3Resources.connectionTest.allowAmbientCredentials',
      ) ?? false;
    return new ConnectionTester(
      options.endpointPolicy,
      AwsAccountCredentials.fromConfig(config, { allowAmbientCredentials }),
      readTimeouts(config),
      options.logger,
    );
  }

  static create(options: {
    endpointPolicy: EndpointPolicy;
    awsAccounts: AwsAccountCredentials;
    timeouts?: Partial<ConnectionTestTimeouts>;
    /** Where refused addresses are logged for operators (never in a run). */
    logger?: LoggerService;
    /** Test hook: counts HTTP requests sent. */
    onRequest?: () => void;
  }): ConnectionTester {
    return new ConnectionTester(
      options.endpointPolicy,
      options.awsAccounts,
      { ...DEFAULT_TIMEOUTS, ...options.timeouts },
      options.logger,
      options.onRequest,
    );
  }

  private constructor(
    readonly endpointPolicy: EndpointPolicy,
    /** The configured AWS accounts (also what import discovery signs with). */
    readonly awsAccounts: AwsAccountCredentials,
    readonly timeouts: ConnectionTestTimeouts,
    /** The backend log, for what users must not see (also import discovery's). */
    readonly logger?: LoggerService,
    private readonly onRequest?: () => void,
  ) {}

  async run(
    target: ConnectionTestTarget,
    options: ConnectionTestOptions,
  ): Promise<TestRun> {
    const id = randomUUID();
    const startedAt = new Date().toISOString();
    const t0 = performance.now();
    const recorder = new StepRecorder(target.settings.bucket, options.onStep);
    const record = recorder.record.bind(recorder);
    const finish = (): TestRun => {
      const steps = recorder.steps();
      return {
        id,
        ...(target.resourceId ? { resourceId: target.resourceId } : {}),
        status: overallStatus(steps),
        startedAt,
        durationMs: Math.round(performance.now() - t0),
        steps,
        initiatedBy: options.initiatedBy,
      };
    };

    const { settings } = target;
    const decision = this.endpointPolicy.check(settings.endpoint);
    if (!decision.allowed) {
      const v = decision.violation;
      record(
        'endpoint',
        {
          status: 'fail',
          errorCode: v.rule,
          message: `${v.field}: ${v.message} [${v.rule}]`,
          remediation:
            "Use an endpoint on the operator's allow-list, or ask an operator to add this host to s3Resources.endpoints.allow.",
        },
        performance.now() - t0,
      );
      for (const stepId of STEP_IDS) {
        record(
          stepId,
          { status: 'skipped', message: 'Not run: the endpoint is refused' },
          0,
        );
      }
      return finish();
    }
    const endpoint = decision.endpoint;
    record(
      'endpoint',
      {
        status: 'pass',
        message: endpoint
          ? `${endpoint.hostname}:${endpoint.port} is allowed by the allow-list entry ${endpoint.entry}; resolved addresses are checked at connect time`
          : `Amazon S3 in ${settings.region} (no custom endpoint)`,
      },
      performance.now() - t0,
    );

    const deadline = new AbortController();
    const timer = setTimeout(
      () => deadline.abort(),
      Math.max(0, this.timeouts.deadlineMs - (performance.now() - t0)),
    );
    const afterDeadline = new Promise<void>(resolve => {
      deadline.signal.addEventListener('abort', () =>
        setTimeout(resolve, DEADLINE_GRACE_MS),
      );
    });
    const handler = createGuardedHandler({
      endpoint,
      connectTimeoutMs: this.timeouts.connectTimeoutMs,
      requestTimeoutMs: this.timeouts.requestTimeoutMs,
      onRequest: this.onRequest,
      logger: this.logger,
    });
    try {
      await this.runSteps(target, options, {
        runId: id,
        endpoint,
        handler,
        signal: deadline.signal,
        afterDeadline,
        record,
      });
    } finally {
      clearTimeout(timer);
      handler.destroy();
    }
    return finish();
  }

  private async runSteps(
    target: ConnectionTestTarget,
    options: ConnectionTestOptions,
    run: {
      runId: string;
      endpoint?: AllowedEndpoint;
      handler: GuardedHttpHandler;
      signal: AbortSignal;
      afterDeadline: Promise<void>;
      record: (
        id: StepId,
        outcome: StepOutcome,
        durationMs: number,
      ) => Promise<void>;
    },
  ): Promise<void> {
    const { settings, auth } = target;
    const profile = PROVIDER_PROFILES[settings.provider];
    const { endpoint, handler, signal, record } = run;
    const host = endpoint
      ? `${endpoint.hostname}:${endpoint.port}`
      : `s3.${settings.region}.amazonaws.com`;
    const probeBucket = `s3r-credential-probe-${randomBytes(10).toString(
      'hex',
    )}`;
    handler.allowBucket(settings.bucket);
    handler.allowBucket(probeBucket);

    const clientConfig = {
      region: settings.region,
      requestHandler: handler,
      maxAttempts: MAX_ATTEMPTS,
      ...(endpoint ? { endpoint: endpoint.url } : {}),
      ...EXPLICIT_CLIENT_CONFIG,
    };
    const s3For = (
      credentials: SigningCredentials,
      requestHandler: unknown = handler,
    ) =>
      new S3Client({
        ...clientConfig,
        requestHandler: requestHandler as GuardedHttpHandler,
        credentials,
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
    const stsFor = (credentials: SigningCredentials) =>
      new STSClient({ ...clientConfig, credentials, useGlobalEndpoint: false });
    const send = <T>(client: S3Client | STSClient, command: any) =>
      (client as S3Client).send(command, { abortSignal: signal }) as Promise<T>;
    const callContext = (
      action: string,
      what: string,
      extra: Partial<CallContext> = {},
    ): CallContext => ({
      action,
      target: what,
      host,
      bucket: settings.bucket,
      region: settings.region,
      requestTimeoutMs: this.timeouts.requestTimeoutMs,
      deadlineMs: this.timeouts.deadlineMs,
      ...extra,
    });
    const deadlineOutcome = (what: string) =>
      explainError({ kind: 'deadline' }, callContext('', what));
    /** Ends at the deadline even if a call ignores the abort. */
    const bounded = <T>(work: Promise<T>, onDeadline: () => T) =>
      Promise.race([work, run.afterDeadline.then(onDeadline)]);
    const since = (start: number) => performance.now() - start;

    // Source credentials: the access key (decrypted in memory) or an AWS account.
    const from: TestCredentialsSource =
      auth.method === 'assume-role' ? auth.source : auth;
    const source: Promise<SigningCredentials> = bounded(
      this.sourceCredentials(from),
      () => {
        throw new StepFailure(deadlineOutcome('AWS'));
      },
    );
    source.catch(() => undefined);
    const sourceClient = source.then(s3For);
    sourceClient.catch(() => undefined);

    // The first answer to the source credentials from a call the test makes anyway.
    let reportEvidence: (result: CallResult | undefined) => void = () => {};
    const evidence = new Promise<CallResult | undefined>(resolve => {
      reportEvidence = resolve;
    });

    // AssumeRole with the resource's ExternalId, a 15-minute session named after the user.
    type Assumed = { outcome: StepOutcome; creds?: SigningCredentials };
    let assumed: Promise<Assumed> | undefined;
    const roleStart = performance.now();
    if (auth.method === 'assume-role') {
      assumed = bounded(
        assumeRole(auth, options.initiatedBy, {
          sts: source.then(stsFor),
          send,
          call: callContext,
          report: reportEvidence,
        }),
        (): Assumed => ({ outcome: deadlineOutcome('STS') }),
      );
      // While AssumeRole is in flight, open the connections the bucket calls will use.
      const calls = BUCKET_STEPS.filter(
        ([id]) => !needsNoNetwork(id, settings, !!options.writeProbe),
      ).length;
      setImmediate(() =>
        bucketOrigin(s3For, settings.bucket).then(
          origin => origin && handler.prewarm(origin, calls),
          () => undefined,
        ),
      );
    }

    // Credentials: STS GetCallerIdentity where the provider has STS.
    const sourceStart = performance.now();
    const credentials: Promise<CredentialsVerdict> = bounded(
      (async () => {
        let creds: SigningCredentials;
        try {
          creds = await source;
        } catch (error) {
          reportEvidence(undefined);
          return {
            outcome: (error as StepFailure).outcome ??
              credentialSetupOutcome(error) ?? {
                status: 'fail' as const,
                message: `Could not get credentials: ${
                  (error as Error).message
                }`,
              },
            rejected: true,
          };
        }
        return judgeCredentials({
          profile,
          identity: profile.supportsSts
            ? send<{ Arn?: string; Account?: string }>(
                stsFor(creds),
                new GetCallerIdentityCommand({}),
              ).then(
                (out): IdentityResult => ({
                  ok: true,
                  arn: out.Arn,
                  account: out.Account,
                }),
                (error): IdentityResult => ({
                  ok: false,
                  e: classifyError(error),
                }),
              )
            : undefined,
          evidence,
          probe: async () => {
            try {
              await send(
                await sourceClient,
                new HeadBucketCommand({ Bucket: probeBucket }),
              );
              return { ok: true };
            } catch (error) {
              return { ok: false, e: classifyError(error) };
            }
          },
          call: (action, what) => callContext(action, what),
        });
      })(),
      (): CredentialsVerdict => ({
        outcome: deadlineOutcome('STS'),
        rejected: false,
      }),
    );
    const recorded = [
      credentials.then(v =>
        record('credentials', v.outcome, since(sourceStart)),
      ),
    ];

    let bucketCredentials: Promise<SigningCredentials | undefined>;
    if (assumed) {
      // A 403 from AssumeRole because the key itself was refused shows once, under Credentials.
      const assumeRoleRecorded = Promise.all([assumed, credentials]).then(
        ([a, verdict]) =>
          record(
            'assume-role',
            verdict.rejected && (a.outcome.httpStatus === 403 || !a.creds)
              ? {
                  status: 'skipped',
                  message:
                    'Not checked: the source credentials were rejected (see Credentials)',
                }
              : a.outcome,
            since(roleStart),
          ),
      );
      recorded.push(assumeRoleRecorded);
      bucketCredentials = assumed.then(a => a.creds);
    } else {
      record(
        'assume-role',
        {
          status: 'skipped',
          message: `Not configured: the resource authenticates with ${
            auth.method === 'access-key' ? 'an access key' : 'an AWS account'
          }`,
        },
        0,
      );
      bucketCredentials = source.then(
        c => c,
        () => undefined,
      );
    }

    // The bucket steps, all at once; results wait for the credentials verdict
    // so a rejected key shows once, not as eight denials (and the recorder
    // does the same for a missing bucket or an endpoint that does not answer).
    const bucketClient: Promise<S3Client | undefined> = assumed
      ? bucketCredentials.then(c => (c ? s3For(c) : undefined))
      : sourceClient.catch(() => undefined);
    const stepContext = (s3: S3Client, stepId: StepId): BucketStepContext => ({
      s3,
      send,
      settings,
      host,
      writeProbe: !!options.writeProbe,
      runId: run.runId,
      requestTimeoutMs: this.timeouts.requestTimeoutMs,
      deadlineMs: this.timeouts.deadlineMs,
      ...(stepId === 'bucket' && !assumed ? { evidence: reportEvidence } : {}),
    });
    const bucketSteps = BUCKET_STEPS.map(async ([stepId, step]) => {
      if (needsNoNetwork(stepId, settings, !!options.writeProbe)) {
        // these steps return before touching the client
        await record(
          stepId,
          await runSafely(() => step(stepContext(undefined as never, stepId))),
          0,
        );
        return;
      }
      const client = await bounded(bucketClient, () => undefined);
      if (!client) {
        if (stepId === 'bucket' && !assumed) reportEvidence(undefined);
        const verdict = await credentials;
        const waitedFor = assumed ? 'AssumeRole' : 'the credentials';
        let message = assumed
          ? 'Not run: AssumeRole failed (see Assume role)'
          : 'Not run: no credentials (see Credentials)';
        if (signal.aborted && !verdict.rejected) {
          message = `Not run: the test deadline (${this.timeouts.deadlineMs} ms) passed before ${waitedFor} finished`;
        }
        // AssumeRole's cause, so an unreachable endpoint is named where it was found
        const cause = assumed && (await assumed).outcome.cause;
        await record(
          stepId,
          { status: 'skipped', message, ...(cause ? { cause } : {}) },
          0,
        );
        return;
      }
      const start = performance.now();
      let outcome = await bounded(
        runSafely(() => step(stepContext(client, stepId))),
        () => deadlineOutcome(`bucket ${settings.bucket}`),
      );
      const durationMs = since(start);
      if (stepId === 'bucket' && !assumed) reportEvidence(undefined); // no-op if reported
      const verdict = await credentials;
      if (verdict.rejected && outcome.httpStatus === 403) {
        outcome = {
          status: 'skipped',
          message:
            'Not checked: the credentials were rejected (see Credentials)',
        };
      }
      await record(stepId, outcome, durationMs);
    });

    await Promise.all([...recorded, ...bucketSteps]);
  }

  private async sourceCredentials(
    from: TestCredentialsSource,
  ): Promise<SigningCredentials> {
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
    return this.awsAccounts.resolve(from.accountId);
  }
}
