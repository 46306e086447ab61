import { S3Client, S3ClientConfig } from '@aws-sdk/client-s3';
import {
  AssumeRoleCommand,
  AssumeRoleCommandInput,
  STSClient,
  STSClientConfig,
} from '@aws-sdk/client-sts';
import { IAMClient, IAMClientConfig } from '@aws-sdk/client-iam';
import { getTestS3, TestUser } from './env';

export interface SessionCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

// Answers on loopback take a few ms; fail fast instead of hanging a test. Without
// throwOnRequestTimeout the SDK only logs a warning when requestTimeout is exceeded.
// maxAttempts 1: a test sees the server's first answer, not a retried one.
function commonConfig() {
  const s3 = getTestS3();
  return {
    endpoint: s3.endpoint,
    region: s3.region,
    maxAttempts: 1,
    requestHandler: {
      connectionTimeout: 3_000,
      requestTimeout: 20_000,
      throwOnRequestTimeout: true,
    },
  };
}

/**
 * S3 client for one of the test users: path-style (virtual-hosted names do not resolve on
 * 127.0.0.1), region us-east-1, the test endpoint. `opts` override any of these.
 */
export function s3ClientFor(
  user: TestUser,
  opts: Partial<S3ClientConfig> = {},
): S3Client {
  return s3ClientWithCredentials(getTestS3().users[user], opts);
}

/** S3 client with explicit credentials, e.g. the temporary ones from {@link assumeRoleAs}. */
export function s3ClientWithCredentials(
  credentials: SessionCredentials,
  opts: Partial<S3ClientConfig> = {},
): S3Client {
  return new S3Client({
    ...commonConfig(),
    forcePathStyle: true,
    credentials,
    ...opts,
  });
}

/**
 * STS client signed as a test user. RGW supports AssumeRole only: GetCallerIdentity answers
 * 405 and GetSessionToken 403 there; treat those as "not available on this provider".
 */
export function stsClientFor(
  user: TestUser,
  opts: Partial<STSClientConfig> = {},
): STSClient {
  return new STSClient({
    ...commonConfig(),
    credentials: getTestS3().users[user],
    ...opts,
  });
}

/** IAM API (CreateRole, PutRolePolicy, ...) on the same endpoint; only `admin` has the caps. */
export function iamClientFor(
  user: 'admin' = 'admin',
  opts: Partial<IAMClientConfig> = {},
): IAMClient {
  return new IAMClient({
    ...commonConfig(),
    credentials: getTestS3().users[user],
    ...opts,
  });
}

/**
 * AssumeRole as `user` and return the temporary credentials.
 * On RGW a trust policy with a Condition on sts:ExternalId (or any sts:* key) is NOT supported:
 * AssumeRole is then always denied (403), even with the right ExternalId. Sending an ExternalId to
 * a role whose trust policy has no condition works; its enforcement can only be shown on AWS.
 */
export async function assumeRoleAs(
  user: TestUser,
  roleArn: string,
  input: Partial<Omit<AssumeRoleCommandInput, 'RoleArn'>> = {},
): Promise<Required<SessionCredentials>> {
  const sts = stsClientFor(user);
  try {
    const out = await sts.send(
      new AssumeRoleCommand({
        RoleArn: roleArn,
        RoleSessionName: `s3r-test-${Date.now()}`,
        DurationSeconds: 900,
        ...input,
      }),
    );
    const c = out.Credentials;
    if (!c?.AccessKeyId || !c.SecretAccessKey || !c.SessionToken) {
      throw new Error(`AssumeRole ${roleArn} returned no credentials`);
    }
    return {
      accessKeyId: c.AccessKeyId,
      secretAccessKey: c.SecretAccessKey,
      sessionToken: c.SessionToken,
    };
  } finally {
    sts.destroy();
  }
}
