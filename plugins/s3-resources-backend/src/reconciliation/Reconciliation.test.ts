import { ReconciliationSource } from '@s3-resources/plugin-s3-resources-common';
import { NewEntry } from '../database/ReconciliationStore';
import { mockServices } from '@backstage/backend-test-utils';
import { Reconciliation, firstSeenOnce } from './Reconciliation';

const account: ReconciliationSource = {
  id: 'account',
  provider: 'ceph-rgw',
  endpoint: 'https://S3.example.test/',
  region: 'us-east-1',
  credential: { kind: 'aws-account', accountId: '111122223333' },
};
const key: ReconciliationSource = {
  id: 'key',
  provider: 'ceph-rgw',
  endpoint: 'https://s3.example.test',
  region: 'us-east-1',
  credential: {
    kind: 'resource',
    resourceId: 'r1',
    resourceName: 'alpha',
    accessKeyId: 'AKIA…1234',
  },
};
const shadow = (
  source: ReconciliationSource,
  tags?: Record<string, string>,
): NewEntry => ({
  kind: 'shadow',
  source,
  bucket: 'shadow-x',
  ...(tags ? { tags, tagOwner: 'group:default/team-a', tagKey: 'owner' } : {}),
  message: 'The bucket exists but no resource registers it',
});

describe('firstSeenOnce', () => {
  it('keeps one entry per location with the first source, whatever the endpoint spelling', () => {
    const unique = firstSeenOnce([shadow(account), shadow(key)]);
    expect([...unique.values()].map(e => e.source.id)).toEqual(['account']);
  });

  it('takes the tags a later source read when the first could not', () => {
    const unique = firstSeenOnce([
      shadow(account),
      shadow(key, { owner: 'group:default/team-a' }),
    ]);
    const [entry] = [...unique.values()];
    expect(unique.size).toBe(1);
    expect(entry.source.id).toBe('account');
    expect(entry.tagOwner).toBe('group:default/team-a');
  });
});

describe('Reconciliation.run', () => {
  // the overall deadline cannot be provoked on a real source in a test's
  // time: the stores and the discovery are stand-ins, the discovery must
  // not be called at all
  const runWith = async (maxMsPerRun: number, signal?: AbortSignal) => {
    const replaced: any[] = [];
    const survey = jest.fn();
    const reconciliation = Reconciliation.create({
      store: {
        async *all() {
          await new Promise(r => setTimeout(r, 30));
        },
      } as any,
      runs: { getMany: async () => new Map() },
      results: { replace: async (run: any) => replaced.push(run) } as any,
      discovery: { survey } as any,
      secretOf: async () => undefined,
      config: {
        enabled: true,
        awsAccounts: [{ accountId: '111122223333', buckets: [] }],
        maxCallsPerSource: 10,
        maxBucketsPerSource: 10,
        maxMsPerSource: 1000,
        maxMsPerRun,
        tagMaxAgeMs: 0,
        concurrency: 1,
      },
      logger: mockServices.logger.mock(),
    });
    await reconciliation.run('s1', signal);
    expect(survey).not.toHaveBeenCalled();
    return replaced[0];
  };

  it('stops at its overall deadline and says so for the sources not reached', async () => {
    const run = await runWith(1);
    expect(run.judged).toEqual([]);
    expect(run.sources[0].error).toBe(
      "Not listed: the run's overall deadline (0.001 s, maxSecondsPerRun) passed before this source",
    );
  });

  it('stops when the worker stops', async () => {
    const run = await runWith(60_000, AbortSignal.abort());
    expect(run.sources[0].error).toBe(
      'Not listed: the run stopped before this source',
    );
  });
});

describe('Reconciliation.run with two sources at one location', () => {
  it('reads a bucket’s tags once per run', async () => {
    const asked: string[][] = [];
    const reconciliation = Reconciliation.create({
      store: { async *all() {} } as any,
      runs: { getMany: async () => new Map() },
      results: {
        replace: async () => undefined,
        tagsOf: async () => new Map(),
        saveTags: async () => undefined,
      } as any,
      discovery: {
        survey: async (_source: unknown, want: any) => {
          const wanted = want.tagsWanted(['shared-x']);
          asked.push(wanted);
          return {
            names: ['shared-x'],
            heads: new Map(),
            tags: new Map(
              wanted.map((b: string) => [b, { tags: { owner: 'team-a' } }]),
            ),
            calls: 1 + wanted.length,
          };
        },
      } as any,
      secretOf: async () => undefined,
      config: {
        enabled: true,
        awsAccounts: [
          { accountId: '111122223333', buckets: [] },
          { accountId: '444455556666', buckets: [] },
        ],
        maxCallsPerSource: 10,
        maxBucketsPerSource: 10,
        maxMsPerSource: 1000,
        maxMsPerRun: 60_000,
        tagMaxAgeMs: 0,
        concurrency: 1,
      },
      logger: mockServices.logger.mock(),
    });
    await reconciliation.run('s1');
    expect(asked).toEqual([['shared-x'], []]);
  });
});
