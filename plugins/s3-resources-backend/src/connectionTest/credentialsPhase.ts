import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { PROVIDER_PROFILES } from '@s3-resources/plugin-s3-resources-common';
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { assumeRole } from './assumeRoleStep';
import {
  AwsAccountCredentials,
  CredentialSetupError,
  SigningCredentials,
} from './AwsAccountCredentials';
import { S3Send } from './clientFactory';
import {
  CredentialsVerdict,
  IdentityResult,
  credentialFieldsOf,
  judgeCredentials,
} from './credentialsVerdict';
import { StepOutcome } from './explainError';
import { classifyError } from './providerErrors';
import { RunContext } from './runContext';
import { CallResult } from './stepKit';
import { TestAuth, TestCredentialsSource } from './testTarget';

/** AssumeRole's step outcome and, when it succeeded, the session's credentials. */
export type Assumed = { outcome: StepOutcome; creds?: SigningCredentials };

/** What the bucket phase needs from the credentials phase. */
export type CredentialsPhase = {
  /** The credentials step's verdict; bucket results wait for it. */
  verdict: Promise<CredentialsVerdict>;
  /** AssumeRole, when the resource assumes a role. */
  assumed?: Promise<Assumed>;
  /** Sends on the bucket with the role's session or the source credentials; undefined without either. */
  bucketSend: Promise<S3Send | undefined>;
  /** Without AssumeRole: takes HeadBucket's answer as evidence about the source credentials. */
  evidence?: (result: CallResult | undefined) => void;
  /** Settles once the credentials and assume-role steps are recorded. */
  recorded: Promise<unknown>;
};

/** Carries a step outcome through a rejected promise. */
class StepFailure extends Error {
  constructor(readonly outcome: StepOutcome) {
    super(outcome.message);
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

/** The access key (secret decrypted in memory) or the configured AWS account's credentials. */
export async function sourceCredentials(
  from: TestCredentialsSource,
  awsAccounts: AwsAccountCredentials,
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
  return awsAccounts.resolve(from.accountId);
}

/**
 * Starts the credentials and assume-role steps: gets the source credentials,
 * assumes the role where configured, and judges the source credentials with
 * STS GetCallerIdentity where the provider has STS (else from the first
 * answer another call gets). Returns at once; the steps record themselves.
 */
export function startCredentialsPhase(
  run: RunContext,
  options: {
    auth: TestAuth;
    initiatedBy: string;
    awsAccounts: AwsAccountCredentials;
  },
): CredentialsPhase {
  const { auth } = options;
  const { settings, clients, bounded, deadlineOutcome, record } = run;
  const profile = PROVIDER_PROFILES[settings.provider];
  const probeBucket = `s3r-credential-probe-${randomBytes(10).toString('hex')}`;
  run.handler.allowBucket(probeBucket);
  const since = (start: number) => performance.now() - start;

  const from = auth.method === 'assume-role' ? auth.source : auth;
  const source: Promise<SigningCredentials> = bounded(
    sourceCredentials(from, options.awsAccounts),
    () => {
      throw new StepFailure(deadlineOutcome('AWS'));
    },
  );
  source.catch(() => undefined);
  const sourceS3 = source.then(clients.s3);
  sourceS3.catch(() => undefined);

  // The first answer to the source credentials from a call the test makes anyway.
  let reportEvidence: (result: CallResult | undefined) => void = () => {};
  const evidence = new Promise<CallResult | undefined>(resolve => {
    reportEvidence = resolve;
  });

  // AssumeRole with the resource's ExternalId, a 15-minute session named after the user.
  let assumed: Promise<Assumed> | undefined;
  const roleStart = performance.now();
  if (auth.method === 'assume-role') {
    assumed = bounded(
      assumeRole(auth, options.initiatedBy, {
        sts: source.then(clients.sts),
        call: run.call,
        report: reportEvidence,
      }),
      (): Assumed => ({ outcome: deadlineOutcome('STS') }),
    );
  }

  const sourceStart = performance.now();
  const verdict: Promise<CredentialsVerdict> = bounded(
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
              message: `Could not get credentials: ${(error as Error).message}`,
            },
          rejected: true,
        };
      }
      return judgeCredentials({
        profile,
        identity: profile.supportsSts
          ? clients
              .sts(creds)(new GetCallerIdentityCommand({}))
              .then(
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
            const send = await sourceS3;
            // a GET: its error body names a wrong secret or an unknown key
            await send(
              new ListObjectsV2Command({ Bucket: probeBucket, MaxKeys: 1 }),
            );
            return { ok: true };
          } catch (error) {
            return { ok: false, e: classifyError(error) };
          }
        },
        call: (action, what) => run.call(action, what),
        fields: credentialFieldsOf(auth),
      });
    })(),
    (): CredentialsVerdict => ({
      outcome: deadlineOutcome('STS'),
      rejected: false,
    }),
  );
  const credentialsRecorded = verdict.then(v =>
    record('credentials', v.outcome, since(sourceStart)),
  );

  if (!assumed) {
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
    return {
      verdict,
      bucketSend: sourceS3.catch(() => undefined),
      evidence: reportEvidence,
      recorded: credentialsRecorded,
    };
  }

  // A 403 from AssumeRole because the key itself was refused shows once, under Credentials.
  const assumeRoleRecorded = Promise.all([assumed, verdict]).then(([a, v]) =>
    record(
      'assume-role',
      v.rejected && (a.outcome.httpStatus === 403 || !a.creds)
        ? {
            status: 'skipped',
            message:
              'Not checked: the source credentials were rejected (see Credentials)',
          }
        : a.outcome,
      since(roleStart),
    ),
  );
  const roleCreds = assumed.then(a => a.creds);
  return {
    verdict,
    assumed,
    bucketSend: roleCreds.then(c => (c ? clients.s3(c) : undefined)),
    recorded: Promise.all([credentialsRecorded, assumeRoleRecorded]),
  };
}
