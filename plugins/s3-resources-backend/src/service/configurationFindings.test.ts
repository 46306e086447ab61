import {
  LifecycleRuleSummary,
  generateResourcePolicies,
  summarizeLifecycleRule,
} from '@s3-resources/plugin-s3-resources-common';
import {
  GENERATED_LIFECYCLE,
  judge,
  kinds,
  rowOf,
  runOf,
  storageOf,
} from './findingRules.fixtures';
import { settingsOf } from './resourceView';

const withObserved = (stepId: string, observed: object) => ({
  test: { run: runOf({ [stepId]: { observed } }) },
});

const teamRule = summarizeLifecycleRule({
  ID: 'team-expire-tmp',
  Status: 'Enabled',
  Filter: { Prefix: 'tmp/' },
  Expiration: { Days: 3 },
  Transitions: [{ Days: 30, StorageClass: 'GLACIER' }],
});

const uploads = storageOf({
  incompleteUploads: {
    count: 3,
    bytes: 5 * 1024 * 1024,
    oldestInitiated: '2026-10-01T00:00:00.000Z',
  },
});

const findingOf = (verdict: ReturnType<typeof judge>, kind: string) =>
  verdict.findings.find(f => f.kind === kind);

describe('configuration findings', () => {
  it('reports versioning off or suspended (info) with the command; unknown when not seen', () => {
    const off = judge(withObserved('versioning', { versioning: 'off' }));
    expect(kinds(off)).toEqual(['versioning-off:info']);
    expect(off.findings[0].fix).toMatch(
      /^aws s3api put-bucket-versioning --bucket media-bucket --versioning-configuration Status=Enabled --endpoint-url http:\/\/127\.0\.0\.1:7480\n/,
    );
    const suspended = judge(
      withObserved('versioning', { versioning: 'suspended' }),
    );
    expect(suspended.findings[0].message).toContain('is suspended');
    expect(judge(withObserved('versioning', {})).unknown).toEqual([
      'versioning-off',
    ]);
  });

  it('reports incomplete uploads no rule aborts (medium), with the merged lifecycle as the fix, and not the drift beside it', () => {
    const verdict = judge({
      ...withObserved('lifecycle', { lifecycleRules: [teamRule] }),
      storage: uploads,
    });
    expect(kinds(verdict)).toEqual(['incomplete-uploads-no-abort:medium']);
    const f = verdict.findings[0];
    expect(f.message).toBe(
      '3 incomplete multipart uploads in bucket media-bucket hold 5.0 MiB of parts, the oldest started 2026-10-01 00:00 UTC, and no lifecycle rule aborts them: their parts cost storage until someone aborts them',
    );
    expect(f.fix).toContain(
      "The bucket's own rules (team-expire-tmp) are kept",
    );
    const json = f.fix.slice(f.fix.indexOf('{'), f.fix.indexOf('\nWith'));
    expect(JSON.parse(json).Rules.map((r: { ID: string }) => r.ID)).toEqual([
      'team-expire-tmp',
      's3-resources-abort-incomplete-uploads',
      's3-resources-expire-noncurrent-versions',
    ]);
    // the team's rule goes back exactly as it was read
    expect(JSON.parse(json).Rules[0]).toEqual(teamRule.source);
    expect(f.fix).toContain(
      'With the AWS CLI: aws s3api put-bucket-lifecycle-configuration --bucket media-bucket --lifecycle-configuration ',
    );
    expect(f.fix).toMatch(/--endpoint-url http:\/\/127\.0\.0\.1:7480$/);
  });

  it('judges the incomplete uploads of the prefix by the rules that cover it', () => {
    const prefixed = rowOf({}, { prefix: 'team-a/' });
    const judgeWith = (rules: LifecycleRuleSummary[]) =>
      judge({
        row: prefixed,
        test: {
          run: runOf({ lifecycle: { observed: { lifecycleRules: rules } } }),
        },
        storage: uploads,
      });
    const abortAll = summarizeLifecycleRule({
      ID: 'abort-all',
      Status: 'Enabled',
      Filter: { Prefix: '' },
      AbortIncompleteMultipartUpload: { DaysAfterInitiation: 3 },
    });
    // a bucket-wide rule aborts them: no finding of this kind
    expect(
      findingOf(judgeWith([abortAll]), 'incomplete-uploads-no-abort'),
    ).toBeUndefined();
    // disabled, for another prefix, or narrowed by tags: it does not
    for (const rule of [
      { ...abortAll, enabled: false },
      { ...abortAll, prefix: 'team-b/' },
      { ...abortAll, narrowed: true },
    ]) {
      const f = findingOf(judgeWith([rule]), 'incomplete-uploads-no-abort');
      expect(f?.message).toContain('under "team-a/"');
    }
  });

  it('calls incomplete uploads unknown without a scan, a figure or the lifecycle rules', () => {
    const unknownOf = (input: Parameters<typeof judge>[0]) =>
      judge(input).unknown.includes('incomplete-uploads-no-abort');
    expect(unknownOf({ storage: undefined })).toBe(true);
    expect(
      unknownOf({
        storage: storageOf({
          unknown: [
            {
              figure: 'incompleteUploads',
              reason: 'ListMultipartUploads was denied',
            },
          ],
        }),
      }),
    ).toBe(true);
    expect(
      unknownOf({ storage: uploads, ...withObserved('lifecycle', {}) }),
    ).toBe(true);
    // a scan under way that found none yet has not looked everywhere
    expect(unknownOf({ storage: storageOf({ complete: false }) })).toBe(true);
    expect(unknownOf({ storage: storageOf() })).toBe(false);
  });

  it('reports lifecycle drift (low): missing rules, or ours changed; the team may do the same its own way', () => {
    const missing = judge(
      withObserved('lifecycle', { lifecycleRules: [teamRule] }),
    );
    expect(kinds(missing)).toEqual(['lifecycle-drift:low']);
    expect(missing.findings[0].message).toBe(
      'The lifecycle rules of bucket media-bucket lack the generated ones: nothing aborts incomplete multipart uploads; nothing expires noncurrent versions',
    );
    const changed = GENERATED_LIFECYCLE.map(r =>
      r.abortIncompleteDays ? { ...r, abortIncompleteDays: 30 } : r,
    );
    expect(
      judge(withObserved('lifecycle', { lifecycleRules: changed })).findings[0]
        .message,
    ).toContain(
      'rule s3-resources-abort-incomplete-uploads acts after 30 days, not 7 days',
    );
    const theirs = [
      summarizeLifecycleRule({
        ID: 'abort',
        Status: 'Enabled',
        Filter: { Prefix: '' },
        AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 },
        NoncurrentVersionExpiration: { NoncurrentDays: 14 },
      }),
    ];
    expect(
      judge(withObserved('lifecycle', { lifecycleRules: theirs })).findings,
    ).toEqual([]);
  });

  it('reports access logging off (low); unknown when not seen', () => {
    const off = judge(withObserved('logging', { logging: { enabled: false } }));
    expect(kinds(off)).toEqual(['access-logging-off:low']);
    expect(off.findings[0].fix).toContain(
      'aws s3api put-bucket-logging --bucket media-bucket --bucket-logging-status ',
    );
    expect(judge(withObserved('logging', {})).unknown).toEqual([
      'access-logging-off',
    ]);
  });

  it('reports a default retention on a resource that deletes or overwrites (info), not on a read-only one', () => {
    const lock = withObserved('object-lock', {
      objectLock: { enabled: true, mode: 'COMPLIANCE', years: 1 },
    });
    const writable = judge({
      ...lock,
      row: rowOf({}, { accessLevel: 'read-write' }),
    });
    const f = findingOf(writable, 'object-lock-retention');
    expect(f?.severity).toBe('info');
    expect(f?.message).toContain(
      'keeps every object version for 1 year (object lock, COMPLIANCE)',
    );
    expect(f?.message).toContain('are refused');
    expect(judge(lock).findings).toEqual([]);
  });

  it('reports replication to another account, or to an account the rule does not name (medium)', () => {
    const rules = [
      {
        id: 'dr',
        enabled: true,
        destinationBucket: 'arn:aws:s3:::dr-copy',
        destinationAccount: '222222222222',
      },
      {
        id: 'same',
        enabled: true,
        destinationBucket: 'arn:aws:s3:::mine',
        destinationAccount: '111111111111',
      },
      { id: 'off', enabled: false, destinationBucket: 'arn:aws:s3:::old' },
    ];
    const row = rowOf({
      authMethod: 'aws-account',
      auth: { method: 'aws-account', accountId: '111111111111' },
    });
    const verdict = judge({
      row,
      ...withObserved('replication', { replicationRules: rules }),
    });
    expect(kinds(verdict)).toEqual(['replication-cross-account:medium']);
    expect(verdict.findings[0].message).toBe(
      'Bucket media-bucket replicates outside account 111111111111: rule dr copies objects to arn:aws:s3:::dr-copy in account 222222222222. Whoever owns the destination can read every replicated object',
    );
    const unnamed = judge(
      withObserved('replication', {
        replicationRules: [
          { id: 'copy', enabled: true, destinationBucket: 'arn:aws:s3:::copy' },
        ],
      }),
    );
    expect(unnamed.findings[0].message).toContain(
      'rule copy copies objects to arn:aws:s3:::copy, in an account the rule does not name',
    );
  });

  const policy = (...Statement: object[]) => ({
    Version: '2012-10-17',
    Statement,
  });
  const publicRead = {
    Sid: 'PublicRead',
    Effect: 'Allow',
    Principal: '*',
    Action: 's3:GetObject',
    Resource: 'arn:aws:s3:::media-bucket/*',
  };
  const partner = {
    Effect: 'Allow',
    Principal: { AWS: 'arn:aws:iam::222222222222:root' },
    Action: ['s3:GetObject', 's3:ListBucket'],
    Resource: ['arn:aws:s3:::media-bucket', 'arn:aws:s3:::media-bucket/*'],
  };

  it('reports a public bucket policy (high), naming the statement; the fix is the policy without it', () => {
    const verdict = judge(
      withObserved('bucket-policy', {
        bucketPolicy: policy(partner, publicRead),
      }),
    );
    expect(kinds(verdict)).toEqual(['bucket-policy-public:high']);
    const f = verdict.findings[0];
    expect(f.message).toBe(
      'The policy of bucket media-bucket grants public access: statement "PublicRead" allows s3:GetObject on arn:aws:s3:::media-bucket/* to everyone',
    );
    const json = f.fix.slice(f.fix.indexOf('{'), f.fix.indexOf('\nWith'));
    expect(JSON.parse(json)).toEqual(policy(partner));
    expect(f.fix).toContain(
      "aws s3api put-bucket-policy --bucket media-bucket --policy '",
    );
    // nothing left: delete the policy
    const only = judge(
      withObserved('bucket-policy', { bucketPolicy: policy(publicRead) }),
    );
    expect(only.findings[0].fix).toContain(
      'aws s3api delete-bucket-policy --bucket media-bucket --endpoint-url http://127.0.0.1:7480',
    );
  });

  it('does not call a statement public when a condition narrows who may use it', () => {
    const narrowed = {
      ...publicRead,
      Principal: { AWS: '*' },
      Condition: { IpAddress: { 'aws:SourceIp': ['203.0.113.0/24'] } },
    };
    expect(
      judge(withObserved('bucket-policy', { bucketPolicy: policy(narrowed) }))
        .findings,
    ).toEqual([]);
    // a negated condition narrows nothing
    const negated = {
      ...narrowed,
      Condition: { NotIpAddress: { 'aws:SourceIp': ['203.0.113.0/24'] } },
    };
    expect(
      kinds(
        judge(withObserved('bucket-policy', { bucketPolicy: policy(negated) })),
      ),
    ).toEqual(['bucket-policy-public:high']);
  });

  it('reports grants to another account (medium) only when the own account is known', () => {
    const observed = withObserved('bucket-policy', {
      bucketPolicy: policy(partner),
    });
    expect(judge(observed).findings).toEqual([]);
    const verdict = judge({
      ...observed,
      row: rowOf({
        authMethod: 'aws-account',
        auth: { method: 'aws-account', accountId: '111111111111' },
      }),
    });
    expect(kinds(verdict)).toEqual(['bucket-policy-cross-account:medium']);
    expect(verdict.findings[0].message).toBe(
      'The policy of bucket media-bucket grants principals outside account 111111111111: statement #1 allows s3:GetObject, s3:ListBucket on arn:aws:s3:::media-bucket, arn:aws:s3:::media-bucket/* to arn:aws:iam::222222222222:root',
    );
    expect(verdict.findings[0].fix).toContain('delete-bucket-policy');
  });

  it('reports a bucket policy that grants the role less than the generated one (low), by content not Sid', () => {
    const roleArn = 'arn:aws:iam::111111111111:role/media';
    const row = rowOf({
      authMethod: 'assume-role',
      auth: {
        method: 'assume-role',
        roleArn,
        externalId: 's3r-x',
        source: { method: 'aws-account', accountId: '111111111111' },
      },
    });
    const desired = generateResourcePolicies(settingsOf(row), {
      principalArn: roleArn,
    }).bucketPolicy!.policy;
    // the team merged the generated statements into one of its own naming
    const merged = {
      Sid: 'MediaRole',
      Effect: 'Allow',
      Principal: { AWS: [roleArn] },
      Action: desired.Statement.flatMap(s => s.Action),
      Resource: desired.Statement.map(s => s.Resource),
    };
    expect(
      judge({
        row,
        ...withObserved('bucket-policy', { bucketPolicy: policy(merged) }),
      }).findings,
    ).toEqual([]);
    const partial = policy({ ...desired.Statement[0], Sid: 'Mine' });
    const verdict = judge({
      row,
      ...withObserved('bucket-policy', { bucketPolicy: partial }),
    });
    expect(kinds(verdict)).toEqual(['bucket-policy-drift:low']);
    expect(verdict.findings[0].message).toContain(
      `grants ${roleArn} less than the generated one: ObjectLevel (s3:GetObject on arn:aws:s3:::media-bucket/*) is missing`,
    );
    const json = verdict.findings[0].fix.slice(
      verdict.findings[0].fix.indexOf('{'),
      verdict.findings[0].fix.indexOf('\nWith'),
    );
    expect(
      JSON.parse(json).Statement.map((s: { Sid: string }) => s.Sid),
    ).toEqual(['Mine', 'ObjectLevel']);
    // a role granted by its IAM policy alone needs no bucket policy
    expect(
      judge({ row, ...withObserved('bucket-policy', { bucketPolicy: null }) })
        .findings,
    ).toEqual([]);
  });
});
