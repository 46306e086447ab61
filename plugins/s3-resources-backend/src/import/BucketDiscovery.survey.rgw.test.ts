import { CreateBucketCommand, DeleteBucketCommand } from '@aws-sdk/client-s3';
import { ConfigReader } from '@backstage/config';
import {
  TemporaryUser,
  createTemporaryUser,
  getTestS3,
  randomSuffix,
  requireEnforcingServer,
  s3ClientFor,
  s3ClientWithCredentials,
} from '@internal/s3-test-harness';
import { ConnectionTester } from '../connectionTest/ConnectionTester';
import { EndpointPolicy } from '../connectionTest/EndpointPolicy';
import { LOCAL_TEST_ENDPOINTS } from '../__testUtils__/testBackend';
import { BucketDiscovery } from './BucketDiscovery';

jest.setTimeout(60_000);

/** The bounded look reconciliation takes at a source, on a real RGW user. */
describe('BucketDiscovery.survey on Ceph RGW', () => {
  let user: TemporaryUser;
  const prefix = `survey-${randomSuffix().slice(0, 6)}`;
  const buckets = [0, 1, 2, 3, 4].map(i => `${prefix}-${i}`);

  beforeAll(async () => {
    requireEnforcingServer('the survey of a source');
    user = await createTemporaryUser('s3r-survey');
    const s3 = s3ClientWithCredentials(user.credentials);
    for (const bucket of buckets) {
      await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    }
    s3.destroy();
  });

  afterAll(async () => {
    await user?.remove();
  });

  const discovery = () => {
    const config = new ConfigReader({
      s3Resources: { endpoints: { allow: [LOCAL_TEST_ENDPOINTS] } },
    });
    const tester = ConnectionTester.fromConfig(config, {
      endpointPolicy: EndpointPolicy.fromConfig(config),
    });
    return new BucketDiscovery(tester.endpointPolicy, tester.awsAccounts, {
      concurrency: 2,
      deadlineMs: 30_000,
      maxBuckets: 100,
      connectTimeoutMs: 2_000,
      requestTimeoutMs: 5_000,
    });
  };
  const source = () => ({
    provider: 'ceph-rgw' as const,
    endpoint: getTestS3().endpoint,
    auth: {
      method: 'access-key' as const,
      accessKeyId: user.credentials.accessKeyId,
      secretAccessKey: user.credentials.secretAccessKey,
    },
  });

  it('lists, checks explicit names, reads tags in order, and stops at its call budget', async () => {
    const survey = await discovery().survey(source(), {
      explicit: [`${prefix}-nowhere`],
      tagsWanted: listed => [...listed].reverse(),
      maxCalls: 4,
    });
    expect(survey.names.sort()).toEqual(buckets);
    expect(survey.heads.get(`${prefix}-nowhere`)).toEqual({ exists: false });
    // one listing page, one HeadBucket, then two of the five tag reads
    expect(survey.calls).toBe(4);
    expect([...survey.tags.keys()].sort()).toEqual([buckets[3], buckets[4]]);
    expect(survey.tags.get(buckets[4])).toEqual({ tags: {} });
    expect(survey.incomplete?.reason).toBe('max-calls');
  });

  it('says a run stopped after listing is incomplete, and a budget spent exactly is not', async () => {
    const stop = new AbortController();
    const stopped = await discovery().survey(
      source(),
      {
        explicit: [],
        tagsWanted: listed => {
          // the deadline passes between listing and reading tags
          stop.abort();
          return listed;
        },
        maxCalls: 100,
      },
      stop.signal,
    );
    expect(stopped.names.sort()).toEqual(buckets);
    expect(stopped.tags.size).toBe(0);
    expect(stopped.incomplete?.reason).toBe('cancelled');

    // one listing page and the five tag reads: everything was read
    const exact = await discovery().survey(source(), {
      explicit: [],
      tagsWanted: listed => listed,
      maxCalls: 6,
    });
    expect(exact.calls).toBe(6);
    expect(exact.tags.size).toBe(5);
    expect(exact.incomplete).toBeUndefined();
  });

  it('reads the tags of explicit names that exist but are not listed', async () => {
    // another user's bucket: HeadBucket answers 403 (exists), ListBuckets
    // of the surveyed user does not show it
    const foreign = `${prefix}-foreign`;
    const other = s3ClientFor('other');
    await other.send(new CreateBucketCommand({ Bucket: foreign }));
    try {
      const asked: string[][] = [];
      const survey = await discovery().survey(source(), {
        explicit: [foreign, `${prefix}-nowhere`],
        tagsWanted: names => {
          asked.push(names);
          return names.filter(n => n === foreign);
        },
        maxCalls: 10,
      });
      expect(survey.heads.get(foreign)).toMatchObject({ exists: true });
      expect(asked[0]).toContain(foreign);
      expect(asked[0]).not.toContain(`${prefix}-nowhere`);
      expect(survey.tags.get(foreign)).toBeDefined();
    } finally {
      await other.send(new DeleteBucketCommand({ Bucket: foreign }));
      other.destroy();
    }
  });

  it('answers an error, not an empty list, when the source refuses', async () => {
    const survey = await discovery().survey(
      {
        ...source(),
        auth: { ...source().auth, secretAccessKey: 'not-the-secret' },
      },
      { explicit: [], tagsWanted: () => [], maxCalls: 10 },
    );
    expect(survey.names).toEqual([]);
    expect(survey.error).toMatch(/could not list buckets/);
  });
});
