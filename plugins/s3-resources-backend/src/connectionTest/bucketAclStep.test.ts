import { rowOf } from '../service/findingRules.fixtures';
import { settingsOf } from '../service/resourceView';
import { bucketAclStep } from './bucketAclStep';
import { BucketStepContext } from './stepKit';

// The bucket ACL as Amazon S3 answers it (grants by email, AuthenticatedUsers)
// and answers no provider should give; against Ceph RGW in
// inspectionSteps.rgw.test.ts and AccessMap.rgw.test.ts.

const aws = settingsOf(
  rowOf(
    { provider: 'aws', endpointKey: '' },
    { endpoint: undefined, forcePathStyle: false },
  ),
);

function contextFor(answer: () => unknown, settings = aws): BucketStepContext {
  return {
    send: (async () => answer()) as unknown as BucketStepContext['send'],
    settings,
    host: 's3.us-east-1.amazonaws.com',
    writeProbe: false,
    runId: 'run-1',
    requestTimeoutMs: 1000,
    deadlineMs: 10_000,
  };
}

const OWNER = { ID: 'abc123', DisplayName: 'media-owner' };

describe('bucket ACL step', () => {
  it('records the owner and every grant, and says who gets what', async () => {
    const outcome = await bucketAclStep(
      contextFor(() => ({
        Owner: OWNER,
        Grants: [
          {
            Grantee: { Type: 'CanonicalUser', ID: 'abc123' },
            Permission: 'FULL_CONTROL',
          },
          {
            Grantee: {
              Type: 'AmazonCustomerByEmail',
              EmailAddress: 'ops@example.com',
            },
            Permission: 'READ',
          },
        ],
      })),
    );
    expect(outcome).toEqual({
      status: 'pass',
      message:
        'The bucket ACL grants FULL_CONTROL to its owner; READ to ops@example.com (by email)',
      observed: {
        bucketAcl: {
          owner: { id: 'abc123', displayName: 'media-owner' },
          grants: [
            {
              grantee: { type: 'CanonicalUser', id: 'abc123' },
              permission: 'FULL_CONTROL',
            },
            {
              grantee: {
                type: 'AmazonCustomerByEmail',
                email: 'ops@example.com',
              },
              permission: 'READ',
            },
          ],
        },
      },
    });
  });

  it('warns about grants to AllUsers and AuthenticatedUsers', async () => {
    const outcome = await bucketAclStep(
      contextFor(() => ({
        Owner: OWNER,
        Grants: [
          {
            Grantee: {
              Type: 'Group',
              URI: 'http://acs.amazonaws.com/groups/global/AuthenticatedUsers',
            },
            Permission: 'WRITE',
          },
        ],
      })),
    );
    expect(outcome).toMatchObject({
      status: 'warn',
      message: expect.stringContaining(
        'WRITE to any AWS account (AuthenticatedUsers)',
      ),
      remediation: expect.stringContaining('put-bucket-acl'),
    });
  });

  it('is unknown when the call is denied or the answer is empty, never "no grants"', async () => {
    const denied = await bucketAclStep(
      contextFor(() => {
        throw Object.assign(new Error('AccessDenied'), {
          name: 'AccessDenied',
          $metadata: { httpStatusCode: 403 },
        });
      }),
    );
    expect(denied).toMatchObject({
      status: 'skipped',
      message: expect.stringMatching(
        /^Unknown: GetBucketAcl was denied \(grant s3:GetBucketAcl/,
      ),
    });
    expect(denied.observed).toBeUndefined();
    const empty = await bucketAclStep(contextFor(() => ({})));
    expect(empty).toMatchObject({
      status: 'skipped',
      message: 'Unknown: Amazon S3 does not report the bucket ACL',
    });
    expect(empty.observed).toBeUndefined();
  });

  it('needs no call where the provider has no ACLs', async () => {
    const r2 = { ...aws, provider: 'r2' as const };
    expect(
      await bucketAclStep(
        contextFor(() => {
          throw new Error('no call expected');
        }, r2),
      ),
    ).toMatchObject({
      status: 'pass',
      observed: { bucketAcl: { grants: [] } },
    });
  });
});
