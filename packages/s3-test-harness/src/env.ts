/** The three users that every test server provides (see scripts/s3/README.md). */
export type TestUser = 'admin' | 'tester' | 'other';

/**
 * Which server the tests run against.
 * - `ceph-rgw`: Ceph RADOS Gateway (scripts/s3/ceph-rgw.sh), the real one: signatures, ACLs,
 *   bucket policies, STS AssumeRole, IAM roles and CORS are enforced.
 * - `s3rver`: npm s3rver (scripts/s3/s3rver.sh), dev only: one key for every user, the secret
 *   is not checked, no STS / policies / ACL enforcement. It can never prove a denial.
 */
export type TestS3Kind = 'ceph-rgw' | 's3rver';

export interface TestCredentials {
  accessKeyId: string;
  secretAccessKey: string;
}

export interface TestS3 {
  kind: TestS3Kind;
  /** e.g. http://127.0.0.1:7480; S3, STS and IAM all answer here (path-style only) */
  endpoint: string;
  region: 'us-east-1';
  users: Record<TestUser, TestCredentials>;
}

export const TEST_USERS: readonly TestUser[] = ['admin', 'tester', 'other'];

const KINDS: readonly TestS3Kind[] = ['ceph-rgw', 's3rver'];

const HOW_TO_START = [
  'Run the suite with `yarn test` (from the repository root; it starts Ceph RGW and sets them),',
  'or start the server yourself and export its variables in the same shell:',
  '  scripts/s3/ceph-rgw.sh install   # once, needs root (Debian packages)',
  '  scripts/s3/ceph-rgw.sh start',
  '  eval "$(scripts/s3/ceph-rgw.sh env)"',
].join('\n');

function userVariables(user: TestUser) {
  const prefix = `S3R_TEST_S3_${user.toUpperCase()}`;
  return {
    accessKey: `${prefix}_ACCESS_KEY`,
    // S3R_TEST_S3_<USER>_SECRET is accepted as an alias
    secretKey: [`${prefix}_SECRET_KEY`, `${prefix}_SECRET`],
  };
}

/**
 * Reads the test server from the environment (`scripts/s3/ceph-rgw.sh env` prints the variables).
 * Throws when they are missing: a test that needs S3 must fail, never skip silently.
 */
export function getTestS3(env: NodeJS.ProcessEnv = process.env): TestS3 {
  const missing: string[] = [];
  const read = (...names: string[]): string => {
    for (const name of names) {
      const value = env[name]?.trim();
      if (value) return value;
    }
    missing.push(names[0]);
    return '';
  };

  const endpoint = read('S3R_TEST_S3_ENDPOINT');
  const kind = read('S3R_TEST_S3_KIND');
  const users = {} as Record<TestUser, TestCredentials>;
  for (const user of TEST_USERS) {
    const names = userVariables(user);
    users[user] = {
      accessKeyId: read(names.accessKey),
      secretAccessKey: read(...names.secretKey),
    };
  }

  if (missing.length > 0) {
    throw new Error(
      `No S3 test server is configured: ${missing.join(', ')} ${
        missing.length === 1 ? 'is' : 'are'
      } not set.\n${HOW_TO_START}`,
    );
  }
  if (!KINDS.includes(kind as TestS3Kind)) {
    throw new Error(
      `S3R_TEST_S3_KIND is "${kind}"; expected one of ${KINDS.join(
        ', ',
      )}.\n${HOW_TO_START}`,
    );
  }
  if (!/^https?:\/\/[^/]+\/?$/.test(endpoint)) {
    throw new Error(
      `S3R_TEST_S3_ENDPOINT must look like http://127.0.0.1:7480, got "${endpoint}"`,
    );
  }
  return {
    kind: kind as TestS3Kind,
    endpoint: endpoint.replace(/\/$/, ''),
    region: 'us-east-1',
    users,
  };
}

/**
 * For tests that prove a denial, or use STS, IAM, ACLs, bucket policies or CORS: throws unless
 * the server is Ceph RGW (s3rver accepts a wrong secret and enforces none of these).
 */
export function requireEnforcingServer(what = 'this test'): TestS3 {
  const s3 = getTestS3();
  if (s3.kind !== 'ceph-rgw') {
    throw new Error(
      `${what} needs a server that enforces access (Ceph RGW), but S3R_TEST_S3_KIND is "${s3.kind}".\n${HOW_TO_START}`,
    );
  }
  return s3;
}

/** IAM ARN of a test user (RGW users without tenant), for trust and bucket policies. */
export function userArn(user: TestUser | 'demo'): string {
  return `arn:aws:iam:::user/${user}`;
}
