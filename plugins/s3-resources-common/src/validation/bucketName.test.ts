import fc from 'fast-check';
import { validateBucketName } from './bucketName';

describe('validateBucketName', () => {
  it.each([
    'abc',
    'a'.repeat(63),
    'my-bucket.logs',
    'bucket-2024',
    '1bucket',
    'docexamplebucket1',
    // only the exact reserved affixes are refused
    'xn-bucket',
    'bucket-s3aliases',
  ])('accepts %s', name => {
    expect(validateBucketName(name)).toBeUndefined();
  });

  it('names the field it is given', () => {
    expect(validateBucketName('A', 'spec.bucket')).toMatchObject({
      field: 'spec.bucket',
      rule: 'bucket-length',
    });
  });

  it.each([
    ['a'.repeat(64), 'bucket-length'],
    ['bucket.', 'bucket-start-end'],
    ['bucket name', 'bucket-charset'],
    ['sthree-bucket', 'bucket-reserved-prefix'],
    ['amzn-s3-demo-bucket', 'bucket-reserved-prefix'],
    ['data--ol-s3', 'bucket-reserved-suffix'],
    ['data.mrap', 'bucket-reserved-suffix'],
    ['data--x-s3', 'bucket-reserved-suffix'],
    ['data--table-s3', 'bucket-reserved-suffix'],
  ])('refuses %s (%s)', (name, rule) => {
    expect(validateBucketName(name)?.rule).toBe(rule);
  });

  it('accepts every name built from the allowed alphabet and shape', () => {
    const inner = fc
      .array(fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789-'), {
        minLength: 1,
        maxLength: 40,
      })
      .map(cs => cs.join(''));
    const edge = fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789');
    fc.assert(
      fc.property(edge, inner, edge, (a, mid, z) => {
        const name = `${a}${mid}${z}`;
        fc.pre(!name.startsWith('xn--') && !name.startsWith('sthree-'));
        fc.pre(!/(-s3alias|--ol-s3|--x-s3|--table-s3)$/.test(name));
        expect(validateBucketName(name)).toBeUndefined();
      }),
    );
  });

  it('refuses every name with a character outside the alphabet', () => {
    fc.assert(
      fc.property(
        fc
          .string({ minLength: 3, maxLength: 63 })
          .filter(s => /[^a-z0-9.-]/.test(s)),
        name => {
          expect(validateBucketName(name)).toBeDefined();
        },
      ),
    );
  });
});
