import {
  PutBucketCorsCommand,
  PutPublicAccessBlockCommand,
} from '@aws-sdk/client-s3';
import { ConfigReader } from '@backstage/config';
import {
  createTestBucket,
  getTestS3,
  requireEnforcingServer,
  s3ClientFor,
  TestBucket,
  TestRole,
  TestUser,
} from '@internal/s3-test-harness';
import {
  CreateResourceRequest,
  TestRun,
  TestStepResult,
  applyCreateDefaults,
  generateCorsConfiguration,
} from '@s3-resources/plugin-s3-resources-common';
import {
  TestServer,
  startRecordingProxy,
} from '../../__testUtils__/networkServers';
import { AwsAccountCredentials } from '../AwsAccountCredentials';
import {
  ConnectionTestTarget,
  ConnectionTester,
  ConnectionTestTimeouts,
  TestAuth,
} from '../ConnectionTester';
import { EndpointPolicy } from '../EndpointPolicy';

export const APP = 'http://localhost:3000';

export function testerFor(
  ports: number[],
  timeouts: Partial<ConnectionTestTimeouts> = {},
  extra: { onRequest?: () => void; config?: object } = {},
): ConnectionTester {
  return ConnectionTester.create({
    endpointPolicy: EndpointPolicy.create([
      {
        host: '127.0.0.1',
        ports,
        allowHttp: true,
        allowPrivateAddresses: true,
      },
    ]),
    awsAccounts: AwsAccountCredentials.fromConfig(
      new ConfigReader(extra.config ?? {}),
      { allowAmbientCredentials: false },
    ),
    timeouts,
    onRequest: extra.onRequest,
  });
}

export function targetFor(
  request: Partial<CreateResourceRequest> & { bucket: string },
  auth: TestAuth,
  endpoint = getTestS3().endpoint,
): ConnectionTestTarget {
  const { auth: _ignored, ...settings } = applyCreateDefaults(
    {
      name: 'conn-test',
      owner: 'group:default/team-a',
      provider: 'ceph-rgw',
      endpoint,
      auth: { method: 'access-key', accessKeyId: 'x' },
      ...request,
    } as CreateResourceRequest,
    APP,
  );
  return { settings, auth };
}

export const keysOf = (user: TestUser): TestAuth => ({
  method: 'access-key',
  ...getTestS3().users[user],
});

export const stepOf = (run: TestRun, id: string): TestStepResult => {
  const step = run.steps.find(s => s.id === id);
  if (!step) throw new Error(`no step ${id} in ${JSON.stringify(run)}`);
  return step;
};

export const summary = (run: TestRun) =>
  Object.fromEntries(run.steps.map(s => [s.id, s.status]));

/** The steps that call the bucket besides HeadBucket (no write probe; Ceph has ACLs). */
export const BUCKET_CALLS = [
  'region',
  'list',
  'cors',
  'ownership',
  'public-access',
  'encryption',
  'versioning',
  'lifecycle',
  'logging',
  'object-lock',
  'replication',
  'bucket-policy',
  'bucket-acl',
  'storage',
];

export const failedSteps = (run: TestRun) =>
  run.steps.filter(s => s.status === 'fail').map(s => s.id);

export const corsFor = (bucket: string) =>
  generateCorsConfiguration({
    bucket,
    origins: [APP],
    uploadMode: 'download-only',
  }).configuration;

/**
 * The buckets, roles and proxies of a suite against Ceph RGW, removed after
 * each test. Call inside `describe`: it registers the suite's hooks.
 */
export function useRgwFixture() {
  const cleanups: Array<() => Promise<void>> = [];
  const track = <T extends TestBucket | TestRole>(x: T): T => {
    cleanups.push(() => x.cleanup());
    return x;
  };
  const servers: TestServer[] = [];
  const rgwPort = () => Number(new URL(getTestS3().endpoint).port);

  beforeAll(() => requireEnforcingServer('connection tests'));
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
    for (const s of servers.splice(0)) await s.close();
  });

  async function bucketWithCors(prefix: string) {
    const b = track(await createTestBucket(prefix));
    await s3ClientFor('tester').send(
      new PutBucketCorsCommand({
        Bucket: b.bucket,
        CORSConfiguration: corsFor(b.bucket),
      }),
    );
    // public policies are restricted: nothing for the test to warn about
    // (other settings stay off: the write probe sets an ACL, tests put policies)
    await s3ClientFor('tester').send(
      new PutPublicAccessBlockCommand({
        Bucket: b.bucket,
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: false,
          IgnorePublicAcls: false,
          BlockPublicPolicy: false,
          RestrictPublicBuckets: true,
        },
      }),
    );
    return b;
  }

  async function proxy(options: { latencyMs?: number } = {}) {
    const p = await startRecordingProxy(
      { host: '127.0.0.1', port: rgwPort() },
      options,
    );
    servers.push(p);
    return p;
  }

  return { track, rgwPort, bucketWithCors, proxy };
}
