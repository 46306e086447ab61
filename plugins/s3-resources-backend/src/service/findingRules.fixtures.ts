// Inputs for the finding rules' tests: a healthy resource and a healthy
// test run, each changed as a test needs.
import {
  StorageSample,
  TestRun,
  TestStepResult,
  generateLifecycleConfiguration,
  summarizeLifecycleRule,
} from '@s3-resources/plugin-s3-resources-common';
import { ResourceRow } from '../database/ResourceStore';
import { FindingInput, computeFindings } from './findingRules';

const NOW = new Date('2027-01-01T00:00:00.000Z');

export function rowOf(overrides: Partial<ResourceRow> = {}, settings = {}) {
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

/** The generated lifecycle rules (no prefix) as the lifecycle step records them. */
export const GENERATED_LIFECYCLE = generateLifecycleConfiguration({
  bucket: 'media-bucket',
  endpoint: undefined,
}).rules.map(summarizeLifecycleRule);

/** A scan that found nothing to worry about. */
export function storageOf(
  overrides: Partial<StorageSample> = {},
): StorageSample {
  return {
    objects: 10,
    bytes: 1000,
    byStorageClass: [],
    incompleteUploads: { count: 0, bytes: 0 },
    unknown: [],
    startedAt: NOW.toISOString(),
    takenAt: NOW.toISOString(),
    complete: true,
    keysScanned: 10,
    ...overrides,
  };
}

/** A run whose bucket steps saw a healthy bucket unless overridden. */
export function runOf(overrides: Record<string, Partial<TestStepResult>> = {}) {
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
    step('versioning', 'pass', { observed: { versioning: 'enabled' } }),
    step('lifecycle', 'pass', {
      observed: { lifecycleRules: GENERATED_LIFECYCLE },
    }),
    step('logging', 'pass', {
      observed: { logging: { enabled: true, targetBucket: 'logs' } },
    }),
    step('object-lock', 'pass', {
      observed: { objectLock: { enabled: false } },
    }),
    step('replication', 'pass', { observed: { replicationRules: [] } }),
    step('bucket-policy', 'pass', { observed: { bucketPolicy: null } }),
    step('bucket-acl', 'pass', {
      observed: {
        bucketAcl: {
          owner: { id: 'owner-id' },
          grants: [
            {
              grantee: { type: 'CanonicalUser', id: 'owner-id' },
              permission: 'FULL_CONTROL',
            },
          ],
        },
      },
    }),
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

/** A key no other resource stores. */
export const HEALTHY_CREDENTIALS: NonNullable<FindingInput['credentials']> = {
  keySharedWith: [],
};

export function judge(
  input: Partial<FindingInput> & { row?: ResourceRow } = {},
) {
  return computeFindings({
    row: input.row ?? rowOf(),
    test: input.test ?? { run: runOf() },
    catalog: 'catalog' in input ? input.catalog : { ownerExists: true },
    now: NOW,
    maxAccessKeyAgeDays: 90,
    appBaseUrl: 'http://localhost:3000/app',
    storage: 'storage' in input ? input.storage : storageOf(),
    credentials:
      'credentials' in input ? input.credentials : HEALTHY_CREDENTIALS,
  });
}

export const kinds = (verdict: ReturnType<typeof judge>) =>
  verdict.findings.map(f => `${f.kind}:${f.severity}`).sort();
