import { parseKmsKeyArn, validateKmsKeyArn } from './kmsKeyArn';

const uuid = '1234abcd-12ab-34cd-56ef-1234567890ab';

describe('validateKmsKeyArn', () => {
  it.each([
    [`arn:aws:kms:eu-west-1:123456789012:key/${uuid}`, 'eu-west-1'],
    [
      `arn:aws:kms:eu-west-1:123456789012:key/mrk-${'a1'.repeat(16)}`,
      'eu-west-1',
    ],
    ['arn:aws:kms:eu-west-1:123456789012:alias/uploads', 'eu-west-1'],
    [
      'arn:aws:kms:eu-west-1:123456789012:alias/team/uploads_key-1',
      'eu-west-1',
    ],
    [`arn:aws-cn:kms:cn-north-1:123456789012:key/${uuid}`, 'cn-north-1'],
    [
      `arn:aws-us-gov:kms:us-gov-west-1:123456789012:key/${uuid}`,
      'us-gov-west-1',
    ],
  ])('accepts %s', (arn, region) => {
    expect(validateKmsKeyArn(arn, { provider: 'aws', region })).toBeUndefined();
  });

  it('accepts any region when the bucket region is not given', () => {
    expect(
      validateKmsKeyArn(`arn:aws:kms:ap-south-1:123456789012:key/${uuid}`, {
        provider: 'aws',
      }),
    ).toBeUndefined();
  });

  it('refuses a key ARN written with an upper-case key ID', () => {
    expect(
      validateKmsKeyArn(
        `arn:aws:kms:eu-west-1:123456789012:key/${uuid.toUpperCase()}`,
        { provider: 'aws' },
      )?.rule,
    ).toBe('kms-key-arn-format');
  });

  it('refuses a key whose ARN region is not a region', () => {
    expect(
      validateKmsKeyArn(`arn:aws:kms:ireland:123456789012:key/${uuid}`, {
        provider: 'aws',
      })?.rule,
    ).toBe('kms-key-arn-format');
  });
});

describe('parseKmsKeyArn', () => {
  it('tells keys from aliases', () => {
    expect(
      parseKmsKeyArn('arn:aws:kms:eu-west-1:123456789012:alias/uploads'),
    ).toEqual({
      partition: 'aws',
      region: 'eu-west-1',
      account: '123456789012',
      kind: 'alias',
      id: 'uploads',
    });
  });
});
