import {
  GetBucketAclCommand,
  PutBucketAclCommand,
  PutBucketPolicyCommand,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import {
  TestBucket,
  createTestBucket,
  getTestS3,
  s3ClientFor,
  userArn,
} from '@internal/s3-test-harness';
import { TestRun } from '@s3-resources/plugin-s3-resources-common';
import { execFileSync } from 'node:child_process';
import {
  keysOf,
  stepOf,
  targetFor,
  testerFor,
} from '../connectionTest/__testUtils__/rgwConnectionTest';
import { accessMapOf } from './accessFindings';
import { rowOf } from './findingRules.fixtures';
import { computeFindings } from './findingRules';

// Against the real Ceph RGW: a bucket policy and ACL written by the
// bucket's owner, read by a read-only resource's connection test, judged
// as the sweep judges it; the fix is run with the real AWS CLI.
jest.setTimeout(120_000);

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

const OTHER = userArn('other');

describe('the access map against Ceph RGW', () => {
  let b: TestBucket;
  const owner = s3ClientFor('tester');
  const other = s3ClientFor('other');
  const tester = testerFor([Number(new URL(getTestS3().endpoint).port)]);
  afterAll(async () => {
    await b?.cleanup();
    owner.destroy();
    other.destroy();
  });

  const test = async (): Promise<TestRun> =>
    tester.run(
      targetFor({ bucket: b.bucket, accessLevel: 'read' }, keysOf('tester')),
      { initiatedBy: 'plugin:s3-resources' },
    );
  const row = () =>
    rowOf(
      { bucket: b.bucket, id: 'am-rgw-resource' },
      { endpoint: getTestS3().endpoint, accessLevel: 'read' },
    );
  const judge = (run: TestRun) =>
    computeFindings({
      row: row(),
      test: { run },
      catalog: { ownerExists: true },
      now: new Date(),
      maxAccessKeyAgeDays: 90,
    });
  const otherWrites = () =>
    other
      .send(
        new PutObjectCommand({
          Bucket: b.bucket,
          Key: 'from-other.txt',
          Body: 'x',
        }),
      )
      .then(
        () => true,
        (e: any) => {
          if (e?.$metadata?.httpStatusCode === 403) return false;
          throw e;
        },
      );

  it('shows another user given write on a read-only resource, names the statement, and the fix removes it', async () => {
    b = await createTestBucket('am-access');
    await owner.send(
      new PutBucketPolicyCommand({
        Bucket: b.bucket,
        Policy: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Sid: 'OtherReads',
              Effect: 'Allow',
              Principal: { AWS: [OTHER] },
              Action: ['s3:GetObject'],
              Resource: [`arn:aws:s3:::${b.bucket}/*`],
            },
            {
              Sid: 'OtherWrites',
              Effect: 'Allow',
              Principal: { AWS: [OTHER] },
              Action: ['s3:PutObject'],
              Resource: [`arn:aws:s3:::${b.bucket}/*`],
            },
          ],
        }),
      }),
    );
    // and an ACL grant: the other user may read the bucket's ACL and list it
    const acl = await owner.send(new GetBucketAclCommand({ Bucket: b.bucket }));
    await owner.send(
      new PutBucketAclCommand({
        Bucket: b.bucket,
        AccessControlPolicy: {
          Owner: acl.Owner,
          Grants: [
            ...(acl.Grants ?? []),
            {
              Grantee: { Type: 'CanonicalUser', ID: 'other' },
              Permission: 'READ',
            },
          ],
        },
      }),
    );
    // RGW enforces the policy: the other user really may write
    expect(await otherWrites()).toBe(true);

    const run = await test();
    expect(stepOf(run, 'bucket-acl')).toMatchObject({
      status: 'pass',
      message: expect.stringContaining('READ to canonical user other'),
    });
    const map = accessMapOf(row(), run);
    expect(map.inputs).toMatchObject({
      bucketPolicy: { state: 'read' },
      bucketAcl: { state: 'read' },
    });
    const byPolicy = map.rows.find(r => r.principal.id === OTHER)!;
    const cells = Object.fromEntries(byPolicy.cells.map(c => [c.category, c]));
    expect(cells.write).toMatchObject({
      state: 'granted',
      sources: [
        expect.objectContaining({
          via: 'bucket-policy',
          label: 'statement "OtherWrites"',
        }),
      ],
    });
    expect(cells.read.state).toBe('granted');
    expect(cells.delete.state).toBe('not-granted');
    const byAcl = map.rows.find(r => r.principal.id === 'other')!;
    expect(byAcl.principal.kind).toBe('canonical-user');
    expect(byAcl.cells.find(c => c.category === 'list')).toMatchObject({
      state: 'granted',
      sources: [
        expect.objectContaining({
          label: expect.stringMatching(
            /^ACL grant READ to canonical user other/,
          ),
        }),
      ],
    });
    // the bucket's owner, from the ACL
    expect(
      map.rows.find(r => r.principal.kind === 'bucket-owner'),
    ).toBeDefined();

    const verdict = judge(run);
    const beyond = verdict.findings.find(f => f.kind === 'access-beyond-level');
    expect(beyond?.message).toContain(
      `IAM user ${OTHER} may write through statement "OtherWrites"`,
    );
    expect(verdict.findings.map(f => f.kind)).toContain('acl-cross-account');

    // the fix as printed, with the real AWS CLI
    const command = beyond!.fix.split('With the AWS CLI: ')[1].split('\n')[0];
    expect(command).toMatch(/^aws s3api put-bucket-policy /);
    runCli(command);
    expect(await otherWrites()).toBe(false);

    const after = await test();
    const again = judge(after);
    expect(again.findings.map(f => f.kind)).not.toContain(
      'access-beyond-level',
    );
    expect(again.unknown).not.toContain('access-beyond-level');
    const remaining = accessMapOf(row(), after).rows.find(
      r => r.principal.id === OTHER,
    )!;
    expect(remaining.cells.map(c => [c.category, c.state])).toEqual([
      ['read', 'granted'],
      ['list', 'not-granted'],
      ['write', 'not-granted'],
      ['delete', 'not-granted'],
      ['permissions', 'not-granted'],
    ]);
  });
});
