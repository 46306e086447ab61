import { AssumeRoleCommand } from '@aws-sdk/client-sts';
import { AwsAccountCredentials } from './AwsAccountCredentials';
import { sourceCredentials } from './credentialsPhase';
import { explainError } from './explainError';
import { classifyError } from './providerErrors';
import { RunContext } from './runContext';
import { TestAuth } from './testTarget';

/**
 * Whether a role can be assumed without the ExternalId: `assumable` when
 * AssumeRole without it succeeded (a fact), `refused` when it was denied,
 * `unknown` (with why) when the call could not say.
 */
export type RoleTrustProbe =
  | { result: 'assumable'; at: string }
  | { result: 'refused'; at: string }
  | { result: 'unknown'; at: string; reason: string };

/** The session name of the probe: CloudTrail (or the RGW log) shows it as what it is. */
export const TRUST_PROBE_SESSION = 's3r-no-external-id-probe';

/**
 * One AssumeRole of the role with its source credentials and no ExternalId,
 * within the run's deadline. A session it gets is dropped at once, unused:
 * STS has no call that ends a session, which expires after 15 minutes.
 */
export async function probeRoleTrust(
  run: RunContext,
  auth: Extract<TestAuth, { method: 'assume-role' }>,
  awsAccounts: AwsAccountCredentials,
): Promise<RoleTrustProbe> {
  const at = () => new Date().toISOString();
  const unknown = (reason: string): RoleTrustProbe => ({
    result: 'unknown',
    at: at(),
    reason,
  });
  try {
    const creds = await run.bounded(
      sourceCredentials(auth.source, awsAccounts),
      () => {
        throw new Error('no source credentials within the deadline');
      },
    );
    const out = await run.bounded(
      run.clients.sts(creds)(
        new AssumeRoleCommand({
          RoleArn: auth.roleArn,
          RoleSessionName: TRUST_PROBE_SESSION,
          DurationSeconds: 900,
        }),
      ),
      () => {
        throw Object.assign(new Error('deadline'), { name: 'TimeoutError' });
      },
    );
    return out.Credentials?.AccessKeyId
      ? { result: 'assumable', at: at() }
      : unknown(
          'AssumeRole without an ExternalId answered without credentials',
        );
  } catch (error) {
    const e = classifyError(error);
    if (e.kind === 'denied') return { result: 'refused', at: at() };
    if (e.kind === 'other' && !e.httpStatus && !e.code) {
      return unknown((error as Error).message);
    }
    const { message } = explainError(
      e,
      run.call('sts:AssumeRole', `role ${auth.roleArn} without an ExternalId`),
    );
    return unknown(message);
  }
}
