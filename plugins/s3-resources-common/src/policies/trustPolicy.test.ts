import { ValidationError } from '../validation';
import { generateExternalId } from './externalId';
import { generateTrustPolicy } from './trustPolicy';

const portalPrincipalArn = 'arn:aws:iam::111122223333:role/backstage-portal';
const externalId = generateExternalId();

describe('generateTrustPolicy', () => {
  it('lets only the portal assume the role, only with the ExternalId', () => {
    const [statement] = generateTrustPolicy({ portalPrincipalArn, externalId })
      .policy.Statement;
    expect(statement).toEqual({
      Sid: 'PortalAssumesRole',
      Effect: 'Allow',
      Principal: { AWS: portalPrincipalArn },
      Action: ['sts:AssumeRole'],
      Condition: { StringEquals: { 'sts:ExternalId': externalId } },
    });
  });

  it('leaves the conditions out on Ceph RGW by default, and says so', () => {
    const out = generateTrustPolicy({
      portalPrincipalArn: 'arn:aws:iam:::user/backstage',
      externalId,
      provider: 'ceph-rgw',
    });
    expect(out.policy.Statement[0].Condition).toBeUndefined();
    expect(out.notes[0]).toMatch(/Ceph RGW denies AssumeRole/);
    expect(out.json).not.toContain('sts:ExternalId');
  });

  it('honours an explicit choice either way', () => {
    const rgw = generateTrustPolicy({
      portalPrincipalArn: 'arn:aws:iam:::user/backstage',
      externalId,
      provider: 'ceph-rgw',
      omitStsConditions: false,
    });
    expect(rgw.policy.Statement[0].Condition).toBeDefined();
    const aws = generateTrustPolicy({
      portalPrincipalArn,
      omitStsConditions: true,
    });
    expect(aws.policy.Statement[0].Condition).toBeUndefined();
    expect(aws.notes[0]).toMatch(/switched off/);
  });

  it('requires the ExternalId when the condition is kept', () => {
    expect(() => generateTrustPolicy({ portalPrincipalArn })).toThrow(
      ValidationError,
    );
  });

  it('refuses a user-chosen short ExternalId', () => {
    expect(() =>
      generateTrustPolicy({ portalPrincipalArn, externalId: 'my-company' }),
    ).toThrow(/external-id-length/);
  });

  it('notes that MinIO reads no trust policies', () => {
    const out = generateTrustPolicy({
      portalPrincipalArn: 'arn:aws:iam:::user/backstage',
      externalId,
      provider: 'minio',
    });
    expect(out.notes.join(' ')).toMatch(/MinIO/);
  });
});

describe('generateExternalId', () => {
  it('is 43 URL-safe characters and passes its own validation', () => {
    const id = generateExternalId();
    expect(id).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(() =>
      generateTrustPolicy({ portalPrincipalArn, externalId: id }),
    ).not.toThrow();
  });

  it('never repeats', () => {
    const ids = new Set(Array.from({ length: 2000 }, generateExternalId));
    expect(ids.size).toBe(2000);
  });

  it('uses every alphabet position (no bias toward a few characters)', () => {
    const seen = new Set(
      Array.from({ length: 200 }, generateExternalId).join(''),
    );
    expect(seen.size).toBe(64);
  });
});
