import { locationOf } from './sources';

describe('locationOf', () => {
  it("is one location for AWS, with or without one of AWS's own endpoints", () => {
    expect(locationOf('aws', 'https://s3.eu-west-1.amazonaws.com')).toBe(
      locationOf('aws'),
    );
    expect(locationOf('aws', 'https://S3.amazonaws.com/')).toBe(
      locationOf('aws'),
    );
  });

  it('keeps other endpoints apart, normalised', () => {
    expect(locationOf('aws', 'https://vpce.example.test')).not.toBe(
      locationOf('aws'),
    );
    expect(locationOf('ceph-rgw', 'https://S3.x.test/')).toBe(
      locationOf('ceph-rgw', 'https://s3.x.test'),
    );
  });
});
