import { execFileSync } from 'node:child_process';
import { judge, kinds, rowOf, runOf } from './findingRules.fixtures';

const OWNER = 'owner-id';
const ALL_USERS = 'http://acs.amazonaws.com/groups/global/AllUsers';
const OTHER_USER = 'arn:aws:iam:::user/other';

const policy = (...Statement: object[]) => ({
  Version: '2012-10-17',
  Statement,
});
const ownerGrant = {
  grantee: { type: 'CanonicalUser', id: OWNER },
  permission: 'FULL_CONTROL',
};
const aclWith = (...grants: object[]) => ({
  owner: { id: OWNER },
  grants: [ownerGrant, ...grants],
});

function judged(options: {
  bucketPolicy?: object | null;
  bucketAcl?: object;
  block?: object;
  accessLevel?: string;
}) {
  const overrides: Record<string, object> = {};
  if (options.bucketPolicy !== undefined) {
    overrides['bucket-policy'] = {
      observed: { bucketPolicy: options.bucketPolicy },
    };
  }
  if (options.bucketAcl !== undefined) {
    overrides['bucket-acl'] = { observed: { bucketAcl: options.bucketAcl } };
  }
  if (options.block) {
    overrides['public-access'] = {
      observed: { publicAccessBlock: options.block },
    };
  }
  return judge({
    row: rowOf(
      {},
      options.accessLevel ? { accessLevel: options.accessLevel } : {},
    ),
    test: { run: runOf(overrides) },
  });
}

const findingOf = (verdict: ReturnType<typeof judge>, kind: string) =>
  verdict.findings.find(f => f.kind === kind);

/** The JSON a fix's command puts, as the shell would pass it. */
function argumentOf(command: string, flag: string): unknown {
  const out = execFileSync('bash', [
    '-c',
    `set -- ${command.replace(
      /^aws s3api [a-z-]+ /,
      '',
    )}; while [ $# -gt 0 ]; do if [ "$1" = ${flag} ]; then printf %s "$2"; fi; shift; done`,
  ]);
  return JSON.parse(out.toString());
}

describe('access findings', () => {
  it('the baseline run raises none of them', () => {
    const verdict = judge();
    expect(
      verdict.findings.filter(f =>
        ['access-beyond-level', 'acl-public', 'acl-cross-account'].includes(
          f.kind,
        ),
      ),
    ).toEqual([]);
    expect(verdict.unknown).not.toContain('access-beyond-level');
  });

  it('names a policy statement granting another user write on a read-only resource, and the policy without it', () => {
    const live = policy(
      {
        Sid: 'TeamRead',
        Effect: 'Allow',
        Principal: { AWS: OTHER_USER },
        Action: ['s3:GetObject'],
        Resource: 'arn:aws:s3:::media-bucket/*',
      },
      {
        Sid: 'OtherWrites',
        Effect: 'Allow',
        Principal: { AWS: OTHER_USER },
        Action: ['s3:PutObject'],
        Resource: 'arn:aws:s3:::media-bucket/*',
      },
    );
    const verdict = judged({ bucketPolicy: live });
    expect(kinds(verdict)).toContain('access-beyond-level:medium');
    const f = findingOf(verdict, 'access-beyond-level')!;
    expect(f.message).toBe(
      `Resource media has access level read (read, list), but bucket media-bucket grants more to others: IAM user ${OTHER_USER} may write through statement "OtherWrites"`,
    );
    const command = f.fix.split('With the AWS CLI: ')[1].split('\n')[0];
    expect(command).toMatch(
      /^aws s3api put-bucket-policy --bucket media-bucket --policy /,
    );
    expect(argumentOf(command, '--policy')).toEqual(policy(live.Statement[0]));
    // the same grant on a read-write resource is within its level
    expect(
      findingOf(
        judged({ bucketPolicy: live, accessLevel: 'read-write' }),
        'access-beyond-level',
      ),
    ).toBeUndefined();
  });

  it('is high when another principal may change the policy or ACL, and names ACL grants with a put-bucket-acl fix', () => {
    const acl = aclWith({
      grantee: { type: 'CanonicalUser', id: 'other' },
      permission: 'WRITE_ACP',
    });
    const verdict = judged({ bucketAcl: acl });
    expect(kinds(verdict)).toEqual(
      expect.arrayContaining([
        'access-beyond-level:high',
        'acl-cross-account:medium',
      ]),
    );
    const f = findingOf(verdict, 'access-beyond-level')!;
    expect(f.message).toContain(
      'Canonical user other may policy and acl changes through ACL grant WRITE_ACP to canonical user other',
    );
    const command = f.fix.split('With the AWS CLI: ')[1].split('\n')[0];
    expect(argumentOf(command, '--access-control-policy')).toEqual({
      Owner: { ID: OWNER },
      Grants: [
        {
          Grantee: { Type: 'CanonicalUser', ID: OWNER },
          Permission: 'FULL_CONTROL',
        },
      ],
    });
  });

  it('leaves public policy statements to bucket-policy-public', () => {
    const verdict = judged({
      bucketPolicy: policy({
        Effect: 'Allow',
        Principal: '*',
        Action: 's3:PutObject',
        Resource: 'arn:aws:s3:::media-bucket/*',
      }),
    });
    expect(kinds(verdict)).toContain('bucket-policy-public:high');
    expect(findingOf(verdict, 'access-beyond-level')).toBeUndefined();
  });

  it('is unknown when the policy or ACL could not be read and nothing known exceeds the level', () => {
    const run = runOf({
      'bucket-policy': { observed: undefined, status: 'skipped' },
    });
    const verdict = judge({ test: { run } });
    expect(verdict.unknown).toContain('access-beyond-level');
    const noAcl = judge({
      test: { run: runOf({ 'bucket-acl': { observed: undefined } }) },
    });
    expect(noAcl.unknown).toEqual(
      expect.arrayContaining([
        'access-beyond-level',
        'acl-public',
        'acl-cross-account',
      ]),
    );
  });

  it('reports a public ACL (high) unless IgnorePublicAcls neutralises it', () => {
    const acl = aclWith({
      grantee: { type: 'Group', uri: ALL_USERS },
      permission: 'READ',
    });
    const off = {
      blockPublicAcls: false,
      ignorePublicAcls: false,
      blockPublicPolicy: true,
      restrictPublicBuckets: true,
      configured: true,
    };
    const verdict = judged({ bucketAcl: acl, block: off });
    const f = findingOf(verdict, 'acl-public')!;
    expect(f.severity).toBe('high');
    expect(f.message).toBe(
      'The ACL of bucket media-bucket grants public access: ACL grant READ to everyone (AllUsers), and IgnorePublicAcls is off',
    );
    expect(f.fix).toContain('aws s3api put-bucket-acl --bucket media-bucket');
    expect(
      findingOf(
        judged({ bucketAcl: acl, block: { ...off, ignorePublicAcls: true } }),
        'acl-public',
      ),
    ).toBeUndefined();
  });

  it('reports ACL grants to other canonical users and e-mail addresses, not the owner or groups', () => {
    const verdict = judged({
      bucketAcl: aclWith(
        { grantee: { type: 'CanonicalUser', id: 'other' }, permission: 'READ' },
        {
          grantee: { type: 'AmazonCustomerByEmail', email: 'ops@example.com' },
          permission: 'READ',
        },
        {
          grantee: {
            type: 'Group',
            uri: 'http://acs.amazonaws.com/groups/s3/LogDelivery',
          },
          permission: 'WRITE',
        },
      ),
      accessLevel: 'read-write',
    });
    expect(findingOf(verdict, 'acl-cross-account')!.message).toBe(
      'The ACL of bucket media-bucket grants principals other than its owner (owner-id): READ to canonical user other; READ to ops@example.com (by email)',
    );
  });

  const commandOf = (fix: string) =>
    fix.split('With the AWS CLI: ')[1].split('\n')[0];

  it('prints one policy put for every access finding: applying one does not put back what another removes', () => {
    const PARTNER = 'arn:aws:iam::999988887777:root';
    const live = policy(
      {
        Sid: 'Public',
        Effect: 'Allow',
        Principal: '*',
        Action: 's3:GetObject',
        Resource: 'arn:aws:s3:::media-bucket/*',
      },
      {
        Sid: 'Partner',
        Effect: 'Allow',
        Principal: { AWS: PARTNER },
        Action: 's3:PutObject',
        Resource: 'arn:aws:s3:::media-bucket/*',
      },
      {
        Sid: 'Keep',
        Effect: 'Allow',
        Principal: { AWS: OTHER_USER },
        Action: 's3:GetObject',
        Resource: 'arn:aws:s3:::media-bucket/*',
      },
    );
    const verdict = judged({ bucketPolicy: live });
    const publicFix = findingOf(verdict, 'bucket-policy-public')!.fix;
    const beyondFix = findingOf(verdict, 'access-beyond-level')!.fix;
    const put = argumentOf(commandOf(publicFix), '--policy');
    expect(put).toEqual(policy(live.Statement[2]));
    expect(argumentOf(commandOf(beyondFix), '--policy')).toEqual(put);
  });

  it('prints one ACL put without the public, cross-account and beyond-level grants', () => {
    const acl = aclWith(
      { grantee: { type: 'Group', uri: ALL_USERS }, permission: 'READ' },
      { grantee: { type: 'CanonicalUser', id: 'other' }, permission: 'WRITE' },
    );
    const verdict = judged({
      bucketAcl: acl,
      block: {
        blockPublicAcls: false,
        ignorePublicAcls: false,
        blockPublicPolicy: true,
        restrictPublicBuckets: true,
        configured: true,
      },
    });
    const expected = {
      Owner: { ID: OWNER },
      Grants: [
        {
          Grantee: { Type: 'CanonicalUser', ID: OWNER },
          Permission: 'FULL_CONTROL',
        },
      ],
    };
    for (const kind of [
      'acl-public',
      'acl-cross-account',
      'access-beyond-level',
    ]) {
      expect(
        argumentOf(
          commandOf(findingOf(verdict, kind)!.fix),
          '--access-control-policy',
        ),
      ).toEqual(expected);
    }
  });

  it("takes only the offending principal out of a statement, keeping the portal's role", () => {
    const ROLE = 'arn:aws:iam::111122223333:role/portal';
    const PARTNER = 'arn:aws:iam::999988887777:root';
    const live = policy({
      Sid: 'Team',
      Effect: 'Allow',
      Principal: { AWS: [ROLE, PARTNER] },
      Action: 's3:*',
      Resource: ['arn:aws:s3:::media-bucket', 'arn:aws:s3:::media-bucket/*'],
    });
    const verdict = judge({
      row: rowOf({
        authMethod: 'assume-role',
        auth: {
          method: 'assume-role',
          roleArn: ROLE,
          source: { method: 'aws-account', accountId: '111122223333' },
        },
      }),
      test: {
        run: runOf({ 'bucket-policy': { observed: { bucketPolicy: live } } }),
      },
    });
    const f = findingOf(verdict, 'access-beyond-level')!;
    expect(argumentOf(commandOf(f.fix), '--policy')).toEqual(
      policy({ ...live.Statement[0], Principal: { AWS: ROLE } }),
    );
  });

  it('describes, not changes, a bucket-wide statement on a prefix resource', () => {
    const live = policy({
      Sid: 'BucketAdmin',
      Effect: 'Allow',
      Principal: { AWS: OTHER_USER },
      Action: 's3:PutBucketPolicy',
      Resource: 'arn:aws:s3:::media-bucket',
    });
    const verdict = judge({
      row: rowOf({ prefixKey: 'team/' }, { prefix: 'team/' }),
      test: {
        run: runOf({ 'bucket-policy': { observed: { bucketPolicy: live } } }),
      },
    });
    const f = findingOf(verdict, 'access-beyond-level')!;
    expect(f.fix).not.toContain('put-bucket-policy');
    expect(f.fix).not.toContain('delete-bucket-policy');
    expect(f.fix).toContain(
      'statement "BucketAdmin" reaches beyond prefix team/',
    );
  });

  it('keeps the message small: at most 10 principals, the rest counted', () => {
    const principals = Array.from(
      { length: 1100 },
      (_, i) => `arn:aws:iam::${String(100000000000 + i)}:user/u`,
    );
    const verdict = judged({
      bucketPolicy: policy({
        Sid: 'Many',
        Effect: 'Allow',
        Principal: { AWS: principals },
        Action: 's3:PutObject',
        Resource: 'arn:aws:s3:::media-bucket/*',
      }),
    });
    const f = findingOf(verdict, 'access-beyond-level')!;
    expect(f.message).toContain('and 1090 more');
    expect(f.message.length).toBeLessThan(2000);
  });

  it('says when a grant holds only under its conditions', () => {
    const verdict = judged({
      bucketPolicy: policy({
        Sid: 'FromVpce',
        Effect: 'Allow',
        Principal: '*',
        Action: 's3:PutObject',
        Resource: 'arn:aws:s3:::media-bucket/*',
        Condition: { StringEquals: { 'aws:SourceVpce': 'vpce-1' } },
      }),
    });
    expect(findingOf(verdict, 'access-beyond-level')!.message).toContain(
      'through statement "FromVpce" (only if StringEquals aws:SourceVpce)',
    );
  });

  it('prints no put-bucket-acl without the owner, which it needs', () => {
    const verdict = judged({
      bucketAcl: {
        grants: [
          {
            grantee: {
              type: 'AmazonCustomerByEmail',
              email: 'ops@example.com',
            },
            permission: 'WRITE',
          },
        ],
      },
    });
    const f = findingOf(verdict, 'acl-cross-account')!;
    expect(f.fix).not.toContain('put-bucket-acl --bucket');
    expect(f.fix).toContain("did not read the ACL's owner");
    expect(f.fix).toContain('aws s3api get-bucket-acl --bucket media-bucket');
  });
});
