import { ResourceRow } from '../database/ResourceStore';
import { locationOf, planSources } from './sources';

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

describe('planSources', () => {
  const row = (
    name: string,
    settings: Record<string, unknown>,
  ): ResourceRow => ({
    id: `id-${name}`,
    name,
    provider: 'ceph-rgw',
    bucket: `bucket-${name}`,
    region: 'us-east-1',
    endpointKey: 'https://rgw.example.test',
    prefixKey: '',
    owner: 'group:default/team-a',
    system: null,
    title: null,
    settings: { endpoint: 'https://rgw.example.test', ...settings },
    authMethod: 'access-key',
    auth: { method: 'access-key', accessKeyId: 'AKIASHARED' },
    secret: {} as ResourceRow['secret'],
    secretChangedAt: null,
    lastTestStatus: null,
    lastTestedAt: null,
    lastTestRunId: null,
    version: 1,
    createdAt: '2026-01-01T00:00:00.000Z',
    createdBy: 'user:default/a',
    updatedAt: '2026-01-01T00:00:00.000Z',
    updatedBy: 'user:default/a',
  });

  it('lists a shared key path-style when any of its resources uses path-style', () => {
    const [planned, ...more] = planSources(
      [row('a', {}), row('b', { forcePathStyle: true })],
      [],
    );
    expect(more).toEqual([]);
    expect(planned.source.forcePathStyle).toBe(true);
  });
});
