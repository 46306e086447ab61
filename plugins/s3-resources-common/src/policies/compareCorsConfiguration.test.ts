import { compareCorsConfiguration } from './compareCorsConfiguration';
import { generateCorsConfiguration } from './corsConfiguration';

const required = generateCorsConfiguration({
  bucket: 'acme-uploads',
  origins: ['https://backstage.example.com'],
  uploadMode: 'multipart',
}).configuration;
const [rule] = required.CORSRules;

describe('compareCorsConfiguration', () => {
  it('matches itself', () => {
    expect(compareCorsConfiguration(required, required)).toEqual({
      matches: true,
      missing: [],
      different: [],
    });
  });

  it.each([undefined, null, {}, { CORSRules: [] }, []])(
    'reports everything missing when the bucket has no CORS (%j)',
    actual => {
      expect(compareCorsConfiguration(actual, required)).toEqual({
        matches: false,
        missing: [rule],
        different: [],
      });
    },
  );

  it('accepts broader rules: wildcard origins, extra methods, header wildcards, case', () => {
    const actual = [
      {
        AllowedOrigins: ['https://*.example.com'],
        AllowedMethods: ['GET', 'PUT', 'POST', 'HEAD', 'DELETE'],
        AllowedHeaders: ['*'],
        ExposeHeaders: ['etag', 'x-amz-request-id'],
      },
    ];
    expect(compareCorsConfiguration(actual, required).matches).toBe(true);
  });

  it('reports a narrower rule as different, with what is wrong', () => {
    const actual = {
      CORSRules: [
        {
          ID: 'legacy',
          AllowedOrigins: ['https://backstage.example.com'],
          AllowedMethods: ['GET', 'HEAD'],
          AllowedHeaders: ['content-type'],
        },
      ],
    };
    const result = compareCorsConfiguration(actual, required);
    expect(result.matches).toBe(false);
    expect(result.missing).toEqual([]);
    expect(result.different).toHaveLength(1);
    expect(result.different[0].problems).toEqual(
      expect.arrayContaining([
        'no rule allows PUT from https://backstage.example.com',
        'rule 1 ("legacy") serves GET from https://backstage.example.com but does not allow header "*"',
        'rule 1 ("legacy") serves GET from https://backstage.example.com but does not expose "ETag"',
      ]),
    );
  });

  it('judges the first rule that matches origin and method, as S3 does', () => {
    const good = { ...rule };
    const shadowing = {
      AllowedOrigins: ['*'],
      AllowedMethods: ['GET', 'PUT', 'HEAD'],
      AllowedHeaders: ['*'],
    };
    expect(compareCorsConfiguration([good, shadowing], required).matches).toBe(
      true,
    );
    const result = compareCorsConfiguration([shadowing, good], required);
    expect(result.matches).toBe(false);
    expect(result.different[0].problems[0]).toMatch(/does not expose "ETag"/);
  });

  it('does not let an origin pattern match a different host', () => {
    const actual = [{ ...rule, AllowedOrigins: ['https://*.example.org'] }];
    expect(compareCorsConfiguration(actual, required).missing).toEqual([rule]);
  });

  it('ignores MaxAgeSeconds and IDs', () => {
    const actual = [{ ...rule, ID: 'other', MaxAgeSeconds: 5 }];
    expect(compareCorsConfiguration(actual, required).matches).toBe(true);
  });
});
