import { ReconciliationEntry } from '@s3-resources/plugin-s3-resources-common';
import { prefillOf, sourceFromQuery } from './importPrefill';

describe('sourceFromQuery', () => {
  it('pre-fills the location and an operator account, and names the bucket', () => {
    expect(
      sourceFromQuery(
        new URLSearchParams(
          'provider=aws&region=eu-west-1&account=123456789012&bucket=b1',
        ),
      ),
    ).toEqual({
      source: expect.objectContaining({
        location: expect.objectContaining({
          provider: 'aws',
          region: 'eu-west-1',
        }),
        method: 'aws-account',
        accountId: '123456789012',
        secretAccessKey: '',
      }),
      bucket: 'b1',
    });
  });

  it('leaves an access key to be entered, and ignores unknown providers', () => {
    expect(
      sourceFromQuery(
        new URLSearchParams('provider=ceph-rgw&endpoint=http://h:7480'),
      )?.source,
    ).toMatchObject({
      location: { provider: 'ceph-rgw', endpoint: 'http://h:7480' },
      method: 'access-key',
      accessKeyId: '',
      secretAccessKey: '',
    });
    expect(sourceFromQuery(new URLSearchParams('provider=s4'))).toBeUndefined();
  });

  it("carries the source's addressing (path-style or virtual-host) to the import", () => {
    const entry = {
      kind: 'shadow',
      bucket: 'b1',
      source: {
        id: 's',
        provider: 'minio',
        endpoint: 'http://h:9000',
        region: 'us-east-1',
        forcePathStyle: false,
        credential: {
          kind: 'resource',
          resourceId: 'r1',
          resourceName: 'n',
          accessKeyId: '****1',
        },
      },
    } as ReconciliationEntry;
    const back = sourceFromQuery(prefillOf(entry));
    expect(back?.source.location?.forcePathStyle).toBe(false);
    const pathStyle = sourceFromQuery(
      prefillOf({
        ...entry,
        source: { ...entry.source, provider: 'aws', forcePathStyle: true },
      }),
    );
    expect(pathStyle?.source.location?.forcePathStyle).toBe(true);
  });
});
