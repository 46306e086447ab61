import {
  compareBucketPolicy,
  findBucketPolicyExposure,
  policyWith,
  policyWithout,
  wildcardMatches,
} from './bucketPolicyExposure';
import { generateBucketPolicy } from './bucketPolicy';

const statement = (extra: object) => ({
  Effect: 'Allow',
  Action: 's3:GetObject',
  Resource: 'arn:aws:s3:::acme/*',
  ...extra,
});

describe('wildcardMatches', () => {
  it.each([
    ['arn:aws:s3:::bucket/*', 'arn:aws:s3:::bucket/app/a.txt', true],
    ['arn:aws:s3:::bucket/*', 'arn:aws:s3:::other/app', false],
    ['*', '', true],
    ['app/*', 'APP/x', true],
    ['a*b*c', 'axxbyyc', true],
    ['a*b*c', 'axxbyy', false],
    ['s3:Get*', 's3:GetObject', true],
    ['', 'x', false],
  ])('%j against %j: %p', (pattern, text, expected) => {
    expect(wildcardMatches(pattern, text)).toBe(expected);
  });

  // a regular expression built from this pattern runs for hours: the
  // test's own timeout is the guard
  it('answers for a pattern full of stars that never matches', () => {
    expect(wildcardMatches(`${'*'.repeat(5000)}x`, 'app/'.repeat(500))).toBe(
      false,
    );
  });
});

describe('findBucketPolicyExposure', () => {
  it.each([
    ['Principal "*"', { Principal: '*' }],
    ['Principal {AWS: "*"}', { Principal: { AWS: '*' } }],
    ['"*" among others', { Principal: { AWS: ['arn:aws:iam::1:root', '*'] } }],
    [
      'NotPrincipal',
      { NotPrincipal: { AWS: 'arn:aws:iam::111111111111:root' } },
    ],
    [
      'a condition that narrows nothing about who',
      {
        Principal: '*',
        Condition: { Bool: { 'aws:SecureTransport': 'true' } },
      },
    ],
    [
      'a narrowing key set to "*"',
      {
        Principal: '*',
        Condition: { StringLike: { 'aws:PrincipalOrgID': '*' } },
      },
    ],
    [
      'a narrowing key under IfExists',
      {
        Principal: '*',
        Condition: { StringEqualsIfExists: { 'aws:SourceVpce': 'vpce-1' } },
      },
    ],
  ])('judges public: %s', (_what, extra) => {
    const found = findBucketPolicyExposure({ Statement: [statement(extra)] });
    expect(found.public).toEqual([
      {
        index: 0,
        label: 'statement #1',
        principals: ['everyone'],
        grants: 's3:GetObject on arn:aws:s3:::acme/*',
      },
    ]);
  });

  it.each([
    ['aws:SourceIp', { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } }],
    ['aws:SourceVpce', { StringEquals: { 'aws:SourceVpce': 'vpce-1' } }],
    ['aws:PrincipalOrgID', { StringEquals: { 'aws:PrincipalOrgID': 'o-1' } }],
    ['aws:PrincipalAccount', { StringEquals: { 'aws:PrincipalAccount': '1' } }],
    [
      'aws:SourceArn',
      { ArnLike: { 'aws:SourceArn': 'arn:aws:cloudfront::1:distribution/X' } },
    ],
    [
      'aws:SourceAccount (any case)',
      { StringEquals: { 'AWS:SourceAccount': '1' } },
    ],
  ])('does not judge public a statement narrowed by %s', (_key, Condition) => {
    expect(
      findBucketPolicyExposure({
        Statement: statement({ Principal: '*', Condition }),
      }).public,
    ).toEqual([]);
  });

  it('ignores Deny statements and service principals, and reads a lone statement', () => {
    expect(
      findBucketPolicyExposure(
        {
          Statement: [
            statement({ Effect: 'Deny', Principal: '*' }),
            statement({ Principal: { Service: 'logging.s3.amazonaws.com' } }),
          ],
        },
        { accountId: '111111111111' },
      ),
    ).toEqual({ public: [], crossAccount: [] });
    expect(findBucketPolicyExposure('not a policy')).toEqual({
      public: [],
      crossAccount: [],
    });
  });

  it('names principals of other accounts only when the own account is known', () => {
    const policy = {
      Statement: [
        statement({
          Sid: 'Mixed',
          Principal: {
            AWS: [
              'arn:aws:iam::111111111111:role/ours',
              '222222222222',
              'arn:aws:iam::333333333333:user/them',
            ],
          },
        }),
      ],
    };
    expect(findBucketPolicyExposure(policy).crossAccount).toEqual([]);
    expect(
      findBucketPolicyExposure(policy, { accountId: '111111111111' })
        .crossAccount,
    ).toEqual([
      {
        index: 0,
        label: 'statement "Mixed"',
        principals: ['222222222222', 'arn:aws:iam::333333333333:user/them'],
        grants: 's3:GetObject on arn:aws:s3:::acme/*',
      },
    ]);
  });
});

describe('policyWithout and policyWith', () => {
  const policy = {
    Version: '2012-10-17',
    Id: 'keep-me',
    Statement: [statement({ Sid: 'A' }), statement({ Sid: 'B' })],
  };

  it('removes statements by position, and says when nothing is left', () => {
    expect(policyWithout(policy, [1])).toEqual({
      Version: '2012-10-17',
      Id: 'keep-me',
      Statement: [statement({ Sid: 'A' })],
    });
    expect(policyWithout(policy, [0, 1])).toBeUndefined();
  });

  it('adds generated statements, replacing live ones with the same Sid', () => {
    const generated = {
      Sid: 'B',
      Effect: 'Allow' as const,
      Action: ['s3:ListBucket'],
      Resource: 'arn:aws:s3:::acme',
    };
    expect(policyWith(policy, [generated]).Statement).toEqual([
      statement({ Sid: 'A' }),
      generated,
    ]);
    expect(policyWith(null, [generated])).toEqual({
      Version: '2012-10-17',
      Statement: [generated],
    });
  });
});

describe('compareBucketPolicy', () => {
  const desired = generateBucketPolicy({
    bucket: 'acme',
    region: 'us-east-1',
    accessLevel: 'read',
    principalArn: 'arn:aws:iam::111111111111:role/media',
    egressCidrs: ['198.51.100.0/24'],
  }).policy;

  it('matches itself, and the same grants under other Sids or merged', () => {
    expect(compareBucketPolicy(desired, desired)).toEqual({
      matches: true,
      missing: [],
    });
    const renamed = {
      Statement: desired.Statement.map((s, i) => ({ ...s, Sid: `Team${i}` })),
    };
    expect(compareBucketPolicy(desired, renamed).matches).toBe(true);
    const wildcard = {
      Statement: desired.Statement.map(s => ({ ...s, Action: 's3:Get*' })),
    };
    // s3:ListBucket is not s3:Get*
    expect(
      compareBucketPolicy(desired, wildcard).missing.map(s => s.Sid),
    ).toEqual(
      desired.Statement.filter(s => s.Action.includes('s3:ListBucket')).map(
        s => s.Sid,
      ),
    );
  });

  it('misses a statement whose generated condition is gone or differs, or that grants someone else', () => {
    const [first] = desired.Statement;
    const without = { ...first, Condition: undefined };
    const otherCidr = {
      ...first,
      Condition: { IpAddress: { 'aws:SourceIp': ['0.0.0.0/0'] } },
    };
    const otherRole = {
      ...first,
      Principal: { AWS: 'arn:aws:iam::111111111111:role/else' },
    };
    for (const live of [without, otherCidr, otherRole]) {
      expect(
        compareBucketPolicy(desired, {
          Statement: [live, ...desired.Statement.slice(1)],
        }).missing.map(s => s.Sid),
      ).toEqual([first.Sid]);
    }
  });
});
