import { Config } from '@backstage/config';
import {
  AwsCredentialsManager,
  DefaultAwsCredentialsManager,
} from '@backstage/integration-aws-node';

/** Credentials a test signs with; held in memory for one run only. */
export type SigningCredentials = {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  /** When temporary credentials stop working. */
  expiration?: Date;
};

/** A test cannot start because of its credentials' setup; becomes a failed step. */
export class CredentialSetupError extends Error {
  constructor(message: string, readonly remediation: string) {
    super(message);
    this.name = 'CredentialSetupError';
  }
}

/**
 * Credentials of AWS accounts configured under `aws.accounts` (the
 * `@backstage/integration-aws-node` format). An account that is not listed
 * is refused, and so is one whose credentials would come from the backend's
 * own environment (default provider chain) unless
 * `s3Resources.connectionTest.allowAmbientCredentials` is true.
 */
export class AwsAccountCredentials {
  static fromConfig(
    config: Config,
    options: { allowAmbientCredentials: boolean },
  ): AwsAccountCredentials {
    return new AwsAccountCredentials(
      config,
      options.allowAmbientCredentials,
      () => DefaultAwsCredentialsManager.fromConfig(config),
    );
  }

  private manager?: AwsCredentialsManager;

  private constructor(
    private readonly config: Config,
    private readonly allowAmbientCredentials: boolean,
    private readonly createManager: () => AwsCredentialsManager,
  ) {}

  /** Whether the account's credentials would come from the backend's environment. */
  private usesAmbientCredentials(account: Config): boolean {
    const explicit = (c: Config | undefined) =>
      !!c && (c.has('accessKeyId') || c.has('profile'));
    if (account.has('webIdentityTokenFile')) return false;
    if (explicit(account)) return false;
    if (account.has('roleName')) {
      // the role is assumed with the main account's credentials
      return !explicit(this.config.getOptionalConfig('aws.mainAccount'));
    }
    return true;
  }

  async resolve(accountId: string): Promise<SigningCredentials> {
    const account = (
      this.config.getOptionalConfigArray('aws.accounts') ?? []
    ).find(a => a.getOptionalString('accountId') === accountId);
    if (!account) {
      throw new CredentialSetupError(
        `No AWS account ${accountId} is configured under aws.accounts in app-config`,
        `An operator adds account ${accountId} to aws.accounts (with an access key, a profile or a role to assume), or the resource uses an access key instead.`,
      );
    }
    if (!this.allowAmbientCredentials && this.usesAmbientCredentials(account)) {
      throw new CredentialSetupError(
        `AWS account ${accountId} has no credentials of its own in aws.accounts; it would use the backend's ambient credentials, which connection tests may not use`,
        'An operator gives the account an access key, a profile or a role in aws.accounts, or sets s3Resources.connectionTest.allowAmbientCredentials: true.',
      );
    }
    this.manager ??= this.createManager();
    let identity;
    try {
      const provider = await this.manager.getCredentialProvider({ accountId });
      identity = await provider.sdkCredentialProvider();
    } catch (error) {
      throw new CredentialSetupError(
        `Could not get credentials for AWS account ${accountId}: ${
          (error as Error).message
        }`,
        'Check the account in aws.accounts (keys, profile, role and the role trust policy).',
      );
    }
    return {
      accessKeyId: identity.accessKeyId,
      secretAccessKey: identity.secretAccessKey,
      ...(identity.sessionToken ? { sessionToken: identity.sessionToken } : {}),
      ...(identity.expiration ? { expiration: identity.expiration } : {}),
    };
  }
}
