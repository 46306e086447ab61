import { ResourceSettings } from '../types';
import { ValidationError } from '../validation';
import { generateExternalId } from './externalId';
import { generateResourcePolicies } from './resourcePolicies';

const settings: ResourceSettings = {
  name: 'acme-uploads',
  owner: 'group:default/team-a',
  tags: [],
  provider: 'aws',
  bucket: 'acme-uploads',
  region: 'eu-west-1',
  forcePathStyle: false,
  defaultAcl: 'none',
  accessLevel: 'read-write',
  cors: { origins: [], uploadMode: 'multipart' },
};

describe('generateResourcePolicies', () => {
  it('makes only the identity policy when the context is empty, and says why', () => {
    const out = generateResourcePolicies(settings);
    expect(out.iamPolicy.policy.Statement.length).toBeGreaterThan(0);
    expect(out.bucketPolicy).toBeUndefined();
    expect(out.trustPolicy).toBeUndefined();
    expect(out.cors).toBeUndefined();
    expect(out.notes).toHaveLength(3);
  });

  it('makes all four with a full context', () => {
    const out = generateResourcePolicies(settings, {
      portalPrincipalArn: 'arn:aws:iam::111122223333:role/portal',
      externalId: generateExternalId(),
      principalArn: 'arn:aws:iam::123456789012:role/acme-uploads',
      appBaseUrl: 'https://backstage.example.com/some/path',
      egressCidrs: ['203.0.113.0/24'],
    });
    expect(out.bucketPolicy).toBeDefined();
    expect(out.trustPolicy).toBeDefined();
    expect(out.notes).toEqual([]);
    expect(out.cors?.configuration.CORSRules[0].AllowedOrigins).toEqual([
      'https://backstage.example.com',
    ]);
    expect(out.iamPolicy.json).toContain('aws:SourceIp');
  });

  it('prefers the resource origins to the app base URL', () => {
    const out = generateResourcePolicies(
      {
        ...settings,
        cors: { ...settings.cors, origins: ['https://tools.example.com'] },
      },
      { appBaseUrl: 'https://backstage.example.com' },
    );
    expect(out.cors?.configuration.CORSRules[0].AllowedOrigins).toEqual([
      'https://tools.example.com',
    ]);
  });

  it('skips the trust policy for a provider without STS', () => {
    const out = generateResourcePolicies(
      {
        ...settings,
        provider: 'r2',
        region: 'auto',
        endpoint: 'https://acct.r2.cloudflarestorage.com',
      },
      {
        portalPrincipalArn: 'arn:aws:iam:::user/portal',
        externalId: generateExternalId(),
      },
    );
    expect(out.trustPolicy).toBeUndefined();
    expect(out.notes).toContain('No trust policy: Cloudflare R2 has no STS.');
  });

  it('throws on settings the validators refuse', () => {
    expect(() =>
      generateResourcePolicies({ ...settings, prefix: '/team-a' }),
    ).toThrow(ValidationError);
  });
});
