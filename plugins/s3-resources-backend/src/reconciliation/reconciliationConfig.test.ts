import { ConfigReader } from '@backstage/config';
import { readReconciliationConfig } from './reconciliationConfig';

const read = (reconciliation: any) =>
  readReconciliationConfig(
    new ConfigReader({ s3Resources: { reconciliation } }),
  );

describe('readReconciliationConfig', () => {
  it('defaults to no operator account and bounded sources', () => {
    expect(readReconciliationConfig(new ConfigReader({}))).toEqual({
      enabled: true,
      awsAccounts: [],
      maxCallsPerSource: 200,
      maxBucketsPerSource: 5000,
      maxMsPerSource: 60_000,
      maxMsPerRun: 900_000,
      tagMaxAgeMs: 24 * 3_600_000,
      concurrency: 8,
    });
  });

  it('reads accounts as ids or objects with explicit bucket names', () => {
    expect(
      read({
        awsAccounts: [
          '123456789012',
          {
            accountId: '210987654321',
            region: 'eu-west-1',
            buckets: ['shared-data'],
          },
        ],
      }).awsAccounts,
    ).toEqual([
      { accountId: '123456789012', buckets: [] },
      {
        accountId: '210987654321',
        region: 'eu-west-1',
        buckets: ['shared-data'],
      },
    ]);
  });

  it('reads and bounds the overall deadline of a run', () => {
    expect(read({ maxSecondsPerRun: 120 }).maxMsPerRun).toBe(120_000);
    expect(() => read({ maxSecondsPerRun: 0 })).toThrow(
      's3Resources.reconciliation.maxSecondsPerRun',
    );
  });

  it.each([
    [
      { awsAccounts: ['12345'] },
      's3Resources.reconciliation.awsAccounts[0]: must be a 12-digit AWS account ID [account-id-format]',
    ],
    [
      { awsAccounts: [{ accountId: '123456789012', endpoint: 'ftp://h' }] },
      's3Resources.reconciliation.awsAccounts[0].endpoint: must use https (or http where the operator allows it) [endpoint-scheme]',
    ],
    [
      { awsAccounts: [{ accountId: '123456789012', buckets: ['Bad_Name'] }] },
      's3Resources.reconciliation.awsAccounts[0].buckets[0]: may contain only lowercase letters',
    ],
    [
      { awsAccounts: [{ accountId: '123456789012', bucket: ['x'] }] },
      's3Resources.reconciliation.awsAccounts[0].bucket: is not a setting',
    ],
    [
      { awsAccounts: [{ accountId: '123456789012', buckets: 'x' }] },
      's3Resources.reconciliation.awsAccounts[0].buckets: must be a list of bucket names',
    ],
    [
      { awsAccounts: [{ accountId: '123456789012', provider: 's4' }] },
      's3Resources.reconciliation.awsAccounts[0].provider: must be one of',
    ],
    [
      { maxCallsPerSource: 0 },
      's3Resources.reconciliation.maxCallsPerSource: must be a whole number from 1 to 100000',
    ],
  ])('refuses %j naming the key', (section, message) => {
    expect(() => read(section)).toThrow(message);
  });
});
