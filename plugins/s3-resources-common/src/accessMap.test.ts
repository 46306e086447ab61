import {
  AccessCategory,
  AccessMap,
  AccessState,
  accessBeyondLevel,
  beyondLevelOf,
  computeAccessMap,
  fleetAccessRows,
  levelCategoriesOf,
} from './accessMap';
import { ALL_USERS_URI, AUTHENTICATED_USERS_URI } from './policies/bucketAcl';
import { generateIamPolicy } from './policies/iamPolicy';
import type {
  BucketAcl,
  ResourceSettings,
  TestRun,
  TestStepObservation,
  TestStepResult,
} from './types';

const settings: ResourceSettings = {
  name: 'media',
  owner: 'group:default/team-a',
  tags: [],
  provider: 'aws',
  bucket: 'media',
  region: 'eu-west-1',
  forcePathStyle: false,
  defaultAcl: 'none',
  accessLevel: 'read',
  cors: { origins: [], uploadMode: 'download-only' },
};

const ROLE = 'arn:aws:iam::111122223333:role/portal';
const OTHER_USER = 'arn:aws:iam::111122223333:user/alice';
const OTHER_ACCOUNT = 'arn:aws:iam::999988887777:root';
const portal = { id: ROLE, description: `role ${ROLE}`, arn: ROLE };
const BLOCK_OFF = {
  blockPublicAcls: false,
  ignorePublicAcls: false,
  blockPublicPolicy: false,
  restrictPublicBuckets: false,
  configured: false,
};
const OWNER = { id: 'ownerid', displayName: 'owner' };

function step(id: string, observed?: TestStepObservation): TestStepResult {
  return {
    id,
    title: id,
    status: observed ? 'pass' : 'skipped',
    durationMs: 1,
    message: observed ? 'read' : `Unknown: ${id} was denied`,
    ...(observed ? { observed } : {}),
  };
}

function runWith(options: {
  policy?: Record<string, unknown> | null | 'unknown';
  acl?: BucketAcl | 'unknown';
  block?: TestStepObservation['publicAccessBlock'] | 'unknown';
  steps?: TestStepResult[];
}): TestRun {
  const policy = options.policy === undefined ? null : options.policy;
  const acl = options.acl ?? { owner: OWNER, grants: [] };
  const block = options.block ?? BLOCK_OFF;
  return {
    id: 'run-1',
    status: 'pass',
    startedAt: '2026-12-07T10:00:00.000Z',
    durationMs: 10,
    initiatedBy: 'audit-sweep',
    steps: [
      step(
        'bucket-policy',
        policy === 'unknown' ? undefined : { bucketPolicy: policy },
      ),
      step('bucket-acl', acl === 'unknown' ? undefined : { bucketAcl: acl }),
      step(
        'public-access',
        block === 'unknown' ? undefined : { publicAccessBlock: block },
      ),
      ...(options.steps ?? []),
    ],
  };
}

const policyOf = (...Statement: Record<string, unknown>[]) => ({
  Version: '2012-10-17',
  Statement,
});

function mapOf(
  run: TestRun | undefined,
  extra: Partial<ResourceSettings> = {},
): AccessMap {
  const s = { ...settings, ...extra };
  return computeAccessMap({
    resourceId: 'r1',
    settings: s,
    portal,
    iamPolicy: generateIamPolicy(s).policy,
    run,
  });
}

/** The states of one principal's row, by column. */
function states(map: AccessMap, id: string) {
  const row = map.rows.find(r => r.principal.id === id);
  if (!row)
    throw new Error(`no row ${id}: ${map.rows.map(r => r.principal.id)}`);
  return Object.fromEntries(
    row.cells.map(c => [c.category, c.state]),
  ) as Record<AccessCategory, AccessState>;
}

const cell = (map: AccessMap, id: string, category: AccessCategory) =>
  map.rows
    .find(r => r.principal.id === id)!
    .cells.find(c => c.category === category)!;

describe('computeAccessMap', () => {
  it('shows the portal, everyone and the bucket owner even with nothing granted', () => {
    const map = mapOf(runWith({}));
    expect(map.rows.map(r => r.principal.kind)).toEqual([
      'portal',
      'bucket-owner',
      'public',
    ]);
    expect(map.levelCategories).toEqual(['read', 'list']);
    expect(map.owner).toBe('group:default/team-a');
    expect(map.inputs.bucketPolicy.state).toBe('none');
    expect(states(map, '*')).toEqual({
      read: 'unknown',
      list: 'not-granted',
      write: 'not-granted',
      delete: 'not-granted',
      permissions: 'not-granted',
    });
    // the test reads no object ACL: one may make an object public
    expect(cell(map, '*', 'read').reason).toMatch(/^Object ACLs are not read/);
    // unless no object ACL can
    for (const ruledOut of [
      mapOf(runWith({}), { objectOwnership: 'BucketOwnerEnforced' }),
      mapOf(runWith({ block: { ...BLOCK_OFF, ignorePublicAcls: true } })),
      mapOf(runWith({}), { provider: 'r2', region: 'auto' }),
    ]) {
      expect(states(ruledOut, '*').read).toBe('not-granted');
    }
  });

  it("names the portal's generated IAM statements and what the last test verified", () => {
    const map = mapOf(
      runWith({
        steps: [{ ...step('list', {}), title: 'List objects', status: 'pass' }],
      }),
    );
    expect(states(map, ROLE)).toMatchObject({
      read: 'granted',
      list: 'granted',
      write: 'unknown',
    });
    const list = cell(map, ROLE, 'list').sources;
    expect(list[0]).toMatchObject({ via: 'iam-policy', verified: true });
    expect(list[0].label).toMatch(/^generated IAM statement "/);
    expect(cell(map, ROLE, 'read').sources[0].verified).toBeUndefined();
  });

  it('is unknown, not not-granted, where the portal has no generated grant: its identity policy and ownership are not read', () => {
    const map = mapOf(runWith({}));
    const write = cell(map, ROLE, 'write');
    expect(write.state).toBe('unknown');
    expect(write.reason).toContain(
      "the portal's own identity policy is not read",
    );
    expect(write.reason).toContain('bucket owner');
    // a failing step is evidence: the portal could not write
    const failed = mapOf(
      runWith({
        steps: [
          {
            ...step('write', {}),
            title: 'Write probe',
            status: 'fail',
            message: 'AccessDenied',
          },
        ],
      }),
    );
    expect(cell(failed, ROLE, 'write')).toMatchObject({
      state: 'not-granted',
      reason: expect.stringContaining('Write probe step failed: AccessDenied'),
    });
  });

  it('a policy granting another user write shows in its row with the statement', () => {
    const map = mapOf(
      runWith({
        policy: policyOf({
          Sid: 'AliceWrites',
          Effect: 'Allow',
          Principal: { AWS: OTHER_USER },
          Action: ['s3:PutObject'],
          Resource: 'arn:aws:s3:::media/*',
        }),
      }),
    );
    expect(states(map, OTHER_USER)).toEqual({
      read: 'not-granted',
      list: 'not-granted',
      write: 'granted',
      delete: 'not-granted',
      permissions: 'not-granted',
    });
    expect(cell(map, OTHER_USER, 'write').sources).toEqual([
      expect.objectContaining({
        via: 'bucket-policy',
        label: 'statement "AliceWrites"',
        statementIndex: 0,
        actions: ['s3:PutObject'],
      }),
    ]);
    const beyond = accessBeyondLevel(map);
    expect(beyond).toEqual([
      expect.objectContaining({
        principal: expect.objectContaining({
          id: OTHER_USER,
          kind: 'iam-user',
        }),
        categories: ['write'],
      }),
    ]);
  });

  it('wildcard actions reach every column they match: s3:*, s3:Get*, *', () => {
    const map = mapOf(
      runWith({
        policy: policyOf(
          {
            Effect: 'Allow',
            Principal: { AWS: OTHER_USER },
            Action: 's3:Get*',
            Resource: ['arn:aws:s3:::media', 'arn:aws:s3:::media/*'],
          },
          {
            Effect: 'Allow',
            Principal: { AWS: [OTHER_ACCOUNT] },
            Action: 's3:*',
            Resource: ['arn:aws:s3:::media', 'arn:aws:s3:::media/*'],
          },
          {
            Effect: 'Allow',
            Principal: { AWS: '444455556666' },
            Action: '*',
            Resource: '*',
          },
        ),
      }),
    );
    expect(states(map, OTHER_USER)).toMatchObject({
      read: 'granted',
      list: 'not-granted',
      write: 'not-granted',
    });
    const all = {
      read: 'granted',
      list: 'granted',
      write: 'granted',
      delete: 'granted',
      permissions: 'granted',
    };
    // an account root ARN and a bare account ID are the same row
    expect(states(map, '999988887777')).toEqual(all);
    expect(states(map, '444455556666')).toEqual(all);
    expect(
      map.rows.find(r => r.principal.id === '999988887777')!.principal,
    ).toMatchObject({ kind: 'account', label: 'AWS account 999988887777' });
  });

  it('an unconditional Deny overrides an Allow; a conditional one only says it may deny', () => {
    const map = mapOf(
      runWith({
        policy: policyOf(
          {
            Sid: 'All',
            Effect: 'Allow',
            Principal: { AWS: [OTHER_USER, OTHER_ACCOUNT] },
            Action: 's3:*',
            Resource: ['arn:aws:s3:::media', 'arn:aws:s3:::media/*'],
          },
          {
            Sid: 'NoDeletes',
            Effect: 'Deny',
            Principal: '*',
            Action: ['s3:Delete*'],
            Resource: ['arn:aws:s3:::media', 'arn:aws:s3:::media/*'],
          },
          {
            Sid: 'NoWritesOffNetwork',
            Effect: 'Deny',
            Principal: { AWS: OTHER_USER },
            Action: 's3:PutObject',
            Resource: 'arn:aws:s3:::media/*',
            Condition: { NotIpAddress: { 'aws:SourceIp': '203.0.113.0/24' } },
          },
        ),
      }),
    );
    expect(states(map, OTHER_USER)).toMatchObject({
      delete: 'denied',
      write: 'granted',
    });
    expect(states(map, '999988887777').delete).toBe('denied');
    const write = cell(map, OTHER_USER, 'write').sources;
    expect(write.find(s => s.effect === 'Deny')).toMatchObject({
      label: 'statement "NoWritesOffNetwork"',
      conditions: ['NotIpAddress aws:SourceIp'],
      note: expect.stringMatching(/^may deny/),
    });
    // a Deny that covers only part of the keys does not make the cell denied
    const partial = mapOf(
      runWith({
        policy: policyOf(
          {
            Effect: 'Allow',
            Principal: { AWS: OTHER_USER },
            Action: 's3:GetObject',
            Resource: 'arn:aws:s3:::media/*',
          },
          {
            Effect: 'Deny',
            Principal: '*',
            Action: 's3:GetObject',
            Resource: 'arn:aws:s3:::media/secret/*',
          },
        ),
      }),
    );
    expect(states(partial, OTHER_USER).read).toBe('granted');
  });

  it('reads NotAction as every action it does not name, NotPrincipal as everyone', () => {
    const map = mapOf(
      runWith({
        policy: policyOf(
          {
            Sid: 'AllButDelete',
            Effect: 'Allow',
            Principal: { AWS: OTHER_USER },
            NotAction: ['s3:Delete*'],
            Resource: ['arn:aws:s3:::media', 'arn:aws:s3:::media/*'],
          },
          {
            Sid: 'EveryoneButBob',
            Effect: 'Allow',
            NotPrincipal: { AWS: 'arn:aws:iam::111122223333:user/bob' },
            Action: 's3:ListBucket',
            Resource: 'arn:aws:s3:::media',
          },
        ),
      }),
    );
    expect(states(map, OTHER_USER)).toEqual({
      read: 'granted',
      list: 'granted',
      write: 'granted',
      delete: 'not-granted',
      permissions: 'granted',
    });
    expect(cell(map, OTHER_USER, 'write').sources[0].note).toMatch(
      /^NotAction: every action but s3:Delete\*/,
    );
    expect(states(map, '*').list).toBe('granted');
    expect(cell(map, '*', 'list').sources[0].note).toMatch(/NotPrincipal/);
  });

  it('keeps conditions with the grant, and only counts statements on this bucket and prefix', () => {
    const map = mapOf(
      runWith({
        policy: policyOf(
          {
            Sid: 'FromOffice',
            Effect: 'Allow',
            Principal: '*',
            Action: 's3:GetObject',
            Resource: 'arn:aws:s3:::media/team-a/*',
            Condition: { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } },
          },
          {
            Sid: 'OtherPrefix',
            Effect: 'Allow',
            Principal: { AWS: OTHER_USER },
            Action: 's3:PutObject',
            Resource: 'arn:aws:s3:::media/team-b/*',
          },
          {
            Sid: 'OtherBucket',
            Effect: 'Allow',
            Principal: { AWS: OTHER_USER },
            Action: 's3:*',
            Resource: 'arn:aws:s3:::mediabackup/*',
          },
        ),
      }),
      { prefix: 'team-a/' },
    );
    expect(cell(map, '*', 'read')).toMatchObject({
      state: 'granted',
      sources: [
        expect.objectContaining({
          label: 'statement "FromOffice"',
          conditions: ['IpAddress aws:SourceIp'],
        }),
      ],
    });
    expect(states(map, OTHER_USER)).toMatchObject({
      write: 'not-granted',
      permissions: 'not-granted',
    });
  });

  it('a statement naming the portal role lands in the portal row', () => {
    const map = mapOf(
      runWith({
        policy: policyOf({
          Sid: 'PortalReads',
          Effect: 'Allow',
          Principal: { AWS: ROLE },
          Action: 's3:GetObject',
          Resource: 'arn:aws:s3:::media/*',
        }),
      }),
    );
    expect(map.rows.filter(r => r.principal.id === ROLE)).toHaveLength(1);
    expect(cell(map, ROLE, 'read').sources.map(s => s.via)).toContain(
      'bucket-policy',
    );
  });

  it('is unknown, never not-granted, where the policy or ACL could not be read', () => {
    const map = mapOf(runWith({ policy: 'unknown', acl: 'unknown' }));
    expect(states(map, '*')).toEqual({
      read: 'unknown',
      list: 'unknown',
      write: 'unknown',
      delete: 'unknown',
      permissions: 'unknown',
    });
    expect(cell(map, '*', 'write').reason).toMatch(
      /The bucket policy could not be read: Unknown: bucket-policy was denied/,
    );
    // the portal's generated grant is still known
    expect(states(map, ROLE)).toMatchObject({
      read: 'granted',
      write: 'unknown',
    });
    const aclOnly = mapOf(runWith({ acl: 'unknown' }));
    // a bucket ACL never grants reading objects: only the policy (and
    // object ACLs) count for read
    expect(states(aclOnly, '*')).toMatchObject({
      read: 'unknown',
      list: 'unknown',
    });
    expect(cell(aclOnly, '*', 'read').reason).not.toMatch(/bucket ACL/);
    const untested = mapOf(undefined);
    expect(untested.run).toBeUndefined();
    expect(untested.inputs.bucketPolicy).toMatchObject({
      state: 'unknown',
      detail: expect.stringMatching(/no connection test yet/),
    });
    expect(states(untested, '*').read).toBe('unknown');
  });

  it('maps ACL grants: public, any AWS account, another canonical user, the owner', () => {
    const acl: BucketAcl = {
      owner: OWNER,
      grants: [
        {
          grantee: { type: 'CanonicalUser', id: 'ownerid' },
          permission: 'FULL_CONTROL',
        },
        { grantee: { type: 'Group', uri: ALL_USERS_URI }, permission: 'READ' },
        {
          grantee: { type: 'Group', uri: AUTHENTICATED_USERS_URI },
          permission: 'WRITE',
        },
        {
          grantee: { type: 'CanonicalUser', id: 'other', displayName: 'Other' },
          permission: 'WRITE_ACP',
        },
      ],
    };
    const map = mapOf(runWith({ acl }));
    expect(states(map, 'ownerid')).toEqual({
      read: 'not-granted',
      list: 'granted',
      write: 'granted',
      delete: 'granted',
      permissions: 'granted',
    });
    expect(states(map, '*')).toMatchObject({
      list: 'granted',
      read: 'unknown',
    });
    expect(states(map, 'authenticated')).toMatchObject({
      write: 'granted',
      delete: 'granted',
    });
    expect(cell(map, 'other', 'permissions').sources[0]).toMatchObject({
      via: 'bucket-acl',
      label: 'ACL grant WRITE_ACP to canonical user other (Other)',
      grantIndex: 3,
    });
    // public ACL grants are acl-public's; the other user's is beyond the level
    expect(accessBeyondLevel(map).map(b => b.principal.id)).toEqual(['other']);
  });

  it('public grants neutralised by the public access block are blocked, not granted', () => {
    const block = {
      ...BLOCK_OFF,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
      configured: true,
    };
    const map = mapOf(
      runWith({
        block,
        policy: policyOf({
          Sid: 'Public',
          Effect: 'Allow',
          Principal: '*',
          Action: 's3:GetObject',
          Resource: 'arn:aws:s3:::media/*',
        }),
        acl: {
          owner: OWNER,
          grants: [
            {
              grantee: { type: 'Group', uri: ALL_USERS_URI },
              permission: 'READ',
            },
          ],
        },
      }),
      { defaultAcl: 'public-read' },
    );
    expect(states(map, '*')).toMatchObject({
      read: 'blocked',
      list: 'blocked',
    });
    expect(cell(map, '*', 'read').sources.map(s => s.via)).toEqual([
      'bucket-policy',
      'default-acl',
    ]);
    const open = mapOf(runWith({}), { defaultAcl: 'public-read' });
    expect(cell(open, '*', 'read')).toMatchObject({
      state: 'granted',
      sources: [expect.objectContaining({ via: 'default-acl' })],
    });
  });

  it('leaves public policy statements to their own finding', () => {
    const map = mapOf(
      runWith({
        policy: policyOf({
          Effect: 'Allow',
          Principal: '*',
          Action: 's3:PutObject',
          Resource: 'arn:aws:s3:::media/*',
        }),
      }),
    );
    expect(accessBeyondLevel(map)).toEqual([]);
    // the table and the export mark no cell the finding leaves out
    expect(fleetAccessRows(map).filter(r => r.beyondLevel)).toEqual([]);
    const beyond = beyondLevelOf(map);
    const everyone = map.rows.find(r => r.principal.kind === 'public')!;
    expect(beyond(everyone, 'write')).toBe(false);
  });

  it('marks beyond the level exactly what the finding names, in the export too', () => {
    const map = mapOf(
      runWith({
        policy: policyOf({
          Effect: 'Allow',
          Principal: { AWS: OTHER_USER },
          Action: 's3:PutObject',
          Resource: 'arn:aws:s3:::media/*',
        }),
        acl: {
          owner: OWNER,
          grants: [
            {
              grantee: { type: 'Group', uri: ALL_USERS_URI },
              permission: 'WRITE',
            },
          ],
        },
      }),
      { defaultAcl: 'public-read' },
    );
    const marked = fleetAccessRows(map)
      .filter(r => r.beyondLevel)
      .map(r => [r.principalKind, r.action]);
    expect(marked).toEqual([['iam-user', 'write']]);
  });

  it('the level of each access level is what its generated policy reaches', () => {
    expect(levelCategoriesOf(settings)).toEqual(['read', 'list']);
    expect(
      levelCategoriesOf({ ...settings, accessLevel: 'read-write' }),
    ).toEqual(['read', 'list', 'write', 'delete']);
    expect(
      levelCategoriesOf({
        ...settings,
        accessLevel: 'full',
        defaultAcl: 'private',
      }),
    ).toEqual(['read', 'list', 'write', 'permissions']);
    expect(
      levelCategoriesOf({
        ...settings,
        accessLevel: 'custom',
        customActions: ['s3:GetObject'],
      }),
    ).toEqual(['read']);
  });

  it('reads ARNs of other partitions and statements with many stars without stalling', () => {
    const map = mapOf(
      runWith({
        policy: policyOf({
          Effect: 'Allow',
          Principal: { AWS: 'arn:aws-us-gov:iam::111122223333:user/gov' },
          Action: `s3:${'*'.repeat(200)}PutObject${'*'.repeat(200)}`,
          Resource: `arn:aws-us-gov:s3:::${'*'.repeat(500)}`,
        }),
      }),
    );
    expect(states(map, 'arn:aws-us-gov:iam::111122223333:user/gov').write).toBe(
      'granted',
    );
  });

  const PARTNER = '999988887777';
  const allow = (extra: Record<string, unknown>) => ({
    Effect: 'Allow',
    Principal: { AWS: PARTNER },
    Action: 's3:*',
    Resource: ['arn:aws:s3:::media', 'arn:aws:s3:::media/team/*'],
    ...extra,
  });

  it('compares keys case-sensitively: a Deny on TEAM/ does not deny team/', () => {
    const map = mapOf(
      runWith({
        policy: policyOf(allow({}), {
          Effect: 'Deny',
          Principal: '*',
          Action: 's3:*',
          Resource: ['arn:aws:s3:::media', 'arn:aws:s3:::media/TEAM/*'],
        }),
      }),
      { prefix: 'team/' },
    );
    expect(states(map, PARTNER).write).toBe('granted');
    expect(states(map, PARTNER).list).toBe('denied');
    // the ARN's own part is read whatever its case
    const upper = mapOf(
      runWith({
        policy: policyOf(allow({ Resource: 'ARN:AWS:S3:::media/team/*' })),
      }),
      { prefix: 'team/' },
    );
    expect(states(upper, PARTNER).write).toBe('granted');
  });

  it('reads ? as exactly one character, in actions and resources', () => {
    const map = mapOf(
      runWith({
        policy: policyOf(
          allow({ Action: 's3:?utObject', Resource: 'arn:aws:s3:::medi?/*' }),
        ),
      }),
    );
    expect(states(map, PARTNER).write).toBe('granted');
    expect(states(map, PARTNER).read).toBe('not-granted');
    const two = mapOf(
      runWith({
        policy: policyOf(allow({ Action: 's3:?PutObject' })),
      }),
    );
    expect(states(two, PARTNER).write).toBe('not-granted');
    // a Deny with ? is not certain to cover every key
    const deny = mapOf(
      runWith({
        policy: policyOf(allow({}), {
          Effect: 'Deny',
          Principal: '*',
          Action: 's3:*',
          Resource: ['arn:aws:s3:::media', 'arn:aws:s3:::media/tea?/*'],
        }),
      }),
      { prefix: 'team/' },
    );
    expect(states(deny, PARTNER).write).toBe('granted');
  });

  it('names each statement behind a finding, even when two share a Sid', () => {
    const map = mapOf(
      runWith({
        policy: policyOf(
          allow({ Sid: 'A', Action: 's3:PutObject' }),
          allow({ Sid: 'A', Action: 's3:DeleteObject' }),
        ),
      }),
    );
    const [beyond] = accessBeyondLevel(map);
    expect(beyond.sources.map(s => s.statementIndex)).toEqual([0, 1]);
  });

  it('ignores statements whose Effect is neither Allow nor Deny', () => {
    const map = mapOf(
      runWith({
        policy: policyOf(
          allow({ Effect: 'allow' }),
          { ...allow({}), Effect: undefined },
          allow({ Effect: 'deny', Principal: { AWS: OTHER_USER } }),
        ),
      }),
    );
    expect(map.rows.find(r => r.principal.id === PARTNER)).toBeUndefined();
    expect(map.rows.find(r => r.principal.id === OTHER_USER)).toBeUndefined();
  });

  it('leaves the LogDelivery group of server access logging out of beyond-level', () => {
    const map = mapOf(
      runWith({
        acl: {
          owner: OWNER,
          grants: [
            {
              grantee: {
                type: 'Group',
                uri: 'http://acs.amazonaws.com/groups/s3/LogDelivery',
              },
              permission: 'WRITE',
            },
          ],
        },
      }),
    );
    expect(accessBeyondLevel(map)).toEqual([]);
    const logging = map.rows.find(r => r.principal.kind === 'group')!;
    expect(logging.principal.label).toBe(
      'server access logging (group LogDelivery)',
    );
  });

  it('counts a principal named twice in a statement once', () => {
    const map = mapOf(
      runWith({
        policy: policyOf(
          allow({
            Principal: { AWS: [`arn:aws:iam::${PARTNER}:root`, PARTNER] },
          }),
        ),
      }),
    );
    expect(map.rows.filter(r => r.principal.id === PARTNER)).toHaveLength(1);
    expect(cell(map, PARTNER, 'write').sources).toHaveLength(1);
  });
});
