import {
  AssumeRoleCommand,
  AssumeRoleCommandOutput,
} from '@aws-sdk/client-sts';
import { SigningCredentials } from './AwsAccountCredentials';
import { StsSend } from './clientFactory';
import { CallContext, StepOutcome, explainError } from './explainError';
import { classifyError } from './providerErrors';
import { CallResult } from './stepKit';
import { sessionNameFor } from './steps';

/** STS sessions of a test last the shortest time STS allows. */
const SESSION_SECONDS = 900;

export type AssumeRoleAuth = {
  method: 'assume-role';
  roleArn: string;
  /** Sent with every AssumeRole: the resource's, or one issued for the configuration. */
  externalId: string;
};

/**
 * The AssumeRole step: the resource's ExternalId, a 15-minute session named
 * after the Backstage user. Reports its answer as evidence about the source
 * credentials.
 */
export async function assumeRole(
  auth: AssumeRoleAuth,
  initiatedBy: string,
  io: {
    /** Sends to STS with the source credentials and the run's deadline. */
    sts: Promise<StsSend>;
    call: (
      action: string,
      what: string,
      extra?: Partial<CallContext>,
    ) => CallContext;
    report: (result: CallResult | undefined) => void;
  },
): Promise<{ outcome: StepOutcome; creds?: SigningCredentials }> {
  let sts: StsSend;
  try {
    sts = await io.sts;
  } catch {
    io.report(undefined);
    return {
      outcome: {
        status: 'skipped',
        message: 'Not run: no source credentials (see Credentials)',
      },
    };
  }
  const sessionName = sessionNameFor(initiatedBy);
  const call = io.call('sts:AssumeRole', `role ${auth.roleArn}`, {
    deniedHint: `Apply the resource's generated trust policy to role ${auth.roleArn}: it must trust the source credentials with the condition sts:ExternalId equal to the resource's ExternalId.`,
  });
  try {
    const out: AssumeRoleCommandOutput = await sts(
      new AssumeRoleCommand({
        RoleArn: auth.roleArn,
        RoleSessionName: sessionName,
        DurationSeconds: SESSION_SECONDS,
        ExternalId: auth.externalId,
      }),
    );
    io.report({ ok: true });
    const c = out.Credentials;
    if (!c?.AccessKeyId || !c.SecretAccessKey) {
      return {
        outcome: {
          status: 'fail',
          message: 'AssumeRole answered without credentials',
          remediation: 'Check the role and the provider.',
        },
      };
    }
    return {
      outcome: {
        status: 'pass',
        message: `Assumed ${
          out.AssumedRoleUser?.Arn ?? auth.roleArn
        } for 15 minutes as session ${sessionName}, with the resource's ExternalId`,
      },
      creds: {
        accessKeyId: c.AccessKeyId,
        secretAccessKey: c.SecretAccessKey,
        ...(c.SessionToken ? { sessionToken: c.SessionToken } : {}),
      },
    };
  } catch (error) {
    const e = classifyError(error);
    io.report({ ok: false, e });
    if (e.kind === 'not-found' || e.code === 'NoSuchEntity') {
      return {
        outcome: {
          status: 'fail',
          ...(e.httpStatus ? { httpStatus: e.httpStatus } : {}),
          ...(e.code ? { errorCode: e.code } : {}),
          message: `Role ${auth.roleArn} does not exist`,
          remediation: 'Check the role ARN, or create the role.',
        },
      };
    }
    return { outcome: explainError(e, call) };
  }
}
