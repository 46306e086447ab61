import {
  AccessMap,
  FleetStorage,
  computeAccessMap,
  generateIamPolicy,
  AuditFinding,
  AuditSweepRun,
  FINDING_KINDS,
  FindingKind,
  FindingSummary,
  ResourcePolicies,
  S3Resource,
  STEP_TITLES,
  TestRun,
  TestStepResult,
  generateLifecycleConfiguration,
  isStepId,
} from '@s3-resources/plugin-s3-resources-common';
import { S3ResourcesApi } from '../api/S3ResourcesApi';
import { makeDetails, makeListing } from './objects';

export function makeResource(overrides: Partial<S3Resource> = {}): S3Resource {
  return {
    id: '7d4d1f1e-2b7a-4a38-9a55-0c2f0f6a1a11',
    name: 'team-a-media',
    title: 'Team A media',
    description: 'Uploads of the media tool',
    owner: 'group:default/team-a',
    tags: ['media'],
    provider: 'ceph-rgw',
    bucket: 'team-a-media',
    region: 'us-east-1',
    endpoint: 'http://127.0.0.1:7480',
    forcePathStyle: true,
    defaultAcl: 'none',
    accessLevel: 'read-write',
    cors: { origins: ['http://localhost:3000'], uploadMode: 'simple-put' },
    auth: {
      method: 'access-key',
      accessKeyId: '****************KEY1',
      hasSecret: true,
    },
    status: {
      lastTest: {
        status: 'pass',
        at: new Date(Date.now() - 5 * 60_000).toISOString(),
        runId: 'run-1',
      },
    },
    entityRef: 'resource:default/team-a-media',
    version: 3,
    createdAt: '2025-01-01T10:00:00.000Z',
    createdBy: 'user:default/alice',
    updatedAt: '2025-01-02T10:00:00.000Z',
    updatedBy: 'user:default/alice',
    ...overrides,
  };
}

export function makeStep(
  id: string,
  overrides: Partial<TestStepResult> = {},
): TestStepResult {
  return {
    id,
    title: isStepId(id) ? STEP_TITLES[id] : id,
    status: 'pass',
    durationMs: 12,
    message: `${id} ok`,
    ...overrides,
  };
}

export function makeRun(overrides: Partial<TestRun> = {}): TestRun {
  return {
    id: 'run-1',
    resourceId: '7d4d1f1e-2b7a-4a38-9a55-0c2f0f6a1a11',
    status: 'pass',
    startedAt: '2025-01-03T10:00:00.000Z',
    durationMs: 850,
    steps: [makeStep('credentials'), makeStep('bucket')],
    initiatedBy: 'user:default/alice',
    ...overrides,
  };
}

const policy = (json: object) => ({
  policy: json as any,
  json: JSON.stringify(json, null, 2),
  reasons: [
    {
      action: 's3:GetObject',
      resource: 'arn:aws:s3:::team-a-media/*',
      reason: 'Download objects',
    },
  ],
  notes: ['ACL actions are left out: uploads send no ACL.'],
  size: 120,
  maxSize: 6144,
});

export function makePolicies(): ResourcePolicies {
  return {
    iamPolicy: policy({ Version: '2012-10-17', Statement: [{ Sid: 'Read' }] }),
    bucketPolicy: policy({
      Version: '2012-10-17',
      Statement: [{ Sid: 'Bucket' }],
    }),
    cors: {
      configuration: { CORSRules: [] },
      console: [],
      json: '{\n  "CORSRules": []\n}',
      command:
        "aws s3api put-bucket-cors --bucket team-a-media --cors-configuration '{}'",
      reasons: [{ method: 'GET', reason: 'Download objects' }],
      notes: [],
    },
    lifecycle: generateLifecycleConfiguration({ bucket: 'team-a-media' }),
    notes: ['No trust policy: the resource does not assume a role.'],
  };
}

export function makeFinding(
  overrides: Partial<AuditFinding> = {},
): AuditFinding {
  return {
    id: 'finding-1',
    resourceId: '7d4d1f1e-2b7a-4a38-9a55-0c2f0f6a1a11',
    resourceName: 'team-a-media',
    owner: 'group:default/team-a',
    kind: 'no-default-encryption',
    severity: 'medium',
    message: 'Bucket team-a-media has no default encryption',
    fix: 'aws s3api put-bucket-encryption --bucket team-a-media …',
    firstSeenAt: '2025-01-03T10:00:00.000Z',
    lastSeenAt: '2025-01-04T10:00:00.000Z',
    sweepId: 'sweep-1',
    ...overrides,
  };
}

/** Counts for every severity and kind (0 unless given). */
export function makeSummary(
  overrides: Partial<FindingSummary> = {},
): FindingSummary {
  return {
    total: 0,
    resources: 0,
    unswept: 0,
    bySeverity: { info: 0, low: 0, medium: 0, high: 0 },
    byKind: Object.fromEntries(FINDING_KINDS.map(k => [k.kind, 0])) as Record<
      FindingKind,
      number
    >,
    ...overrides,
  };
}

export function makeSweep(
  overrides: Partial<AuditSweepRun> = {},
): AuditSweepRun {
  return {
    id: 'sweep-1',
    startedAt: '2025-01-04T10:00:00.000Z',
    finishedAt: '2025-01-04T10:00:05.000Z',
    instanceId: 'host:123:abc',
    resourcesChecked: 4,
    findings: 3,
    outcome: 'success',
    ...overrides,
  };
}

/** A fleet view with no resources scanned. */
/**
 * A read-only resource's access map, computed by the real function: the
 * bucket policy grants arn:aws:iam:::user/other PutObject, and the ACL
 * could not be read.
 */
export function makeAccessMap(): AccessMap {
  const settings = { ...makeResource(), accessLevel: 'read' as const };
  return computeAccessMap({
    resourceId: settings.id,
    settings,
    portal: {
      id: '****************KEY1',
      description: 'access key ****************KEY1',
    },
    iamPolicy: generateIamPolicy(settings).policy,
    run: makeRun({
      startedAt: '2026-01-02T10:00:00.000Z',
      steps: [
        makeStep('bucket-policy', {
          observed: {
            bucketPolicy: {
              Version: '2012-10-17',
              Statement: [
                {
                  Sid: 'OtherWrites',
                  Effect: 'Allow',
                  Principal: { AWS: 'arn:aws:iam:::user/other' },
                  Action: 's3:PutObject',
                  Resource: 'arn:aws:s3:::team-a-media/*',
                },
              ],
            },
          },
        }),
        makeStep('bucket-acl', {
          status: 'skipped',
          message: 'Unknown: GetBucketAcl was denied (grant s3:GetBucketAcl)',
        }),
      ],
    }),
  });
}

export function makeFleet(overrides: Partial<FleetStorage> = {}): FleetStorage {
  const group = {
    key: 'all',
    resources: 0,
    scanned: 0,
    objects: 0,
    bytes: 0,
    wasteBytes: 0,
    highFindings: 0,
    mediumFindings: 0,
    lowFindings: 0,
    infoFindings: 0,
  };
  return {
    generatedAt: '2026-01-02T10:00:00.000Z',
    periodDays: 7,
    totals: group,
    byOwner: [],
    byProvider: [],
    largest: [],
    fastestGrowing: [],
    waste: [],
    ...overrides,
  };
}

/** An API whose every method is a jest mock; pass implementations to override. */
export function mockS3Api(
  impl: Partial<S3ResourcesApi> = {},
): jest.Mocked<S3ResourcesApi> {
  return {
    listResources: jest.fn(async () => ({ items: [], totalCount: 0 })),
    getResource: jest.fn(async () => makeResource()),
    updateResource: jest.fn(async () => makeResource()),
    deleteResource: jest.fn(async () => undefined),
    getPolicies: jest.fn(async () => makePolicies()),
    getStorage: jest.fn(async (id: string) => ({
      resourceId: id,
      history: [],
    })),
    getAccessMap: jest.fn(async () => ({
      map: makeAccessMap(),
      findings: [],
    })),
    compareConfiguration: jest.fn(async (id: string) => ({
      resourceId: id,
      checkedAt: '2026-01-02T10:00:00.000Z',
      documents: [],
    })),
    getFleetStorage: jest.fn(async () => makeFleet()),
    exportFleetStorage: jest.fn(async () => new Blob([''])),
    testResource: jest.fn(async () => makeRun()),
    issueExternalId: jest.fn(
      async () => 'issued-external-id-0000000000000000000000000.xyz.mac',
    ),
    testConfiguration: jest.fn(async () => makeRun()),
    listTestRuns: jest.fn(async () => ({ items: [] })),
    listAudit: jest.fn(async () => ({ items: [] })),
    exportAudit: jest.fn(async () => new Blob([''])),
    listFindings: jest.fn(async () => ({ items: [], totalCount: 0 })),
    getFindingSummary: jest.fn(async () => makeSummary()),
    exportFindings: jest.fn(async () => new Blob([''])),
    listSweeps: jest.fn(async () => ({ items: [] })),
    triggerSweep: jest.fn(async () => ({
      taskId: 's3-resources:audit-sweep',
      status: 'triggered' as const,
    })),
    discoverBuckets: jest.fn(async () => []),
    importBuckets: jest.fn(async () => ({
      created: 0,
      exists: 0,
      failed: 0,
      results: [],
    })),
    listObjects: jest.fn(async () => makeListing()),
    getObject: jest.fn(async () => makeDetails()),
    deleteObject: jest.fn(async () => undefined),
    linkObject: jest.fn(async () => ({
      url: 'http://127.0.0.1:7480/team-a-media/media/readme.txt?X-Amz-Signature=s',
      expiresAt: '2026-01-02T11:00:00.000Z',
    })),
    startUpload: jest.fn(),
    completeUpload: jest.fn(async () => makeDetails()),
    abortUpload: jest.fn(async () => undefined),
    createShareLink: jest.fn(),
    listShareLinks: jest.fn(async () => ({ items: [] })),
    exportShareLinks: jest.fn(async () => new Blob([''])),
    listReconciliation: jest.fn(async () => ({
      items: [],
      totalCount: 0,
      sources: [],
    })),
    exportReconciliation: jest.fn(async () => new Blob([''])),
    ...impl,
  } as jest.Mocked<S3ResourcesApi>;
}

/** A promise with its resolve/reject exposed, to control timing in tests. */
export function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}
