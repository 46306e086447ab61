import { sourceFromQuery } from './importPrefill';

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
});
