import { ValidationError } from '../validation';
import { generateBucketPolicy } from './bucketPolicy';
import { generateIamPolicy } from './iamPolicy';
import { BucketPolicyInput } from './types';

const input: BucketPolicyInput = {
  bucket: 'acme-uploads',
  region: 'eu-west-1',
  prefix: 'team-a/',
  accessLevel: 'read-write',
  egressCidrs: ['203.0.113.0/24'],
  kmsKeyArn:
    'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab',
  principalArn: 'arn:aws:iam::123456789012:role/portal',
};

describe('generateBucketPolicy', () => {
  it('grants what the identity policy grants, to the principal, without KMS', () => {
    const bucket = generateBucketPolicy(input).policy.Statement;
    const { principalArn, ...grant } = input;
    const iam = generateIamPolicy(grant).policy.Statement.filter(
      s => s.Sid !== 'SseKmsKey',
    );
    expect(bucket).toEqual(
      iam.map(s => ({ ...s, Principal: { AWS: principalArn } })),
    );
  });

  it('says where the KMS grant must go instead', () => {
    expect(generateBucketPolicy(input).notes).toContainEqual(
      expect.stringMatching(/KMS permissions cannot go in a bucket policy/),
    );
  });

  it('accepts Ceph user principals with and without a tenant', () => {
    for (const principalArn of [
      'arn:aws:iam:::user/backstage',
      'arn:aws:iam::acme:user/backstage',
    ]) {
      const out = generateBucketPolicy({
        ...input,
        kmsKeyArn: undefined,
        provider: 'ceph-rgw',
        region: 'default',
        principalArn,
      });
      expect(out.policy.Statement[0].Principal).toEqual({ AWS: principalArn });
    }
  });

  it('refuses the RGW form on AWS', () => {
    expect(() =>
      generateBucketPolicy({ ...input, principalArn: 'arn:aws:iam:::user/x' }),
    ).toThrow(ValidationError);
  });
});
