import {
  validateCorsMaxAge,
  validateCorsMethods,
  validateCorsOrigin,
  validateCorsOrigins,
} from './cors';

describe('validateCorsOrigin', () => {
  it.each([
    '*',
    'https://backstage.example.com',
    'http://localhost:3000',
    'https://*.example.com',
    'https://app-*.example.com',
    'http://127.0.0.1:7007',
    'https://[::1]:3000',
    'https://xn--bcher-kva.ch',
  ])('accepts %s', origin => {
    expect(validateCorsOrigin(origin)).toBeUndefined();
  });

  it.each([
    ['https://bücher.ch', 'https://xn--bcher-kva.ch'],
    ['https://APP.example.com', 'https://app.example.com'],
    ['http://app.example.com:80', 'http://app.example.com'],
    ['https://*.Example.com', 'https://*.example.com'],
  ])('asks for %s to be written as %s', (origin, canonical) => {
    expect(validateCorsOrigin(origin)).toMatchObject({
      rule: 'cors-origin-canonical',
      message: expect.stringContaining(canonical),
    });
  });

  it.each(['https://a.example.com?x=1', 'https://a.example.com#top'])(
    'refuses query and fragment in %s',
    origin => {
      expect(validateCorsOrigin(origin)?.rule).toBe('cors-origin-path');
    },
  );

  it.each(['null', '**', 'https://*.example.*'])('refuses %s', origin => {
    expect(validateCorsOrigin(origin)).toBeDefined();
  });

  it('names each list item', () => {
    expect(validateCorsOrigins(['https://a.example.com', 'ftp://b'])).toEqual([
      expect.objectContaining({
        field: 'cors.origins.1',
        rule: 'cors-origin-scheme',
      }),
    ]);
  });
});

describe('validateCorsMethods', () => {
  it('accepts the five S3 CORS methods', () => {
    expect(
      validateCorsMethods(['GET', 'PUT', 'POST', 'DELETE', 'HEAD']),
    ).toEqual([]);
  });

  it('is case-sensitive like S3', () => {
    expect(validateCorsMethods(['get'])[0]?.rule).toBe('cors-method-unknown');
  });
});

describe('validateCorsMaxAge', () => {
  it.each([0, 3000, 86400])('accepts %s', s => {
    expect(validateCorsMaxAge(s)).toBeUndefined();
  });
  it.each([-1, 1.5, 86401, NaN])('refuses %s', s => {
    expect(validateCorsMaxAge(s)?.rule).toBe('cors-max-age');
  });
});
