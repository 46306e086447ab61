import { parseIamArn, validatePrincipalArn, validateRoleArn } from './iamArn';

describe('validateRoleArn', () => {
  it.each([
    'arn:aws:iam::123456789012:role/portal',
    'arn:aws:iam::123456789012:role/path/to/portal',
    'arn:aws-cn:iam::123456789012:role/portal',
    'arn:aws-us-gov:iam::123456789012:role/portal',
    'arn:aws:iam::123456789012:role/service-role/Portal+Role=1,a.b@c_d-e',
  ])('accepts %s on AWS', arn => {
    expect(validateRoleArn(arn, { provider: 'aws' })).toBeUndefined();
  });

  it.each([
    ['ceph-rgw', 'arn:aws:iam:::role/Portal'],
    ['ceph-rgw', 'arn:aws:iam::tenant_a:role/Portal'],
    ['minio', 'arn:aws:iam:::role/Portal'],
    ['minio', 'arn:minio:iam:::role/idp-role'],
    ['wasabi', 'arn:aws:iam::100000052685:role/Portal'],
  ] as const)('accepts the %s form %s', (provider, arn) => {
    expect(validateRoleArn(arn, { provider })).toBeUndefined();
  });

  it('refuses the empty-account form on AWS only', () => {
    const arn = 'arn:aws:iam:::role/Portal';
    expect(validateRoleArn(arn, { provider: 'aws' })?.rule).toBe(
      'role-arn-account',
    );
    expect(validateRoleArn(arn, { provider: 'other' })).toBeUndefined();
  });

  it('refuses a non-aws partition on S3-compatible services', () => {
    expect(
      validateRoleArn('arn:aws-cn:iam:::role/Portal', { provider: 'ceph-rgw' })
        ?.rule,
    ).toBe('role-arn-partition');
  });

  it('refuses a 13-digit account', () => {
    expect(
      validateRoleArn('arn:aws:iam::1234567890123:role/x', { provider: 'aws' })
        ?.rule,
    ).toBe('role-arn-account');
  });
});

describe('validatePrincipalArn', () => {
  it.each([
    'arn:aws:iam::123456789012:root',
    'arn:aws:iam::123456789012:user/portal',
    'arn:aws:iam::123456789012:user/division/portal',
    'arn:aws:iam::123456789012:role/portal',
  ])('accepts %s', arn => {
    expect(validatePrincipalArn(arn, { provider: 'aws' })).toBeUndefined();
  });

  it('accepts Ceph user principals', () => {
    expect(
      validatePrincipalArn('arn:aws:iam:::user/portal', {
        provider: 'ceph-rgw',
      }),
    ).toBeUndefined();
    expect(
      validatePrincipalArn('arn:aws:iam::tenant1:user/portal', {
        provider: 'ceph-rgw',
      }),
    ).toBeUndefined();
  });

  it('uses the field it is given', () => {
    expect(
      validatePrincipalArn('nope', { provider: 'aws' }, 'portalPrincipalArn'),
    ).toMatchObject({
      field: 'portalPrincipalArn',
      rule: 'principal-arn-format',
    });
  });
});

describe('parseIamArn', () => {
  it('splits path and name', () => {
    expect(parseIamArn('arn:aws:iam::123456789012:role/a/b/name')).toEqual({
      partition: 'aws',
      account: '123456789012',
      type: 'role',
      path: '/a/b/',
      name: 'name',
    });
  });
});
