import { PROVIDER_IDS, PROVIDER_PROFILES } from '../providers';
import {
  BUCKET_CANNED_ACLS,
  OBJECT_CANNED_ACLS,
  validateCannedAcl,
  validateDefaultAcl,
} from './cannedAcl';

describe('validateCannedAcl', () => {
  it.each(OBJECT_CANNED_ACLS)('accepts %s on objects', acl => {
    expect(validateCannedAcl(acl, { target: 'object' })).toBeUndefined();
  });

  it.each(BUCKET_CANNED_ACLS)('accepts %s on buckets', acl => {
    expect(validateCannedAcl(acl, { target: 'bucket' })).toBeUndefined();
  });

  it.each(['bucket-owner-read', 'bucket-owner-full-control', 'aws-exec-read'])(
    'calls %s object-only',
    acl => {
      expect(validateCannedAcl(acl, { target: 'bucket' })?.rule).toBe(
        'acl-object-only',
      );
    },
  );
});

describe('validateDefaultAcl', () => {
  it('accepts none everywhere', () => {
    for (const provider of PROVIDER_IDS) {
      expect(
        validateDefaultAcl('none', {
          provider,
          objectOwnership: 'BucketOwnerEnforced',
        }),
      ).toBeUndefined();
    }
  });

  it('refuses every ACL on providers without ACLs', () => {
    const without = PROVIDER_IDS.filter(p => !PROVIDER_PROFILES[p].supportsAcl);
    expect(without).toEqual(['minio', 'r2']);
    for (const provider of without) {
      for (const acl of OBJECT_CANNED_ACLS) {
        expect(validateDefaultAcl(acl, { provider })?.rule).toBe(
          'acl-unsupported-by-provider',
        );
      }
    }
  });

  it('refuses every ACL, even bucket-owner-full-control, under BucketOwnerEnforced', () => {
    for (const acl of OBJECT_CANNED_ACLS) {
      expect(
        validateDefaultAcl(acl, {
          provider: 'aws',
          objectOwnership: 'BucketOwnerEnforced',
        })?.rule,
      ).toBe('acl-ownership-enforced');
    }
  });

  it.each(['BucketOwnerPreferred', 'ObjectWriter'] as const)(
    'accepts object ACLs under %s',
    objectOwnership => {
      for (const acl of OBJECT_CANNED_ACLS) {
        expect(
          validateDefaultAcl(acl, { provider: 'aws', objectOwnership }),
        ).toBeUndefined();
      }
    },
  );

  it('refuses bucket-only ACLs as upload defaults', () => {
    expect(
      validateDefaultAcl('log-delivery-write', { provider: 'aws' })?.rule,
    ).toBe('acl-bucket-only');
  });
});
