import {
  TestRun,
  TestStepResult,
} from '@s3-resources/plugin-s3-resources-common';
import { ResourceRow } from '../database/ResourceStore';
import { FindingInput, computeFindings } from './findingRules';

const NOW = new Date('2027-01-01T00:00:00.000Z');

function rowOf(overrides: Partial<ResourceRow> = {}, settings = {}) {
  const row: ResourceRow = {
    id: '11111111-1111-4111-8111-111111111111',
    name: 'media',
    provider: 'ceph-rgw',
    bucket: 'media-bucket',
    region: 'us-east-1',
    endpointKey: 'http://127.0.0.1:7480',
    prefixKey: '',
    owner: 'group:default/team-a',
    system: null,
    title: null,
    settings: {
      tags: [],
      endpoint: 'http://127.0.0.1:7480',
      forcePathStyle: true,
      defaultAcl: 'none',
      accessLevel: 'read',
      cors: { origins: ['http://localhost:3000'], uploadMode: 'download-only' },
      ...settings,
    },
    authMethod: 'access-key',
    auth: { method: 'access-key', accessKeyId: 'AKIAIOSFODNN7EXAMPLE' },
    secret: { v: 1, kid: 'k1' } as unknown as ResourceRow['secret'],
    secretChangedAt: '2026-12-01T00:00:00.000Z',
    writeProbeAt: null,
    lastTestStatus: null,
    lastTestedAt: null,
    lastTestRunId: null,
    version: 3,
    createdAt: '2026-12-01T00:00:00.000Z',
    createdBy: 'user:default/alice',
    updatedAt: '2026-12-01T00:00:00.000Z',
    updatedBy: 'user:default/alice',
    ...overrides,
  };
  return row;
}

const step = (
  id: string,
  status: TestStepResult['status'],
  extra: Partial<TestStepResult> = {},
): TestStepResult => ({
  id,
  title: id,
  status,
  durationMs: 1,
  message: `${id} ${status}`,
  ...extra,
});

/** A run whose bucket steps saw a healthy bucket unless overridden. */
function runOf(overrides: Record<string, Partial<TestStepResult>> = {}) {
  const steps = [
    step('bucket', 'pass'),
    step('cors', 'pass', {
      observed: { corsOrigins: ['http://localhost:3000'], corsMatches: true },
    }),
    step('public-access', 'pass', {
      observed: {
        publicAccessBlock: {
          blockPublicAcls: true,
          ignorePublicAcls: true,
          blockPublicPolicy: true,
          restrictPublicBuckets: true,
          configured: true,
        },
      },
    }),
    step('encryption', 'pass', { observed: { defaultEncryption: 'AES256' } }),
  ].map(s => ({ ...s, ...overrides[s.id] }));
  const run: TestRun = {
    id: 'run-1',
    status: steps.some(s => s.status === 'fail') ? 'fail' : 'pass',
    startedAt: NOW.toISOString(),
    durationMs: 10,
    steps,
    initiatedBy: 'plugin:s3-resources',
  };
  return run;
}

function judge(input: Partial<FindingInput> & { row?: ResourceRow } = {}) {
  return computeFindings({
    row: input.row ?? rowOf(),
    test: input.test ?? { run: runOf() },
    catalog: 'catalog' in input ? input.catalog : { ownerExists: true },
    now: NOW,
    maxAccessKeyAgeDays: 90,
    appBaseUrl: 'http://localhost:3000/app',
  });
}

const kinds = (verdict: ReturnType<typeof judge>) =>
  verdict.findings.map(f => `${f.kind}:${f.severity}`).sort();

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
      'cors-drift',
      'no-default-encryption',
      'public-access-block-off',
    ]);
  });

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
