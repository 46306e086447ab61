import { judge, kinds, rowOf, runOf } from './findingRules.fixtures';

describe('computeFindings: how exposed the bucket is', () => {
  it('reports CORS drift with the generated JSON and command as the fix', () => {
    const none = judge({
      test: {
        run: runOf({
          cors: {
            status: 'warn',
            observed: { corsOrigins: [], corsMatches: false },
          },
        }),
      },
    });
    const [f] = none.findings;
    expect(f).toMatchObject({ kind: 'cors-drift', severity: 'medium' });
    expect(f.message).toBe(
      'Bucket media-bucket has no CORS rules: browsers on http://localhost:3000 cannot download from it',
    );
    expect(f.fix).toContain(
      '"AllowedOrigins": [\n        "http://localhost:3000"',
    );
    expect(f.fix).toContain(
      'aws s3api put-bucket-cors --bucket media-bucket --cors-configuration',
    );
    expect(f.fix).toContain('--endpoint-url http://127.0.0.1:7480');

    const partial = judge({
      test: {
        run: runOf({
          cors: {
            status: 'warn',
            message:
              'CORS rules are missing or incomplete: no rule allows HEAD',
            observed: {
              corsOrigins: ['http://localhost:3000'],
              corsMatches: false,
            },
          },
        }),
      },
    });
    expect(partial.findings[0].message).toContain('differ from the generated');
  });

  it('treats CORS as unknown when the step could not read it, and as fine without origins', () => {
    const denied = judge({
      test: { run: runOf({ cors: { status: 'warn', observed: undefined } }) },
    });
    expect(denied.findings).toEqual([]);
    expect(denied.unknown).toEqual(['cors-drift']);
    const noOrigins = judge({
      row: rowOf({}, { cors: { origins: [], uploadMode: 'download-only' } }),
      test: {
        run: runOf({ cors: { status: 'skipped', observed: undefined } }),
      },
    });
    expect(noOrigins).toEqual({ findings: [], unknown: [] });
  });

  it('grades wildcard origins: "*" medium, a pattern low, configured or live', () => {
    const any = judge({
      row: rowOf({}, { cors: { origins: ['*'], uploadMode: 'download-only' } }),
      test: {
        run: runOf({
          cors: { observed: { corsOrigins: ['*'], corsMatches: true } },
        }),
      },
    });
    expect(kinds(any)).toEqual(['cors-wildcard-origin:medium']);
    expect(any.findings[0].message).toContain(
      "The resource's CORS origins list *: every web page on the internet",
    );
    expect(any.findings[0].fix).toContain(
      '"origins":["http://localhost:3000"]',
    );
    expect(any.findings[0].fix).toContain('"version":3');

    const live = judge({
      test: {
        run: runOf({
          cors: {
            observed: {
              corsOrigins: ['http://localhost:3000', 'https://*.example.com'],
              corsMatches: true,
            },
          },
        }),
      },
    });
    expect(kinds(live)).toEqual(['cors-wildcard-origin:low']);
    expect(live.findings[0].message).toContain(
      "The bucket's live CORS rules allow https://*.example.com",
    );
    expect(live.findings[0].fix).toMatch(/^Replace the bucket's CORS rules/);
  });

  it.each([
    ['public-read', 'high'],
    ['public-read-write', 'high'],
    ['authenticated-read', 'medium'],
  ])('reports the public default ACL %s as %s', (acl, severity) => {
    const verdict = judge({ row: rowOf({}, { defaultAcl: acl }) });
    expect(kinds(verdict)).toEqual([`public-acl:${severity}`]);
    expect(verdict.findings[0].fix).toContain('"defaultAcl":"private"');
  });

  it.each(['private', 'bucket-owner-full-control', 'none'])(
    'does not report the default ACL %s',
    acl => {
      expect(judge({ row: rowOf({}, { defaultAcl: acl }) }).findings).toEqual(
        [],
      );
    },
  );

  it('reports a public access block that is all off: low, medium with a public default ACL', () => {
    const off = {
      blockPublicAcls: false,
      ignorePublicAcls: false,
      blockPublicPolicy: false,
      restrictPublicBuckets: false,
    };
    const run = runOf({
      'public-access': {
        observed: { publicAccessBlock: { ...off, configured: true } },
      },
    });
    expect(kinds(judge({ test: { run } }))).toEqual([
      'public-access-block-off:low',
    ]);
    const publicAcl = judge({
      row: rowOf({}, { defaultAcl: 'public-read' }),
      test: { run },
    });
    expect(kinds(publicAcl)).toEqual([
      'public-access-block-off:medium',
      'public-acl:high',
    ]);
    const none = judge({
      test: {
        run: runOf({
          'public-access': {
            observed: { publicAccessBlock: { ...off, configured: false } },
          },
        }),
      },
    });
    expect(none.findings[0].message).toContain('no Block Public Access');
    expect(none.findings[0].fix).toContain(
      'aws s3api put-public-access-block --bucket media-bucket --public-access-block-configuration BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true --endpoint-url http://127.0.0.1:7480',
    );
    const partly = judge({
      test: {
        run: runOf({
          'public-access': {
            observed: {
              publicAccessBlock: {
                ...off,
                blockPublicAcls: true,
                configured: true,
              },
            },
          },
        }),
      },
    });
    expect(partly.findings).toEqual([]);
  });

  it('reports missing default encryption, and never an unknown one (Ceph RGW)', () => {
    const none = judge({
      row: rowOf({}, { kmsKeyArn: 'arn:aws:kms:us-east-1:111122223333:key/k' }),
      test: {
        run: runOf({ encryption: { observed: { defaultEncryption: 'none' } } }),
      },
    });
    expect(kinds(none)).toEqual(['no-default-encryption:low']);
    expect(none.findings[0].fix).toContain(
      '"SSEAlgorithm":"aws:kms","KMSMasterKeyID":"arn:aws:kms:us-east-1:111122223333:key/k"',
    );
    const unknown = judge({
      test: {
        run: runOf({ encryption: { status: 'skipped', observed: undefined } }),
      },
    });
    expect(unknown).toEqual({
      findings: [],
      unknown: ['no-default-encryption'],
    });
  });
});
