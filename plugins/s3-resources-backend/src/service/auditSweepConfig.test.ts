import { ConfigReader } from '@backstage/config';
import { readAuditSweepConfig } from './auditSweepConfig';

const read = (audit: object) =>
  readAuditSweepConfig(new ConfigReader({ s3Resources: { audit } }));

describe('readAuditSweepConfig', () => {
  it('has defaults for sharing a sweep between instances', () => {
    expect(read({})).toMatchObject({
      enabled: true,
      concurrency: 4,
      batchSize: 50,
      leaseSeconds: 60,
      pollSeconds: 5,
      roleTrustCacheHours: 24,
    });
    expect(
      read({ batchSize: 5, leaseSeconds: 2, pollSeconds: 1 }),
    ).toMatchObject({ batchSize: 5, leaseSeconds: 2, pollSeconds: 1 });
  });

  it.each([
    [
      'batchSize',
      0,
      's3Resources.audit.batchSize: must be a whole number from 1 to 1000',
    ],
    [
      'batchSize',
      1001,
      's3Resources.audit.batchSize: must be a whole number from 1 to 1000',
    ],
    [
      'leaseSeconds',
      1,
      's3Resources.audit.leaseSeconds: must be a whole number from 2 to 3600',
    ],
    [
      'pollSeconds',
      1.5,
      's3Resources.audit.pollSeconds: must be a whole number from 1 to 3600',
    ],
    [
      'roleTrustCacheHours',
      0,
      's3Resources.audit.roleTrustCacheHours: must be a whole number from 1 to 720',
    ],
    [
      'concurrency',
      65,
      's3Resources.audit.concurrency: must be a whole number from 1 to 64',
    ],
  ])('refuses %s %p, naming the key and the rule', (key, value, message) => {
    expect(() => read({ [key]: value })).toThrow(message);
  });
});
