import { LoggerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { TestRun } from '@s3-resources/plugin-s3-resources-common';
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { AwsAccountCredentials } from './AwsAccountCredentials';
import { prewarmBucketConnections, runBucketPhase } from './bucketPhase';
import { startCredentialsPhase } from './credentialsPhase';
import { EndpointPolicy } from './EndpointPolicy';
import { checkEndpoint } from './endpointStep';
import { RoleTrustProbe, probeRoleTrust } from './roleTrustProbe';
import { openRun } from './runContext';
import { overallStatus } from './steps';
import { StepRecorder } from './StepRecorder';
import { ConnectionTestOptions, ConnectionTestTarget } from './testTarget';
import {
  ConnectionTestTimeouts,
  DEFAULT_TIMEOUTS,
  readTimeouts,
} from './timeouts';

export type {
  ConnectionTestOptions,
  ConnectionTestTarget,
  TestAuth,
  TestCredentialsSource,
} from './testTarget';
export type { ConnectionTestTimeouts } from './timeouts';
export type { RoleTrustProbe } from './roleTrustProbe';
export { DEFAULT_TIMEOUTS } from './timeouts';

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

  /**
   * Whether the target's role can be assumed WITHOUT its ExternalId (the
   * confused-deputy check of the audit sweep): one AssumeRole with the
   * source credentials and no ExternalId, under the endpoint policy and the
   * test's timeouts and deadline; nothing is recorded as a test step.
   */
  async probeRoleTrust(target: ConnectionTestTarget): Promise<RoleTrustProbe> {
    const at = new Date().toISOString();
    if (target.auth.method !== 'assume-role') {
      return { result: 'unknown', at, reason: 'the resource assumes no role' };
    }
    const decision = this.endpointPolicy.check(target.settings.endpoint);
    if (!decision.allowed) {
      return {
        result: 'unknown',
        at,
        reason: `the endpoint is refused: ${decision.violation.message}`,
      };
    }
    const run = openRun({
      runId: randomUUID(),
      settings: target.settings,
      endpoint: decision.endpoint,
      timeouts: this.timeouts,
      startedAt: performance.now(),
      record: async () => {},
      onRequest: this.onRequest,
      logger: this.logger,
    });
    try {
      return await probeRoleTrust(run, target.auth, this.awsAccounts);
    } finally {
      run.close();
    }
  }

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

    const endpoint = checkEndpoint(
      this.endpointPolicy,
      target.settings,
      record,
      () => performance.now() - t0,
    );
    if (!endpoint.allowed) return finish();

    const run = openRun({
      runId: id,
      settings: target.settings,
      endpoint: endpoint.endpoint,
      timeouts: this.timeouts,
      startedAt: t0,
      record,
      onRequest: this.onRequest,
      logger: this.logger,
    });
    try {
      const credentials = startCredentialsPhase(run, {
        auth: target.auth,
        initiatedBy: options.initiatedBy,
        awsAccounts: this.awsAccounts,
      });
      const writeProbe = !!options.writeProbe;
      if (credentials.assumed) prewarmBucketConnections(run, writeProbe);
      await Promise.all([
        credentials.recorded,
        runBucketPhase(run, credentials, writeProbe),
      ]);
    } finally {
      run.close();
    }
    return finish();
  }
}
