import {
  HEALTHY_CREDENTIALS,
  judge,
  kinds,
  rowOf,
} from './findingRules.fixtures';

const OTHERS = [
  { id: 'id-2', name: 'backups' },
  { id: 'id-3', name: 'reports' },
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
      "The access key ****************MPLE of media is also stored for 2 other resource(s): backups, reports. Whoever holds it reaches every one of their buckets with the union of their grants, rotating or revoking it breaks them all at once, and the provider's logs cannot tell which resource acted",
    );
    expect(JSON.stringify(verdict)).not.toContain('AKIAIOSFODNN7EXAMPLE');
    expect(shared.fix).toContain(
      '/api/s3-resources/resources/11111111-1111-4111-8111-111111111111/policies',
    );
    expect(shared.fix).toContain('"secretAccessKey":"<new secret>"');
    expect(shared.fix).toContain('--status Inactive');
  });

  it("counts a role's source key, lists at most ten names, and is silent for a key of its own", () => {
    const many = Array.from({ length: 12 }, (_, i) => ({
      id: `id-${i}`,
      name: `r${i}`,
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
      '(the source of its role) is also stored for 12 other resource(s): r0, r1, r2, r3, r4, r5, r6, r7, r8, r9 and 2 more.',
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
