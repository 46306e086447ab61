import { ConfigReader } from '@backstage/config';
import { readStorageScanConfig } from './storageScanConfig';

const read = (storageScan: object) =>
  readStorageScanConfig(new ConfigReader({ s3Resources: { storageScan } }));

describe('readStorageScanConfig', () => {
  it('has defaults that scan a prefix in runs of 20 seconds', () => {
    expect(readStorageScanConfig(new ConfigReader({}))).toEqual({
      enabled: true,
      budget: { maxKeys: 100_000, maxMs: 20_000, maxRequests: 300 },
    });
    expect(
      read({
        enabled: false,
        maxKeysPerRun: 7,
        maxSecondsPerRun: 1,
        maxRequestsPerRun: 2,
      }),
    ).toEqual({
      enabled: false,
      budget: { maxKeys: 7, maxMs: 1000, maxRequests: 2 },
    });
  });

  it.each([
    [
      'maxKeysPerRun',
      0,
      's3Resources.storageScan.maxKeysPerRun: must be a whole number from 1 to 100000000',
    ],
    [
      'maxSecondsPerRun',
      2.5,
      's3Resources.storageScan.maxSecondsPerRun: must be a whole number from 1 to 3600',
    ],
    [
      'maxSecondsPerRun',
      3601,
      's3Resources.storageScan.maxSecondsPerRun: must be a whole number from 1 to 3600',
    ],
    [
      'maxRequestsPerRun',
      -1,
      's3Resources.storageScan.maxRequestsPerRun: must be a whole number from 1 to 1000000',
    ],
  ])('refuses %s %p, naming the key and the rule', (key, value, message) => {
    expect(() => read({ [key]: value })).toThrow(message);
  });

  it('refuses a value of the wrong type, naming the key', () => {
    expect(() => read({ maxKeysPerRun: 'lots' })).toThrow(
      /s3Resources\.storageScan\.maxKeysPerRun/,
    );
  });
});
