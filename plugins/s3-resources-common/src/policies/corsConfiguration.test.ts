import { generateCorsConfiguration } from './corsConfiguration';
import { CorsConfigurationInput } from './types';

const base: CorsConfigurationInput = {
  bucket: 'acme-uploads',
  origins: ['https://backstage.example.com'],
  uploadMode: 'download-only',
};

describe('generateCorsConfiguration', () => {
  it.each([
    ['download-only', ['GET', 'HEAD'], undefined],
    ['simple-put', ['GET', 'PUT', 'HEAD'], undefined],
    ['presigned-post', ['GET', 'POST', 'HEAD'], undefined],
    ['multipart', ['GET', 'PUT', 'HEAD'], ['ETag']],
  ] as const)('%s allows %j and exposes %j', (uploadMode, methods, expose) => {
    const [rule] = generateCorsConfiguration({ ...base, uploadMode })
      .configuration.CORSRules;
    expect(rule.AllowedMethods).toEqual(methods);
    expect(rule.ExposeHeaders).toEqual(expose);
  });

  it('adds requested methods once, in a stable order', () => {
    const [rule] = generateCorsConfiguration({
      ...base,
      uploadMode: 'simple-put',
      methods: ['DELETE', 'PUT', 'GET'],
    }).configuration.CORSRules;
    expect(rule.AllowedMethods).toEqual(['GET', 'PUT', 'DELETE', 'HEAD']);
  });

  it('defaults MaxAgeSeconds to 3000 and keeps 0', () => {
    expect(
      generateCorsConfiguration(base).configuration.CORSRules[0].MaxAgeSeconds,
    ).toBe(3000);
    expect(
      generateCorsConfiguration({ ...base, maxAgeSeconds: 0 }).configuration
        .CORSRules[0].MaxAgeSeconds,
    ).toBe(0);
  });

  it('gives the console the rules array', () => {
    const out = generateCorsConfiguration(base);
    expect(out.console).toEqual(out.configuration.CORSRules);
  });

  it('builds a command whose JSON is the configuration', () => {
    const out = generateCorsConfiguration({
      ...base,
      endpoint: 'https://rgw.example.com/s3',
      region: 'default',
    });
    const m =
      /^aws s3api put-bucket-cors --bucket acme-uploads --cors-configuration '(.*)' --region default --endpoint-url https:\/\/rgw.example.com\/s3$/.exec(
        out.command,
      );
    expect(m).not.toBeNull();
    expect(JSON.parse(m![1])).toEqual(out.configuration);
  });

  it('leaves --endpoint-url out for AWS', () => {
    expect(generateCorsConfiguration(base).command).not.toContain(
      '--endpoint-url',
    );
  });

  it('quotes an endpoint the shell would split', () => {
    const out = generateCorsConfiguration({
      ...base,
      endpoint: "https://rgw.example.com/it's",
    });
    expect(out.command).toContain(
      `--endpoint-url 'https://rgw.example.com/it'\\''s'`,
    );
  });

  it('refuses every bad origin, naming its index', () => {
    expect(() =>
      generateCorsConfiguration({
        ...base,
        origins: ['https://ok.example.com', 'https://a.example.com/'],
      }),
    ).toThrow(/cors\.origins\.1: .*\[cors-origin-path\]/);
  });
});
