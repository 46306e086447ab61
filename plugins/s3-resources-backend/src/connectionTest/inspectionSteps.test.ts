import { rowOf } from '../service/findingRules.fixtures';
import { settingsOf } from '../service/resourceView';
import {
  MAX_OBSERVED_CHARS,
  bucketPolicyStep,
  lifecycleStep,
  loggingStep,
  replicationStep,
} from './inspectionSteps';
import { BucketStepContext } from './stepKit';

// What Ceph RGW cannot show: Amazon S3's answers, and answers too large or
// malformed to keep. The steps against RGW are in inspectionSteps.rgw.test.ts.

const aws = settingsOf(
  rowOf(
    { provider: 'aws', endpointKey: '' },
    { endpoint: undefined, forcePathStyle: false },
  ),
);

function contextFor(answer: () => unknown, settings = aws): BucketStepContext {
  return {
    send: (async () => answer()) as unknown as BucketStepContext['send'],
    settings,
    host: 's3.us-east-1.amazonaws.com',
    writeProbe: false,
    runId: 'run-1',
    requestTimeoutMs: 1000,
    deadlineMs: 10_000,
  };
}

const error = (name: string, httpStatusCode: number) => () => {
  throw Object.assign(new Error(name), { name, $metadata: { httpStatusCode } });
};

describe('inspection steps on answers Ceph RGW does not give', () => {
  it('takes an empty logging answer from Amazon S3 as off, and one elsewhere as unknown', async () => {
    expect(await loggingStep(contextFor(() => ({})))).toMatchObject({
      status: 'pass',
      observed: { logging: { enabled: false } },
    });
    const rgw = settingsOf(rowOf());
    expect(await loggingStep(contextFor(() => ({}), rgw))).toEqual({
      status: 'skipped',
      message: 'Unknown: Ceph RADOS Gateway does not report access logging',
    });
    // a log bucket named is believed anywhere
    expect(
      await loggingStep(
        contextFor(
          () => ({
            LoggingEnabled: { TargetBucket: 'logs', TargetPrefix: 'media/' },
          }),
          rgw,
        ),
      ),
    ).toMatchObject({
      observed: {
        logging: {
          enabled: true,
          targetBucket: 'logs',
          targetPrefix: 'media/',
        },
      },
    });
  });

  it("reads Amazon S3's replication: none (404), and rules with their destinations", async () => {
    expect(
      await replicationStep(
        contextFor(error('ReplicationConfigurationNotFoundError', 404)),
      ),
    ).toMatchObject({ status: 'pass', observed: { replicationRules: [] } });
    const step = await replicationStep(
      contextFor(() => ({
        ReplicationConfiguration: {
          Role: 'arn:aws:iam::111111111111:role/replication',
          Rules: [
            {
              ID: 'dr',
              Status: 'Enabled',
              Destination: {
                Bucket: 'arn:aws:s3:::dr-copy',
                Account: '222222222222',
              },
            },
          ],
        },
      })),
    );
    expect(step).toMatchObject({
      status: 'pass',
      message:
        'Objects are replicated to arn:aws:s3:::dr-copy (account 222222222222)',
      observed: {
        replicationRules: [
          {
            id: 'dr',
            enabled: true,
            destinationBucket: 'arn:aws:s3:::dr-copy',
            destinationAccount: '222222222222',
          },
        ],
      },
    });
  });

  it('says a provider does not report a call it does not implement', async () => {
    expect(
      await lifecycleStep(contextFor(error('NotImplemented', 501))),
    ).toMatchObject({
      status: 'skipped',
      message: 'Unknown: Amazon S3 does not report lifecycle rules',
      httpStatus: 501,
    });
  });

  it('keeps no fact it cannot keep small or read', async () => {
    const rules = Array.from({ length: 400 }, (_, i) => ({
      ID: `rule-${i}-${'x'.repeat(100)}`,
      Status: 'Enabled',
      Filter: { Prefix: `p${i}/` },
      Expiration: { Days: 1 },
    }));
    const large = await lifecycleStep(contextFor(() => ({ Rules: rules })));
    expect(large).toEqual({
      status: 'skipped',
      message: `Unknown: the bucket's lifecycle rules are larger than the test keeps (${MAX_OBSERVED_CHARS} characters)`,
    });
    expect(
      await bucketPolicyStep(contextFor(() => ({ Policy: '{not json' }))),
    ).toMatchObject({
      status: 'skipped',
      message: expect.stringMatching(/^Unknown: /),
    });
  });
});
