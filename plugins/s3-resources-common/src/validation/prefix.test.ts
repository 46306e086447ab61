import fc from 'fast-check';
import { MAX_PREFIX_BYTES, validatePrefix } from './prefix';

describe('validatePrefix', () => {
  it.each([
    'team-a/',
    'team-a/uploads/',
    'données/été/',
    '日本/',
    'a b/',
    'a.b/',
    '...x/',
    `${'a'.repeat(MAX_PREFIX_BYTES - 1)}/`,
  ])('accepts %j', prefix => {
    expect(validatePrefix(prefix)).toBeUndefined();
  });

  it('counts bytes, not characters', () => {
    const p = `${'é'.repeat(MAX_PREFIX_BYTES / 2)}/`;
    expect(p.length).toBeLessThan(MAX_PREFIX_BYTES);
    expect(validatePrefix(p)?.rule).toBe('prefix-length');
  });

  it.each(['.', '..', 'a/./b/', './a/'])('refuses the dot segment in %j', p => {
    expect(validatePrefix(p.endsWith('/') ? p : `${p}/`)?.rule).toBe(
      'prefix-dot-segment',
    );
  });

  it('refuses a lone surrogate', () => {
    expect(validatePrefix('a\ud800/')?.rule).toBe('prefix-charset');
  });

  it('accepts any segments of safe characters ending with /', () => {
    const segment = fc
      .stringMatching(/^[A-Za-z0-9_\-.é日 ]{1,20}$/)
      .filter(s => s !== '.' && s !== '..');
    fc.assert(
      fc.property(fc.array(segment, { minLength: 1, maxLength: 8 }), segs => {
        expect(validatePrefix(`${segs.join('/')}/`)).toBeUndefined();
      }),
    );
  });
});
