import { ValidationError } from '../validation';
import { ACL_ACTIONS, FULL_ACTIONS } from './accessLevels';
import { generateIamPolicy } from './iamPolicy';
import { IamPolicyInput, PolicyDocument } from './types';

const base: IamPolicyInput = {
  bucket: 'acme-uploads',
  region: 'eu-west-1',
  accessLevel: 'read',
};

const actionsOf = (policy: PolicyDocument) =>
  policy.Statement.flatMap(s => s.Action);
const violationsOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    if (e instanceof ValidationError) return e.violations;
    throw e;
  }
  throw new Error('did not throw');
};

describe('generateIamPolicy', () => {
  it.each([
    ['us-east-1', 'arn:aws:s3:::acme-uploads'],
    ['cn-northwest-1', 'arn:aws-cn:s3:::acme-uploads'],
    ['us-gov-east-1', 'arn:aws-us-gov:s3:::acme-uploads'],
  ])('takes the partition from region %s', (region, arn) => {
    const { policy } = generateIamPolicy({ ...base, region });
    expect(policy.Statement[0].Resource).toBe(arn);
  });

  it('grants exactly the classic list for full access with ACLs in use', () => {
    const { policy } = generateIamPolicy({
      ...base,
      accessLevel: 'full',
      defaultAcl: 'public-read',
    });
    expect(actionsOf(policy).sort()).toEqual([...FULL_ACTIONS].sort());
  });

  it.each([
    ['default ACL none', { defaultAcl: 'none' }],
    [
      'BucketOwnerEnforced',
      { defaultAcl: 'none', objectOwnership: 'BucketOwnerEnforced' },
    ],
    ['a provider without ACLs', { provider: 'r2', region: 'auto' }],
  ] as const)('leaves ACL actions out with %s and says so', (_, extra) => {
    for (const accessLevel of ['read-write', 'full'] as const) {
      const out = generateIamPolicy({ ...base, ...extra, accessLevel });
      // a provider with ACLs keeps s3:GetBucketAcl, with BucketOwnerEnforced
      // too (it still answers, with the owner): the access map reads it
      const hasAcl = !('provider' in extra);
      expect(
        ACL_ACTIONS.filter(acl => actionsOf(out.policy).includes(acl)),
      ).toEqual(hasAcl ? ['s3:GetBucketAcl'] : []);
      expect(out.notes.join(' ')).toMatch(/left out/);
    }
  });

  it('adds PutObjectAcl to read-write when uploads send an ACL', () => {
    const { policy, reasons } = generateIamPolicy({
      ...base,
      accessLevel: 'read-write',
      defaultAcl: 'bucket-owner-full-control',
    });
    expect(actionsOf(policy)).toContain('s3:PutObjectAcl');
    expect(reasons.find(r => r.action === 's3:PutObjectAcl')?.reason).toMatch(
      /x-amz-acl/,
    );
  });

  it('keeps a custom list verbatim but notes unused ACL actions', () => {
    const out = generateIamPolicy({
      ...base,
      accessLevel: 'custom',
      customActions: ['s3:GetObject', 's3:PutObjectAcl'],
    });
    expect(actionsOf(out.policy)).toEqual(['s3:GetObject', 's3:PutObjectAcl']);
    expect(out.notes).toContainEqual(
      expect.stringContaining('The custom list grants s3:PutObjectAcl'),
    );
  });

  describe('KMS', () => {
    const key =
      'arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab';

    it('grants Decrypt only for read', () => {
      const { policy } = generateIamPolicy({ ...base, kmsKeyArn: key });
      expect(policy.Statement.at(-1)).toEqual({
        Sid: 'SseKmsKey',
        Effect: 'Allow',
        Action: ['kms:Decrypt'],
        Resource: key,
        Condition: {
          StringEquals: { 'kms:ViaService': 's3.eu-west-1.amazonaws.com' },
        },
      });
    });

    it('adds GenerateDataKey for writes', () => {
      const { policy } = generateIamPolicy({
        ...base,
        accessLevel: 'read-write',
        kmsKeyArn: key,
      });
      expect(policy.Statement.at(-1)?.Action).toEqual([
        'kms:Decrypt',
        'kms:GenerateDataKey',
      ]);
    });

    it('has no KMS statement when no object data is read or written', () => {
      const out = generateIamPolicy({
        ...base,
        accessLevel: 'custom',
        customActions: ['s3:GetBucketLocation'],
        kmsKeyArn: key,
      });
      expect(actionsOf(out.policy).some(a => a.startsWith('kms:'))).toBe(false);
      expect(out.notes).toContainEqual(
        expect.stringContaining('No KMS statement'),
      );
    });

    it('never puts the source-address condition on the KMS statement', () => {
      const { policy } = generateIamPolicy({
        ...base,
        kmsKeyArn: key,
        egressCidrs: ['203.0.113.0/24'],
      });
      const kms = policy.Statement.find(s => s.Sid === 'SseKmsKey');
      expect(kms?.Condition?.IpAddress).toBeUndefined();
    });
  });

  it('warns that private ranges never match on AWS, not elsewhere', () => {
    const aws = generateIamPolicy({ ...base, egressCidrs: ['10.0.0.0/8'] });
    expect(aws.notes.join(' ')).toMatch(/is a private range/);
    expect(aws.notes.join(' ')).toMatch(/VPC endpoint/);
    const minio = generateIamPolicy({
      ...base,
      provider: 'minio',
      region: 'us-east-1',
      egressCidrs: ['10.0.0.0/8'],
    });
    expect(minio.notes.join(' ')).not.toMatch(/private range|VPC endpoint/);
  });

  it('reports every broken input at once', () => {
    const rules = violationsOf(() =>
      generateIamPolicy({
        bucket: 'Acme',
        region: 'eu-west-1',
        accessLevel: 'read',
        prefix: 'team-a',
        kmsKeyArn: 'alias/uploads',
      }),
    ).map(v => `${v.field}:${v.rule}`);
    expect(rules).toEqual([
      'bucket:bucket-charset',
      'prefix:prefix-trailing-slash',
      'kmsKeyArn:kms-key-arn-format',
    ]);
  });

  it('refuses a policy over the managed-policy size limit', () => {
    const egressCidrs = Array.from(
      { length: 200 },
      (_, i) => `2001:db8:${i.toString(16)}::/48`,
    );
    const [violation] = violationsOf(() =>
      generateIamPolicy({ ...base, egressCidrs }),
    );
    expect(violation).toMatchObject({ field: 'policy', rule: 'policy-size' });
    expect(violation.message).toMatch(/at most 6144/);
  });

  it('counts the size as minified JSON', () => {
    const out = generateIamPolicy(base);
    expect(out.size).toBe(JSON.stringify(out.policy).length);
    expect(out.json.replace(/\s/g, '').length).toBeLessThanOrEqual(out.size);
  });
});
