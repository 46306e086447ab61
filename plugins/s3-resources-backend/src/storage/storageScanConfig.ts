import { Config } from '@backstage/config';
import { StorageScanBudget } from './StorageScanner';
import { wholeNumberReader } from '../service/wholeNumberConfig';

export type StorageScanConfig = {
  enabled: boolean;
  /** What one scan run may spend; a larger prefix is scanned across sweeps. */
  budget: StorageScanBudget;
};

/** `s3Resources.storageScan.*` with its defaults; bad values stop the backend with the key named. */
export function readStorageScanConfig(config: Config): StorageScanConfig {
  const scan = config.getOptionalConfig('s3Resources.storageScan');
  const wholeNumber = wholeNumberReader(scan, 's3Resources.storageScan');
  return {
    enabled: scan?.getOptionalBoolean('enabled') ?? true,
    budget: {
      maxKeys: wholeNumber('maxKeysPerRun', 100_000, 1, 100_000_000),
      maxMs: wholeNumber('maxSecondsPerRun', 20, 1, 3600) * 1000,
      maxRequests: wholeNumber('maxRequestsPerRun', 300, 1, 1_000_000),
    },
  };
}
