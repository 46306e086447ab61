import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import {
  CreateResourceRequest,
  TestRun,
  applyCreateDefaults,
} from '@s3-resources/plugin-s3-resources-common';
import { TestServer } from '../../__testUtils__/networkServers';
import { AwsAccountCredentials } from '../AwsAccountCredentials';
import {
  ConnectionTestTarget,
  ConnectionTester,
  ConnectionTestTimeouts,
} from '../ConnectionTester';
import { EndpointAllowEntry, EndpointPolicy } from '../EndpointPolicy';

const KEYS = {
  method: 'access-key' as const,
  accessKeyId: 'AKIDNETWORKTEST00001',
  secretAccessKey: 'network-test-secret-key-000000000000000',
};

/** The backend log: what operators see and users do not. */
export const logger = mockServices.logger.mock();
export const warnings = () =>
  logger.warn.mock.calls.map(([message]) => message);

export function tester(
  entries: EndpointAllowEntry[],
  timeouts: Partial<ConnectionTestTimeouts> = {},
  config: object = {},
  allowAmbientCredentials = false,
) {
  return ConnectionTester.create({
    endpointPolicy: EndpointPolicy.create(entries),
    awsAccounts: AwsAccountCredentials.fromConfig(new ConfigReader(config), {
      allowAmbientCredentials,
    }),
    timeouts,
    logger,
  });
}

export const local = (port: number): EndpointAllowEntry => ({
  host: '127.0.0.1',
  ports: [port],
  allowHttp: true,
  allowPrivateAddresses: true,
});

export function target(
  endpoint: string | undefined,
  extra: Partial<CreateResourceRequest> = {},
): ConnectionTestTarget {
  const { auth: _auth, ...settings } = applyCreateDefaults(
    {
      name: 'net-test',
      owner: 'group:default/team-a',
      provider: 'other',
      bucket: 'net-test-bucket',
      ...(endpoint ? { endpoint } : {}),
      auth: KEYS,
      ...extra,
    } as CreateResourceRequest,
    'http://localhost:3000',
  );
  return { settings, auth: KEYS };
}

export const step = (run: TestRun, id: string) =>
  run.steps.find(s => s.id === id)!;
/** The steps that call the bucket (with the default settings of `target`). */
export const BUCKET_CALLS = [
  'region',
  'list',
  'cors',
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
export const networkSteps = (run: TestRun) =>
  run.steps.filter(s => ['bucket', ...BUCKET_CALLS].includes(s.id));
export const failed = (run: TestRun) =>
  run.steps.filter(s => s.status === 'fail').map(s => s.id);

/** The calls after `finder` that ran into its cause are skipped, naming it. */
export function expectSaidOnce(run: TestRun, ids: string[], says: string) {
  for (const id of ids) {
    expect(step(run, id)).toEqual(
      expect.objectContaining({
        status: 'skipped',
        message: `Not run: ${says} (see Bucket reachable)`,
      }),
    );
    expect(step(run, id).errorCode).toBeUndefined();
  }
}

/**
 * The local servers of a suite, closed after each test (with the mocks and
 * the log). Call inside `describe`: it registers the suite's hooks.
 */
export function useLocalServers() {
  const servers: TestServer[] = [];
  const serve = async (s: Promise<TestServer>) => {
    const server = await s;
    servers.push(server);
    return server;
  };
  afterEach(async () => {
    jest.restoreAllMocks();
    logger.warn.mockClear();
    for (const s of servers.splice(0)) await s.close();
  });
  return serve;
}
