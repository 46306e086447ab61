import { PROVIDER_IDS, PROVIDER_PROFILES } from '../providers';
import { partitionForRegion } from './partition';
import { validateRegion } from './region';

describe('validateRegion', () => {
  it.each([
    'us-east-1',
    'eu-west-1',
    'eu-central-2',
    'ap-southeast-5',
    'il-central-1',
    'us-gov-west-1',
    'cn-north-1',
    'cn-northwest-1',
    'us-iso-east-1',
    'us-isob-east-1',
  ])('accepts AWS region %s', region => {
    expect(validateRegion(region, { provider: 'aws' })).toBeUndefined();
  });

  it.each(['us-east-1a', 'US-EAST-1', 'useast1', 'eu-west-1 '])(
    'refuses %j on AWS (an availability zone, upper case, no dashes, a space)',
    region => {
      expect(validateRegion(region, { provider: 'aws' })?.rule).toBe(
        'region-aws-format',
      );
    },
  );

  it('accepts auto and the us-east-1 alias on R2', () => {
    expect(validateRegion('auto', { provider: 'r2' })).toBeUndefined();
    expect(validateRegion('us-east-1', { provider: 'r2' })).toBeUndefined();
  });

  it.each(['auto', 'us-central1', 'europe-west4', 'eu'])(
    'accepts %s on GCS',
    region => {
      expect(validateRegion(region, { provider: 'gcs' })).toBeUndefined();
    },
  );

  it.each(['default', 'zonegroup_a', 'us-east-1', 'MyRegion', 'de-fra.1'])(
    'accepts free-form but safe region %s on Ceph RGW',
    region => {
      expect(validateRegion(region, { provider: 'ceph-rgw' })).toBeUndefined();
    },
  );

  it.each(['eu west', 'eu/west', '-eu', 'eu\n', 'ü', 'a'.repeat(65)])(
    'refuses unsafe region %j on S3-compatible services',
    region => {
      expect(validateRegion(region, { provider: 'other' })?.rule).toBe(
        'region-charset',
      );
    },
  );

  it('accepts every provider default region', () => {
    for (const id of PROVIDER_IDS) {
      expect(
        validateRegion(PROVIDER_PROFILES[id].defaultRegion, { provider: id }),
      ).toBeUndefined();
    }
  });
});

describe('partitionForRegion', () => {
  it.each([
    ['us-east-1', 'aws'],
    ['eu-west-1', 'aws'],
    ['cn-north-1', 'aws-cn'],
    ['us-gov-west-1', 'aws-us-gov'],
    ['us-iso-east-1', 'aws-iso'],
    ['us-isob-east-1', 'aws-iso-b'],
    ['eu-isoe-west-1', 'aws-iso-e'],
    ['us-isof-south-1', 'aws-iso-f'],
  ])('%s is in %s', (region, partition) => {
    expect(partitionForRegion(region)).toBe(partition);
  });
});
