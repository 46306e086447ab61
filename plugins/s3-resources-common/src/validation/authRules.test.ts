import { checkAuthRules } from './authRules';
import { checkGrantRules } from './grantRules';
import { validateEndpoint } from './endpoint';
import { validateExternalId } from './externalId';

describe('checkAuthRules', () => {
  it('accepts an access key anywhere', () => {
    expect(
      checkAuthRules(
        { method: 'access-key', accessKeyId: 'minio', secretAccessKey: 's' },
        { provider: 'minio', region: 'us-east-1' },
      ),
    ).toEqual([]);
  });

  it('accepts assume-role in the region partition', () => {
    expect(
      checkAuthRules(
        {
          method: 'assume-role',
          roleArn: 'arn:aws-cn:iam::123456789012:role/portal',
          source: { method: 'aws-account', accountId: '123456789012' },
        },
        { provider: 'aws', region: 'cn-north-1' },
      ),
    ).toEqual([]);
  });

  it('accepts an RGW role with an empty account', () => {
    expect(
      checkAuthRules(
        {
          method: 'assume-role',
          roleArn: 'arn:aws:iam:::role/portal',
          source: { method: 'access-key', accessKeyId: 'rgw-user' },
        },
        { provider: 'ceph-rgw', region: 'default' },
      ),
    ).toEqual([]);
  });

  it('checks the source account of an assumed role', () => {
    expect(
      checkAuthRules(
        {
          method: 'assume-role',
          roleArn: 'arn:aws:iam::123456789012:role/portal',
          source: { method: 'aws-account', accountId: 'prod' },
        },
        { provider: 'aws', region: 'eu-west-1' },
      ),
    ).toEqual([
      expect.objectContaining({
        field: 'auth.source.accountId',
        rule: 'account-id-format',
      }),
    ]);
  });
});

describe('checkGrantRules', () => {
  it('reports every broken field, not just the first', () => {
    const rules = checkGrantRules({
      bucket: 'A',
      region: 'auto',
      accessLevel: 'custom',
      prefix: '/x',
      egressCidrs: ['1.2.3.4'],
    }).map(v => v.rule);
    expect(rules).toEqual([
      'bucket-length',
      'region-auto-not-aws',
      'prefix-leading-slash',
      'custom-actions-empty',
      'cidr-prefix-length-missing',
    ]);
  });
});

describe('validateEndpoint', () => {
  it.each([
    'https://minio.example.com:9000',
    'http://localhost:9000',
    'https://rgw.example.com/s3',
  ])('accepts %s', e => expect(validateEndpoint(e)).toBeUndefined());
});

describe('validateExternalId', () => {
  it('accepts what STS accepts, from 32 characters', () => {
    expect(validateExternalId('a'.repeat(32))).toBeUndefined();
    expect(validateExternalId('Ab0_-+=,.@:/'.repeat(3))).toBeUndefined();
    expect(validateExternalId('a'.repeat(1225))?.rule).toBe(
      'external-id-length',
    );
  });
});
