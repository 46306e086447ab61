import {
  abortRuleFor,
  compareLifecycleConfiguration,
  generateLifecycleConfiguration,
  summarizeLifecycleRule,
} from './lifecycleConfiguration';

const teamRule = summarizeLifecycleRule({
  ID: 'archive',
  Status: 'Enabled',
  Prefix: 'logs/',
  Transitions: [{ Days: 30, StorageClass: 'GLACIER' }],
  Expiration: { Date: new Date('2030-01-01T00:00:00.000Z') },
});

describe('generateLifecycleConfiguration', () => {
  it('generates the rules within the prefix, with IDs that name it', () => {
    const generated = generateLifecycleConfiguration({
      bucket: 'acme-uploads',
      prefix: 'team-a/',
    });
    expect(generated.rules).toEqual([
      {
        ID: 's3-resources-abort-incomplete-uploads:team-a/',
        Status: 'Enabled',
        Filter: { Prefix: 'team-a/' },
        AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 },
      },
      {
        ID: 's3-resources-expire-noncurrent-versions:team-a/',
        Status: 'Enabled',
        Filter: { Prefix: 'team-a/' },
        NoncurrentVersionExpiration: { NoncurrentDays: 30 },
      },
    ]);
    // without the live rules it says that a put replaces them
    expect(generated.notes[0]).toContain('replaces every rule');
    expect(JSON.parse(generated.json)).toEqual(generated.configuration);
  });

  it("merges into the bucket's rules: keeps the team's, replaces its own by ID", () => {
    const stale = summarizeLifecycleRule({
      ID: 's3-resources-abort-incomplete-uploads',
      Status: 'Disabled',
      Filter: { Prefix: '' },
      AbortIncompleteMultipartUpload: { DaysAfterInitiation: 90 },
    });
    const merged = generateLifecycleConfiguration(
      { bucket: 'acme-uploads', endpoint: 'https://rgw.example.com' },
      [teamRule, stale],
    );
    expect(merged.configuration.Rules.map(r => r.ID)).toEqual([
      'archive',
      's3-resources-abort-incomplete-uploads',
      's3-resources-expire-noncurrent-versions',
    ]);
    // the legacy top-level Prefix becomes a Filter (S3 refuses the two mixed)
    expect(merged.configuration.Rules[0]).toEqual({
      ID: 'archive',
      Status: 'Enabled',
      Filter: { Prefix: 'logs/' },
      Transitions: [{ Days: 30, StorageClass: 'GLACIER' }],
      Expiration: { Date: '2030-01-01T00:00:00.000Z' },
    });
    expect(merged.configuration.Rules[1]).toMatchObject({
      Status: 'Enabled',
      AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 },
    });
    expect(merged.kept).toEqual(['archive']);
    expect(merged.notes).toEqual([]);
    expect(merged.command).toBe(
      `aws s3api put-bucket-lifecycle-configuration --bucket acme-uploads --lifecycle-configuration '${JSON.stringify(
        merged.configuration,
      )}' --endpoint-url https://rgw.example.com`,
    );
  });

  it('quotes a prefix with a quote for the shell', () => {
    const { command } = generateLifecycleConfiguration({
      bucket: 'acme-uploads',
      prefix: "it's/",
    });
    expect(command).toContain(`it'\\''s/`);
  });
});

describe('summarizeLifecycleRule', () => {
  it('keeps what the audit judges and the rule itself', () => {
    expect(teamRule).toEqual({
      id: 'archive',
      enabled: true,
      prefix: 'logs/',
      transitions: ['GLACIER after 30 days'],
      source: {
        ID: 'archive',
        Status: 'Enabled',
        Prefix: 'logs/',
        Transitions: [{ Days: 30, StorageClass: 'GLACIER' }],
        Expiration: { Date: '2030-01-01T00:00:00.000Z' },
      },
    });
    expect(
      summarizeLifecycleRule({
        Status: 'Enabled',
        Filter: { And: { Prefix: 'a/', Tags: [{ Key: 'k', Value: 'v' }] } },
        AbortIncompleteMultipartUpload: { DaysAfterInitiation: 2 },
      }),
    ).toMatchObject({ prefix: 'a/', narrowed: true, abortIncompleteDays: 2 });
  });
});

describe('compareLifecycleConfiguration and abortRuleFor', () => {
  const abort = (prefix: string, extra = {}) => ({
    ...summarizeLifecycleRule({
      ID: `abort-${prefix}`,
      Status: 'Enabled',
      Filter: { Prefix: prefix },
      AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 },
    }),
    ...extra,
  });

  it('takes a rule for a shorter prefix as covering the resource, not one for another prefix', () => {
    expect(abortRuleFor([abort('team')], 'team-a/')?.id).toBe('abort-team');
    expect(abortRuleFor([abort('team-b/')], 'team-a/')).toBeUndefined();
    expect(
      abortRuleFor([abort('', { enabled: false })], 'team-a/'),
    ).toBeUndefined();
  });

  it('reports the missing rules, and accepts a stricter rule of the team', () => {
    expect(
      compareLifecycleConfiguration({ prefix: 'team-a/' }, [
        abort('', { abortIncompleteDays: 1 }),
      ]),
    ).toMatchObject({
      matches: false,
      missing: [{ ID: 's3-resources-expire-noncurrent-versions:team-a/' }],
      different: [],
    });
    // a laxer rule of the team's own does not do what the generated one does
    expect(
      compareLifecycleConfiguration({}, [
        abort('', { abortIncompleteDays: 30 }),
      ]).missing.map(r => r.ID),
    ).toContain('s3-resources-abort-incomplete-uploads');
  });

  it('says how a generated rule was changed', () => {
    const changed = summarizeLifecycleRule({
      ID: 's3-resources-expire-noncurrent-versions',
      Status: 'Disabled',
      Filter: { Prefix: 'other/' },
      NoncurrentVersionExpiration: { NoncurrentDays: 90 },
    });
    expect(
      compareLifecycleConfiguration({}, [changed]).different[0].problems,
    ).toEqual([
      'rule s3-resources-expire-noncurrent-versions is disabled',
      'rule s3-resources-expire-noncurrent-versions applies to "other/", not to every key under ""',
      'rule s3-resources-expire-noncurrent-versions acts after 90 days, not 30 days',
    ]);
  });
});
