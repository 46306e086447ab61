import { judge, kinds, rowOf, runOf } from './findingRules.fixtures';

describe('computeFindings', () => {
  it('finds nothing on a healthy, private, encrypted resource with a young key and a known owner', () => {
    expect(judge()).toEqual({ findings: [], unknown: [] });
  });

  it('reports a failing test with each failing step and its remediation', () => {
    const verdict = judge({
      test: {
        run: runOf({
          bucket: {
            status: 'fail',
            title: 'Bucket reachable',
            message: 'No such bucket',
            remediation: 'Create the bucket',
          },
        }),
      },
    });
    const [f] = verdict.findings;
    expect(f).toMatchObject({ kind: 'test-failing', severity: 'high' });
    expect(f.message).toContain('fails at Bucket reachable: No such bucket');
    expect(f.fix).toContain('Bucket reachable: Create the bucket');
  });

  it('says a cause shared by several failing steps once', () => {
    const missing = {
      status: 'fail' as const,
      message: 'Bucket b does not exist',
    };
    const verdict = judge({
      test: {
        run: runOf({
          bucket: { ...missing, title: 'Bucket reachable' },
          cors: { ...missing, title: 'CORS' },
        }),
      },
    });
    const [f] = verdict.findings;
    expect(f.message).toBe(
      'The connection test of media fails at Bucket reachable, CORS: Bucket b does not exist',
    );
  });

  it('reports a test that could not run at all', () => {
    const verdict = judge({ test: { error: new Error('boom') } });
    expect(kinds(verdict)).toEqual(['test-failing:high']);
    // and the bucket checks are unknown, not passed
    expect(verdict.unknown.sort()).toEqual([
      'access-beyond-level',
      'access-logging-off',
      'acl-cross-account',
      'acl-public',
      'bucket-policy-public',
      'cors-drift',
      'lifecycle-drift',
      'no-default-encryption',
      'object-lock-retention',
      'public-access-block-off',
      'replication-cross-account',
      'versioning-off',
    ]);
  });

  it('reports access keys older than the limit, masked, with the rotation steps', () => {
    const old = judge({
      row: rowOf({ secretChangedAt: '2026-09-01T00:00:00.000Z' }),
    });
    expect(kinds(old)).toEqual(['access-key-stale:medium']);
    expect(old.findings[0].message).toBe(
      'The access key ****************MPLE of media was set 122 days ago (on 2026-09-01); keys are to be rotated within 90 days',
    );
    expect(JSON.stringify(old)).not.toContain('AKIAIOSFODNN7EXAMPLE');
    expect(old.findings[0].fix).toContain('"secretAccessKey":"<new secret>"');

    const ancient = judge({
      row: rowOf({ secretChangedAt: '2026-01-01T00:00:00.000Z' }),
    });
    expect(kinds(ancient)).toEqual(['access-key-stale:high']);

    // exactly at the limit is fine; an assumed role's source key counts too
    expect(
      judge({ row: rowOf({ secretChangedAt: '2026-10-03T00:00:00.000Z' }) })
        .findings,
    ).toEqual([]);
    const role = judge({
      row: rowOf({
        authMethod: 'assume-role',
        auth: {
          method: 'assume-role',
          roleArn: 'arn:aws:iam::111122223333:role/r',
          externalId: 'x',
          source: { method: 'access-key', accessKeyId: 'AKIAROLESOURCE000001' },
        },
        secretChangedAt: '2026-09-01T00:00:00.000Z',
      }),
    });
    expect(kinds(role)).toEqual(['access-key-stale:medium']);
    expect(role.findings[0].fix).toContain('"method":"assume-role"');
  });

  it('does not judge key age without a key, and calls an unknown age unknown', () => {
    const account = judge({
      row: rowOf({
        authMethod: 'aws-account',
        auth: { method: 'aws-account', accountId: '111122223333' },
        secret: null,
        secretChangedAt: null,
      }),
    });
    expect(account).toEqual({ findings: [], unknown: [] });
    const unknownAge = judge({ row: rowOf({ secretChangedAt: null }) });
    expect(unknownAge).toEqual({ findings: [], unknown: ['access-key-stale'] });
  });

  it('reports a missing owner (medium) and system (low); unknown without the catalog', () => {
    const verdict = judge({
      row: rowOf({ system: 'payments' }),
      catalog: { ownerExists: false, systemExists: false },
    });
    expect(kinds(verdict)).toEqual([
      'owner-missing:medium',
      'system-missing:low',
    ]);
    expect(verdict.findings[0].message).toContain(
      'The owner group:default/team-a of media does not exist in the catalog',
    );
    expect(judge({ catalog: undefined })).toEqual({
      findings: [],
      unknown: ['owner-missing', 'system-missing'],
    });
  });

  it('reports write access nobody showed to use: read-write or full, download-only, write probe never run', () => {
    const broad = judge({ row: rowOf({}, { accessLevel: 'read-write' }) });
    expect(kinds(broad)).toEqual(['access-broader-than-used:low']);
    expect(broad.findings[0].fix).toContain('"accessLevel":"read"');
    expect(kinds(judge({ row: rowOf({}, { accessLevel: 'full' }) }))).toEqual([
      'access-broader-than-used:low',
    ]);
    // the write probe ran once: uploads are known to be used
    expect(
      judge({
        row: rowOf(
          { writeProbeAt: '2026-12-24T00:00:00.000Z' },
          { accessLevel: 'read-write' },
        ),
      }).findings,
    ).toEqual([]);
    // browsers upload: the write access is used
    expect(
      judge({
        row: rowOf(
          {},
          {
            accessLevel: 'read-write',
            cors: {
              origins: ['http://localhost:3000'],
              uploadMode: 'simple-put',
            },
          },
        ),
      }).findings,
    ).toEqual([]);
    // custom action lists are not judged
    expect(
      judge({
        row: rowOf(
          {},
          { accessLevel: 'custom', customActions: ['s3:PutObject'] },
        ),
      }).findings,
    ).toEqual([]);
  });
});
