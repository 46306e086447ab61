import { TestRun } from '@s3-resources/plugin-s3-resources-common';
import {
  HEALTHY_CREDENTIALS,
  judge,
  kinds,
  rowOf,
  runOf,
} from './findingRules.fixtures';

const TEAM_A = 'group:default/team-a';
const OTHERS = [
  { id: 'id-2', name: 'backups', owner: TEAM_A },
  { id: 'id-3', name: 'reports', owner: TEAM_A },
];

const roleRow = (source: object) =>
  rowOf({
    authMethod: 'assume-role',
    auth: {
      method: 'assume-role',
      roleArn: 'arn:aws:iam::111122223333:role/r',
      externalId: 's3r-x',
      source,
    },
  });

describe('credential hygiene findings', () => {
  it('reports a key stored for other resources, naming them, the key masked, with the way to one key each', () => {
    const verdict = judge({
      credentials: { ...HEALTHY_CREDENTIALS, keySharedWith: OTHERS },
    });
    expect(kinds(verdict)).toEqual(['access-key-shared:medium']);
    const [shared] = verdict.findings;
    expect(shared.message).toBe(
      "The access key ****************MPLE of media is also stored for 2 other resources: backups and reports. Whoever holds it reaches every one of their buckets with the union of their grants, rotating or revoking it breaks them all at once, and the provider's logs cannot tell which resource acted",
    );
    expect(JSON.stringify(verdict)).not.toContain('AKIAIOSFODNN7EXAMPLE');
    expect(shared.fix).toContain(
      '/api/s3-resources/resources/11111111-1111-4111-8111-111111111111/policies',
    );
    expect(shared.fix).toContain('"secretAccessKey":"<new secret>"');
    expect(shared.fix).toContain('--status Inactive');
  });

  it("names only the owner's own resources; another team's are counted, never named", () => {
    const verdict = judge({
      credentials: {
        ...HEALTHY_CREDENTIALS,
        keySharedWith: [
          ...OTHERS,
          { id: 'id-4', name: 'payroll-secrets', owner: 'group:default/hr' },
          { id: 'id-5', name: 'hr-archive', owner: 'group:default/hr' },
        ],
      },
    });
    const [shared] = verdict.findings;
    expect(shared.message).toContain(
      'is also stored for 4 other resources: backups, reports and 2 of other owners.',
    );
    expect(JSON.stringify(verdict)).not.toContain('payroll-secrets');
    expect(JSON.stringify(verdict)).not.toContain('hr-archive');
    const alone = judge({
      credentials: {
        ...HEALTHY_CREDENTIALS,
        keySharedWith: [
          { id: 'id-4', name: 'payroll', owner: 'user:default/x' },
        ],
      },
    });
    expect(alone.findings[0].message).toContain(
      'is also stored for 1 other resource: 1 of another owner.',
    );
  });

  it("counts a role's source key, lists at most ten names, and is silent for a key of its own", () => {
    const many = Array.from({ length: 12 }, (_, i) => ({
      id: `id-${i}`,
      name: `r${i}`,
      owner: TEAM_A,
    }));
    const role = judge({
      row: roleRow({
        method: 'access-key',
        accessKeyId: 'AKIAROLESOURCE000001',
      }),
      credentials: { ...HEALTHY_CREDENTIALS, keySharedWith: many },
    });
    expect(kinds(role)).toEqual(['access-key-shared:medium']);
    expect(role.findings[0].message).toContain(
      '(the source of its role) is also stored for 12 other resources: r0, r1, r2, r3, r4, r5, r6, r7, r8, r9 and 2 more of the same owner.',
    );
    expect(role.findings[0].fix).toContain('"method":"assume-role"');
    expect(judge().findings).toEqual([]);
  });

  it('is unknown when the store was not asked, and not judged without an access key', () => {
    expect(judge({ credentials: undefined }).unknown).toEqual([
      'access-key-shared',
    ]);
    const account = judge({
      row: rowOf({
        authMethod: 'aws-account',
        auth: { method: 'aws-account', accountId: '111122223333' },
        secret: null,
        secretChangedAt: null,
      }),
      credentials: undefined,
    });
    expect(account).toEqual({ findings: [], unknown: [] });
  });
});

const EXTERNAL_ID = 's3r-ExternalIdOfThisResource0123456789';
const ROLE = 'arn:aws:iam::111122223333:role/media-role';

function awsRoleRow(
  source: object = {
    method: 'access-key',
    accessKeyId: 'AKIAROLESOURCE000001',
  },
) {
  return rowOf(
    {
      provider: 'aws',
      endpointKey: '',
      authMethod: 'assume-role',
      auth: {
        method: 'assume-role',
        roleArn: ROLE,
        externalId: EXTERNAL_ID,
        source,
      },
    },
    { endpoint: undefined, forcePathStyle: false },
  );
}

/** The healthy run with the AssumeRole step in the given state. */
function runAssuming(status: 'pass' | 'fail'): { run: TestRun } {
  const run = runOf();
  return {
    run: {
      ...run,
      steps: [
        ...run.steps,
        {
          id: 'assume-role',
          title: 'Assume role',
          status,
          durationMs: 1,
          message: `assume-role ${status}`,
        },
      ],
    },
  };
}

const AT = '2026-12-31T10:00:00.000Z';

describe('role-trust-no-external-id', () => {
  it("reports a role assumable without the ExternalId: low with an access key source, the fix adds the condition to the team's trust policy for the key's user, never replaces it with the portal's principal", () => {
    const verdict = judge({
      row: awsRoleRow(),
      test: runAssuming('pass'),
      credentials: {
        ...HEALTHY_CREDENTIALS,
        roleTrust: { result: 'assumable', at: AT },
        // the role is assumed by the source key's user, not by this
        portalPrincipalArn: 'arn:aws:iam::111122223333:role/backstage',
      },
    });
    expect(kinds(verdict)).toEqual(['role-trust-no-external-id:low']);
    const [trust] = verdict.findings;
    expect(trust.message).toBe(
      `Role ${ROLE} of media can be assumed without the resource's ExternalId (AssumeRole without an ExternalId succeeded on 2026-12-31): its trust policy has no sts:ExternalId condition, and whoever holds the source key can assume it for any purpose, the portal being one of them (the confused deputy)`,
    );
    const fix = trust.fix!;
    // read the current trust policy first, then add the condition to it
    expect(fix).toContain(
      'aws iam get-role --role-name media-role --query Role.AssumeRolePolicyDocument --output json > trust-policy.json',
    );
    expect(fix).toContain(
      '"Condition": {"StringEquals": {"sts:ExternalId": "<the resource ExternalId>"}}',
    );
    expect(fix).toContain('<the IAM user of access key ****************0001>');
    // not a document trusting the portal's ARN: the source key could no
    // longer assume the role, and the team's other principals would be gone
    expect(fix).not.toContain('role/backstage');
    expect(fix).not.toContain('"Version"');
    expect(fix).toContain(
      'aws iam update-assume-role-policy --role-name media-role --policy-document file://trust-policy.json',
    );
    expect(fix).toContain('replaces every statement');
    expect(fix).toContain("on media's page");
    // findings are read by more people than may see the ExternalId
    expect(JSON.stringify(verdict)).not.toContain(EXTERNAL_ID);
    expect(JSON.stringify(verdict)).not.toContain('AKIAROLESOURCE000001');
  });

  it("offers the generated trust policy whole only when the principal is known (an AWS account source with the portal's principal), still warning that it replaces every statement", () => {
    const verdict = judge({
      row: awsRoleRow({ method: 'aws-account', accountId: '111122223333' }),
      test: runAssuming('pass'),
      credentials: {
        ...HEALTHY_CREDENTIALS,
        roleTrust: { result: 'assumable', at: AT },
        portalPrincipalArn: 'arn:aws:iam::999988887777:role/portal',
      },
    });
    expect(kinds(verdict)).toEqual(['role-trust-no-external-id:high']);
    const fix = verdict.findings[0].fix!;
    expect(fix).toContain(
      'aws iam get-role --role-name media-role --query Role.AssumeRolePolicyDocument',
    );
    expect(fix).toContain('that trust arn:aws:iam::999988887777:role/portal');
    expect(fix).toContain('"AWS": "arn:aws:iam::999988887777:role/portal"');
    expect(fix).toContain('"sts:ExternalId": "<the resource ExternalId>"');
    expect(fix).toContain('replaces every statement');
    expect(JSON.stringify(verdict)).not.toContain(EXTERNAL_ID);
  });

  it("is high when the role trusts the portal's own AWS account credentials; without the portal's principal the fix points at the policies", () => {
    const verdict = judge({
      row: awsRoleRow({ method: 'aws-account', accountId: '111122223333' }),
      test: runAssuming('pass'),
      credentials: {
        ...HEALTHY_CREDENTIALS,
        roleTrust: { result: 'assumable', at: AT },
      },
    });
    expect(kinds(verdict)).toEqual(['role-trust-no-external-id:high']);
    expect(verdict.findings[0].message).toContain(
      "it trusts the portal's own AWS account credentials (111122223333), so any owner allowed that account could register this role under another resource",
    );
    const fix = verdict.findings[0].fix!;
    expect(fix).toContain(
      "that trust <the portal's principal (s3Resources.portalPrincipalArn)>",
    );
    expect(fix).not.toContain('"Version"');
    expect(fix).toContain(
      '/api/s3-resources/resources/11111111-1111-4111-8111-111111111111/policies',
    );
  });

  it('takes a refusal without the ExternalId as the condition at work only beside an AssumeRole with it that passed; unknown otherwise', () => {
    const refused = { result: 'refused' as const, at: AT };
    const judged = (test: { run: TestRun }, roleTrust?: object) =>
      judge({
        row: awsRoleRow(),
        test,
        credentials: {
          ...HEALTHY_CREDENTIALS,
          roleTrust: roleTrust as never,
        },
      });
    expect(judged(runAssuming('pass'), refused)).toEqual({
      findings: [],
      unknown: [],
    });
    expect(judged(runAssuming('fail'), refused).unknown).toEqual([
      'role-trust-no-external-id',
    ]);
    expect(
      judged(runAssuming('pass'), {
        result: 'unknown',
        at: AT,
        reason: 'throttled',
      }).unknown,
    ).toEqual(['role-trust-no-external-id']);
    expect(judged(runAssuming('pass'), undefined).unknown).toEqual([
      'role-trust-no-external-id',
    ]);
    // a resource that assumes no role is not judged, nor one on MinIO
    // (its AssumeRole reads no trust policy)
    expect(judge().unknown).toEqual([]);
    const minio = awsRoleRow();
    minio.provider = 'minio';
    expect(
      judge({
        row: minio,
        test: runAssuming('pass'),
        credentials: {
          ...HEALTHY_CREDENTIALS,
          roleTrust: { result: 'assumable', at: AT },
        },
      }),
    ).toEqual({ findings: [], unknown: [] });
  });
});
