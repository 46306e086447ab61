import {
  DeleteBucketPolicyCommand,
  PutBucketCorsCommand,
  PutBucketLifecycleConfigurationCommand,
  PutBucketPolicyCommand,
} from '@aws-sdk/client-s3';
import {
  TestBucket,
  createTestBucket,
  getTestS3,
  s3ClientFor,
  userArn,
} from '@internal/s3-test-harness';
import {
  ResourceSettings,
  generateResourcePolicies,
} from '@s3-resources/plugin-s3-resources-common';
import { execFileSync } from 'node:child_process';
import {
  APP,
  keysOf,
  targetFor,
} from '../connectionTest/__testUtils__/rgwConnectionTest';
import { compareConfiguration } from './ConfigurationComparison';

// Against the real Ceph RGW: live documents written by the bucket's owner,
// read back with a resource's own keys.
jest.setTimeout(60_000);

/** Runs a generated command as printed, with the real AWS CLI, as the bucket's owner. */
function runCli(command: string) {
  const { users } = getTestS3();
  execFileSync('sh', ['-c', command], {
    env: {
      ...process.env,
      AWS_ACCESS_KEY_ID: users.tester.accessKeyId,
      AWS_SECRET_ACCESS_KEY: users.tester.secretAccessKey,
      AWS_DEFAULT_REGION: 'us-east-1',
    },
    stdio: 'pipe',
  });
}

describe('compareConfiguration against Ceph RGW', () => {
  const buckets: TestBucket[] = [];
  const owner = s3ClientFor('tester');
  afterAll(async () => {
    await Promise.all(buckets.map(b => b.cleanup()));
    owner.destroy();
  });

  async function resourceOn(): Promise<{
    settings: ResourceSettings;
    policies: ReturnType<typeof generateResourcePolicies>;
  }> {
    const b = await createTestBucket('drift');
    buckets.push(b);
    const { settings } = targetFor(
      {
        bucket: b.bucket,
        prefix: 'team/',
        accessLevel: 'read-write',
        cors: { origins: [APP], uploadMode: 'simple-put' },
      },
      keysOf('tester'),
    );
    const policies = generateResourcePolicies(settings, {
      principalArn: userArn('other'),
      appBaseUrl: APP,
    });
    return { settings, policies };
  }

  const compare = (
    r: Awaited<ReturnType<typeof resourceOn>>,
    user: 'tester' | 'other' = 'tester',
  ) =>
    compareConfiguration({
      resourceId: 'r1',
      settings: r.settings,
      policies: r.policies,
      principalArn: userArn('other'),
      s3: s3ClientFor(user),
    });

  const doc = (
    result: Awaited<ReturnType<typeof compare>>,
    name: 'cors' | 'bucket-policy' | 'lifecycle',
  ) => result.documents.find(d => d.document === name)!;

  it('says missing when the bucket has no CORS rules, optional when it has no policy, with the commands to apply', async () => {
    const r = await resourceOn();
    const result = await compare(r);
    expect(doc(result, 'cors')).toMatchObject({
      state: 'missing',
      command: r.policies.cors!.command,
    });
    // as the sweep judges it: the identity's own policy may grant the access
    const policy = doc(result, 'bucket-policy');
    expect(policy.state).toBe('optional');
    expect(policy.summary).toContain('The bucket has no bucket policy');
    expect(policy.lines.every(l => l.change === 'desired-only')).toBe(true);
    expect(policy.command).toContain('put-bucket-policy');
  });

  it('matches once applied, while showing statements of the bucket’s own as live-only', async () => {
    const r = await resourceOn();
    const bucket = r.settings.bucket;
    await owner.send(
      new PutBucketCorsCommand({
        Bucket: bucket,
        CORSConfiguration: r.policies.cors!.configuration,
      }),
    );
    const theirs = {
      Sid: 'TeamReadsReports',
      Effect: 'Allow',
      Principal: { AWS: [userArn('other')] },
      Action: ['s3:GetObject'],
      Resource: [`arn:aws:s3:::${bucket}/reports/*`],
    };
    await owner.send(
      new PutBucketPolicyCommand({
        Bucket: bucket,
        Policy: JSON.stringify({
          ...r.policies.bucketPolicy!.policy,
          Statement: [...r.policies.bucketPolicy!.policy.Statement, theirs],
        }),
      }),
    );
    const result = await compare(r);
    expect(doc(result, 'cors')).toMatchObject({ state: 'matches' });
    const policy = doc(result, 'bucket-policy');
    expect(policy).toMatchObject({ state: 'matches' });
    expect(policy.command).toBeUndefined();
    expect(
      policy.lines.some(
        l => l.change === 'live-only' && l.live?.includes('TeamReadsReports'),
      ),
    ).toBe(true);
  });

  it('says which generated statement differs, and its command restores it keeping the bucket’s own', async () => {
    const r = await resourceOn();
    const bucket = r.settings.bucket;
    const generated = r.policies.bucketPolicy!.policy;
    const [first, ...rest] = generated.Statement;
    const narrowed = { ...first, Action: ['s3:GetObject'] };
    const theirs = {
      Sid: 'TeamReadsReports',
      Effect: 'Allow',
      Principal: { AWS: [userArn('other')] },
      Action: ['s3:GetObject'],
      Resource: [`arn:aws:s3:::${bucket}/reports/*`],
    };
    await owner.send(
      new PutBucketPolicyCommand({
        Bucket: bucket,
        Policy: JSON.stringify({
          ...generated,
          Statement: [narrowed, ...rest, theirs],
        }),
      }),
    );
    const before = doc(await compare(r), 'bucket-policy');
    expect(before.state).toBe('differs');
    expect(before.summary).toContain(first.Sid);
    expect(before.lines.some(l => l.change !== 'same')).toBe(true);

    // the generated command, run as printed by the real CLI
    expect(before.command).toContain(`--endpoint-url ${getTestS3().endpoint}`);
    runCli(before.command!);
    const after = await compare(r);
    const policy = doc(after, 'bucket-policy');
    expect(policy.state).toBe('matches');
    expect(policy.live).toContain('TeamReadsReports');
    await owner.send(new DeleteBucketPolicyCommand({ Bucket: bucket }));
  });

  it('compares the lifecycle rules; the command adds the generated ones and keeps the team’s', async () => {
    const r = await resourceOn();
    const bucket = r.settings.bucket;
    const missing = doc(await compare(r), 'lifecycle');
    expect(missing.state).toBe('missing');
    await owner.send(
      new PutBucketLifecycleConfigurationCommand({
        Bucket: bucket,
        LifecycleConfiguration: {
          Rules: [
            {
              ID: 'team-expire-tmp',
              Status: 'Enabled',
              Filter: { Prefix: 'tmp/' },
              Expiration: { Days: 3 },
            },
          ],
        },
      }),
    );
    const before = doc(await compare(r), 'lifecycle');
    expect(before.state).toBe('differs');
    expect(before.summary).toContain(
      'nothing aborts incomplete multipart uploads under "team/"',
    );
    expect(
      before.lines.some(
        l => l.change !== 'same' && l.live?.includes('team-expire-tmp'),
      ),
    ).toBe(true);
    runCli(before.command!);
    const after = doc(await compare(r), 'lifecycle');
    expect(after.state).toBe('matches');
    expect(after.command).toBeUndefined();
    expect(after.live).toContain('team-expire-tmp');
    // the generated rules, as the bucket now returns them, line up with the desired ones
    expect(
      after.lines.filter(
        l => l.change === 'desired-only' || l.change === 'changed',
      ),
    ).toEqual([]);
  });

  it('is unknown, never matching, when the credentials may not read the documents', async () => {
    const r = await resourceOn();
    const result = await compare(r, 'other');
    for (const name of ['cors', 'bucket-policy'] as const) {
      expect(doc(result, name)).toMatchObject({
        state: 'unknown',
        summary: expect.stringMatching(
          /was denied: grant s3:GetBucket(CORS|Policy)/,
        ),
      });
    }
  });
});
