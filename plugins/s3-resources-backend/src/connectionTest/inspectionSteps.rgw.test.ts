import {
  DeleteBucketPolicyCommand,
  CreateBucketCommand,
  CreateMultipartUploadCommand,
  GetBucketLifecycleConfigurationCommand,
  ListMultipartUploadsCommand,
  PutBucketLifecycleConfigurationCommand,
  PutBucketPolicyCommand,
  PutBucketVersioningCommand,
  PutObjectLockConfigurationCommand,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import {
  createTestBucket,
  createTestRole,
  trustPolicyFor,
  emptyAndDeleteBucket,
  getTestS3,
  s3ClientFor,
  uniqueBucketName,
  userArn,
} from '@internal/s3-test-harness';
import {
  CreateResourceRequest,
  StorageSample,
  compareLifecycleConfiguration,
  generateIamPolicy,
} from '@s3-resources/plugin-s3-resources-common';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import {
  bucketPolicyCrossAccount,
  bucketPolicyPublic,
  incompleteUploadsNoAbort,
  lifecycleDrift,
} from '../service/configurationFindings';
import { settingsOf } from '../service/resourceView';
import { accessFixesOf } from '../service/accessFix';
import { accessMapOf } from '../service/accessFindings';
import { rowOf } from '../service/findingRules.fixtures';
import {
  keysOf,
  stepOf,
  targetFor,
  testerFor,
  useRgwFixture,
} from './__testUtils__/rgwConnectionTest';
import { TestAuth } from './ConnectionTester';

// Against the real Ceph RGW (`yarn test`, or scripts/s3/ceph-rgw.sh start + env).
jest.setTimeout(60_000);

const run = (
  bucket: string,
  request: Partial<CreateResourceRequest> = {},
  auth: TestAuth = keysOf('tester'),
  config?: object,
) =>
  testerFor(
    [Number(new URL(getTestS3().endpoint).port)],
    {},
    config ? { config } : {},
  ).run(targetFor({ bucket, ...request }, auth), {
    initiatedBy: 'user:default/alice',
  });

/** The resource the sweep would judge, as stored, for the rules. */
const settingsFor = (bucket: string, settings: object = {}) =>
  settingsOf(
    rowOf({ bucket }, { endpoint: getTestS3().endpoint, ...settings }),
  );

describe('Inspection steps against Ceph RGW', () => {
  const { track } = useRgwFixture();
  const tester = () => s3ClientFor('tester');

  it('reads versioning: off when never set, then enabled', async () => {
    const b = track(await createTestBucket('versioning'));
    expect(stepOf(await run(b.bucket), 'versioning')).toMatchObject({
      status: 'pass',
      message: expect.stringMatching(/^Versioning is off/),
      observed: { versioning: 'off' },
    });
    await tester().send(
      new PutBucketVersioningCommand({
        Bucket: b.bucket,
        VersioningConfiguration: { Status: 'Enabled' },
      }),
    );
    expect(stepOf(await run(b.bucket), 'versioning').observed).toEqual({
      versioning: 'enabled',
    });
  });

  it("reads lifecycle rules: none, then the team's own without the abort rule", async () => {
    const b = track(await createTestBucket('lifecycle'));
    const none = stepOf(
      await run(b.bucket, { prefix: 'team-a/' }),
      'lifecycle',
    );
    expect(none).toMatchObject({
      status: 'pass',
      message: expect.stringContaining(
        'nothing aborts incomplete multipart uploads under "team-a/"',
      ),
      observed: { lifecycleRules: [] },
    });
    await tester().send(
      new PutBucketLifecycleConfigurationCommand({
        Bucket: b.bucket,
        LifecycleConfiguration: {
          Rules: [
            {
              ID: 'team-expire-tmp',
              Status: 'Enabled',
              Filter: { Prefix: 'tmp/' },
              Expiration: { Days: 3 },
            },
            {
              ID: 'team-old-versions',
              Status: 'Enabled',
              Filter: { Prefix: '' },
              NoncurrentVersionExpiration: { NoncurrentDays: 10 },
            },
          ],
        },
      }),
    );
    const own = stepOf(await run(b.bucket, { prefix: 'team-a/' }), 'lifecycle');
    expect(own.observed!.lifecycleRules).toEqual([
      expect.objectContaining({
        id: 'team-expire-tmp',
        enabled: true,
        prefix: 'tmp/',
        expirationDays: 3,
      }),
      expect.objectContaining({
        id: 'team-old-versions',
        prefix: '',
        noncurrentExpirationDays: 10,
      }),
    ]);
    // the team's bucket-wide rule expires noncurrent versions within 30 days
    expect(own.message).toContain(
      'nothing aborts incomplete multipart uploads',
    );
    expect(own.message).not.toContain('noncurrent');
    expect(own.remediation).toContain('put-bucket-lifecycle-configuration');
    expect(
      compareLifecycleConfiguration(
        { prefix: 'team-a/' },
        own.observed!.lifecycleRules!,
      ).missing.map(r => r.ID),
    ).toEqual(['s3-resources-abort-incomplete-uploads:team-a/']);
  });

  it('a role given the generated read policy may make every call the test makes', async () => {
    const b = track(await createTestBucket('inspect-role'));
    const role = track(
      await createTestRole({
        trustPolicy: trustPolicyFor('tester'),
        rolePolicy: generateIamPolicy({
          provider: 'ceph-rgw',
          bucket: b.bucket,
          region: 'us-east-1',
          prefix: 'team-a/',
          accessLevel: 'read',
        }).policy as never,
      }),
    );
    const result = await run(
      b.bucket,
      { prefix: 'team-a/' },
      {
        method: 'assume-role',
        roleArn: role.roleArn,
        externalId: 's3r-ExternalIdOfThisResource0123456789',
        source: keysOf('tester') as never,
      },
    );
    // HeadBucket (no prefix), ownership and encryption are denied as the
    // policy's notes say; none of the inspection calls is
    for (const id of [
      'versioning',
      'lifecycle',
      'object-lock',
      'bucket-policy',
      'bucket-acl',
      'storage',
    ]) {
      expect(stepOf(result, id)).toMatchObject({ status: 'pass' });
    }
    for (const id of ['logging', 'replication']) {
      expect(stepOf(result, id).message).toMatch(
        /^Unknown: Ceph RADOS Gateway does not report/,
      );
    }
  });

  it('names a denied call as unknown (a bucket policy denies the tester)', async () => {
    const b = track(await createTestBucket('inspect-deny'));
    await tester().send(
      new PutBucketPolicyCommand({
        Bucket: b.bucket,
        Policy: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Deny',
              Principal: { AWS: [userArn('tester')] },
              Action: [
                's3:GetLifecycleConfiguration',
                's3:ListBucketMultipartUploads',
              ],
              Resource: [`arn:aws:s3:::${b.bucket}`],
            },
          ],
        }),
      }),
    );
    // the harness empties the bucket as the tester: lift the Deny after
    let result;
    try {
      result = await run(b.bucket);
    } finally {
      await tester().send(new DeleteBucketPolicyCommand({ Bucket: b.bucket }));
    }
    // the storage scan's figure it may not gather is named, with the grant
    expect(stepOf(result, 'storage')).toMatchObject({
      status: 'skipped',
      httpStatus: 403,
      message:
        'Unknown to the storage scan: incomplete multipart uploads (ListMultipartUploads was denied (grant s3:ListBucketMultipartUploads; the generated IAM policy lists it))',
    });
    expect(stepOf(result, 'lifecycle')).toMatchObject({
      status: 'skipped',
      httpStatus: 403,
      message:
        'Unknown: GetBucketLifecycleConfiguration was denied (grant s3:GetLifecycleConfiguration; the generated IAM policy lists it)',
    });
    expect(stepOf(result, 'lifecycle').observed).toBeUndefined();
    expect(lifecycleDrift(settingsFor(b.bucket), result, false)).toBe(
      'unknown',
    );
    // the other calls still answer
    expect(stepOf(result, 'versioning').status).toBe('pass');
  });

  it('says Ceph RGW does not report access logging or replication (its answers are stubs)', async () => {
    const b = track(await createTestBucket('inspect-stubs'));
    const result = await run(b.bucket);
    expect(stepOf(result, 'logging')).toMatchObject({
      status: 'skipped',
      message: 'Unknown: Ceph RADOS Gateway does not report access logging',
    });
    expect(stepOf(result, 'replication')).toMatchObject({
      status: 'skipped',
      message: 'Unknown: Ceph RADOS Gateway does not report replication',
    });
    expect(stepOf(result, 'logging').observed).toBeUndefined();
    expect(stepOf(result, 'replication').observed).toBeUndefined();
  });

  it('warns about a default retention on a read-write resource; object lock off elsewhere', async () => {
    const bucket = uniqueBucketName('inspect-lock');
    await tester().send(
      new CreateBucketCommand({
        Bucket: bucket,
        ObjectLockEnabledForBucket: true,
      }),
    );
    track({
      bucket,
      owner: 'tester',
      cleanup: () => emptyAndDeleteBucket(tester(), bucket),
    });
    expect(
      stepOf(await run(bucket, { accessLevel: 'read-write' }), 'object-lock'),
    ).toMatchObject({
      status: 'pass',
      observed: { objectLock: { enabled: true } },
    });
    await tester().send(
      new PutObjectLockConfigurationCommand({
        Bucket: bucket,
        ObjectLockConfiguration: {
          ObjectLockEnabled: 'Enabled',
          Rule: { DefaultRetention: { Mode: 'GOVERNANCE', Days: 1 } },
        },
      }),
    );
    expect(
      stepOf(await run(bucket, { accessLevel: 'read-write' }), 'object-lock'),
    ).toMatchObject({
      status: 'warn',
      message: expect.stringContaining('keeps every object version for 1 day'),
      observed: { objectLock: { enabled: true, mode: 'GOVERNANCE', days: 1 } },
    });
    expect(stepOf(await run(bucket), 'object-lock').status).toBe('pass');

    const plain = track(await createTestBucket('inspect-nolock'));
    expect(stepOf(await run(plain.bucket), 'object-lock')).toMatchObject({
      status: 'pass',
      message: 'Object lock is off',
      observed: { objectLock: { enabled: false } },
    });
  });

  it('reads the bucket policy: none, public (warns, and the fix removes it), another account', async () => {
    const b = track(await createTestBucket('inspect-policy'));
    expect(stepOf(await run(b.bucket), 'bucket-policy')).toMatchObject({
      status: 'pass',
      message: 'No bucket policy',
      observed: { bucketPolicy: null },
    });
    const crossAccount = {
      Sid: 'PartnerReads',
      Effect: 'Allow',
      Principal: { AWS: [userArn('other')] },
      Action: ['s3:GetObject'],
      Resource: [`arn:aws:s3:::${b.bucket}/*`],
    };
    await tester().send(
      new PutBucketPolicyCommand({
        Bucket: b.bucket,
        Policy: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            crossAccount,
            {
              Sid: 'Everyone',
              Effect: 'Allow',
              Principal: '*',
              Action: ['s3:GetObject'],
              Resource: [`arn:aws:s3:::${b.bucket}/*`],
            },
          ],
        }),
      }),
    );
    // an account the portal knows the resource by: `other`'s ARN is outside it
    const accountAuth: TestAuth = {
      method: 'aws-account',
      accountId: '123456789012',
    };
    const result = await run(b.bucket, {}, accountAuth, {
      aws: {
        accounts: [{ accountId: '123456789012', ...getTestS3().users.tester }],
      },
    });
    const step = stepOf(result, 'bucket-policy');
    expect(step).toMatchObject({
      status: 'warn',
      message: `The bucket policy grants public access: statement "Everyone" allows s3:GetObject on arn:aws:s3:::${b.bucket}/* to everyone`,
    });
    const settings = settingsFor(b.bucket);
    // the one fix of every access finding on the bucket (accessFix.ts)
    const fixesFor = (ownAccount: string | undefined) =>
      accessFixesOf({
        settings,
        run: result,
        map: accessMapOf(rowOf({ bucket: b.bucket }), result),
        ownAccount,
      });
    const known = fixesFor('123456789012');
    const exposed = bucketPolicyPublic(settings, result, known);
    expect(exposed).toMatchObject({
      kind: 'bucket-policy-public',
      severity: 'high',
      message: expect.stringContaining('statement "Everyone"'),
    });
    const cross = bucketPolicyCrossAccount(
      settings,
      result,
      '123456789012',
      known,
    );
    // with the account known both findings print one fix: nothing is left
    expect((exposed as { fix: string }).fix).toContain('delete-bucket-policy');
    expect((cross as { fix: string }).fix).toBe(
      (exposed as { fix: string }).fix
        .split('\nIf the objects')[0]
        .replace(/^/, 'If these accounts should not have access: '),
    );
    expect(cross).toMatchObject({
      kind: 'bucket-policy-cross-account',
      severity: 'medium',
      message: expect.stringContaining(
        `statement "PartnerReads" allows s3:GetObject on arn:aws:s3:::${
          b.bucket
        }/* to ${userArn('other')}`,
      ),
    });
    // the account is not known: only public access is judged
    const unknownAccount = fixesFor(undefined);
    expect(
      bucketPolicyCrossAccount(settings, result, undefined, unknownAccount),
    ).toBeUndefined();

    // the public fix, run as given, leaves the partner's statement alone
    // where the partner is not judged (the account is not known)
    await runCommand(
      (bucketPolicyPublic(settings, result, unknownAccount) as { fix: string })
        .fix,
    );
    const after = stepOf(await run(b.bucket), 'bucket-policy');
    expect(after.status).toBe('pass');
    expect(after.observed!.bucketPolicy).toMatchObject({
      Statement: [expect.objectContaining({ Sid: 'PartnerReads' })],
    });
  });

  it("applies the incomplete-uploads fix with the aws CLI: the finding goes, the team's rule stays", async () => {
    const b = track(await createTestBucket('inspect-abort'));
    const client = tester();
    await client.send(
      new PutBucketLifecycleConfigurationCommand({
        Bucket: b.bucket,
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
    const upload = await client.send(
      new CreateMultipartUploadCommand({
        Bucket: b.bucket,
        Key: 'team-a/big.bin',
      }),
    );
    await client.send(
      new UploadPartCommand({
        Bucket: b.bucket,
        Key: 'team-a/big.bin',
        UploadId: upload.UploadId,
        PartNumber: 1,
        Body: Buffer.alloc(1024, 1),
      }),
    );
    const settings = settingsFor(b.bucket, { prefix: 'team-a/' });
    const storage = await storageOf(b.bucket, 'team-a/');
    expect(storage.incompleteUploads.count).toBe(1);

    const before = await run(b.bucket, { prefix: 'team-a/' });
    const found = incompleteUploadsNoAbort(settings, before, storage);
    expect(found).toMatchObject({
      kind: 'incomplete-uploads-no-abort',
      severity: 'medium',
      message: expect.stringMatching(
        /^1 incomplete multipart upload under "team-a\/" in bucket .* holds 1\.0 KiB of parts, the oldest started/,
      ),
    });
    // said once: the drift of the same rules is not raised beside it
    expect(lifecycleDrift(settings, before, true)).toBeUndefined();

    const fix = (found as { fix: string }).fix;
    const command = fix.slice(fix.indexOf('aws s3api'));
    expect(command).toContain(`--endpoint-url ${getTestS3().endpoint}`);
    await runCommand(command);

    const after = await run(b.bucket, { prefix: 'team-a/' });
    expect(stepOf(after, 'lifecycle').message).toContain(
      'incomplete multipart uploads under "team-a/" are aborted',
    );
    expect(incompleteUploadsNoAbort(settings, after, storage)).toBeUndefined();
    expect(lifecycleDrift(settings, after, false)).toBeUndefined();
    const live = await client.send(
      new GetBucketLifecycleConfigurationCommand({ Bucket: b.bucket }),
    );
    expect(live.Rules!.map(r => r.ID).sort()).toEqual([
      's3-resources-abort-incomplete-uploads:team-a/',
      's3-resources-expire-noncurrent-versions:team-a/',
      'team-expire-tmp',
    ]);
    expect(live.Rules!.find(r => r.ID === 'team-expire-tmp')).toMatchObject({
      Status: 'Enabled',
      Filter: { Prefix: 'tmp/' },
      Expiration: { Days: 3 },
    });
  });
});

/** What a storage scan would record of the incomplete uploads under a prefix. */
async function storageOf(
  bucket: string,
  prefix: string,
): Promise<StorageSample> {
  const out = await s3ClientFor('tester').send(
    new ListMultipartUploadsCommand({ Bucket: bucket, Prefix: prefix }),
  );
  const uploads = out.Uploads ?? [];
  const now = new Date().toISOString();
  return {
    objects: 0,
    bytes: 0,
    byStorageClass: [],
    incompleteUploads: {
      count: uploads.length,
      bytes: 1024,
      oldestInitiated: uploads[0]?.Initiated?.toISOString(),
    },
    unknown: [],
    startedAt: now,
    takenAt: now,
    complete: true,
    keysScanned: uploads.length,
  };
}

/** Runs a fix's command as a person would paste it, with the tester's keys. */
async function runCommand(fix: string) {
  const command = fix.slice(fix.indexOf('aws s3api')).split('\n')[0];
  const { accessKeyId, secretAccessKey } = getTestS3().users.tester;
  await promisify(execFile)('bash', ['-c', command], {
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      AWS_ACCESS_KEY_ID: accessKeyId,
      AWS_SECRET_ACCESS_KEY: secretAccessKey,
      AWS_DEFAULT_REGION: 'us-east-1',
    },
    timeout: 30_000,
  });
}
