import { ResourceSettings } from '../types';
import { ValidationError } from '../validation';
import {
  checkSettingsRules,
  parseCreateResourceRequest,
  parseUpdateResourceRequest,
} from './resourceRequest';

const create = {
  name: 'acme-uploads',
  owner: 'group:default/team-a',
  provider: 'aws',
  bucket: 'acme-uploads',
  region: 'eu-west-1',
  auth: { method: 'aws-account', accountId: '123456789012' },
};

const settings: ResourceSettings = {
  name: 'acme-uploads',
  owner: 'group:default/team-a',
  tags: [],
  provider: 'aws',
  bucket: 'acme-uploads',
  region: 'eu-west-1',
  forcePathStyle: false,
  defaultAcl: 'none',
  accessLevel: 'read',
  cors: {
    origins: ['https://backstage.example.com'],
    uploadMode: 'download-only',
  },
};

function violations(fn: () => unknown) {
  try {
    fn();
  } catch (e) {
    if (e instanceof ValidationError) {
      return e.violations.map(v => `${v.field}:${v.rule}`);
    }
    throw e;
  }
  return [];
}

describe('parseCreateResourceRequest', () => {
  it('fills defaults from the provider profile and the app base URL', () => {
    expect(
      parseCreateResourceRequest(create, 'https://backstage.example.com'),
    ).toMatchObject({
      tags: [],
      forcePathStyle: false,
      defaultAcl: 'none',
      accessLevel: 'read',
      cors: {
        origins: ['https://backstage.example.com'],
        uploadMode: 'download-only',
      },
    });
  });

  it('uses the origin of an app base URL that has a path', () => {
    expect(
      parseCreateResourceRequest(
        create,
        'https://portal.example.com/backstage/',
      ).cors.origins,
    ).toEqual(['https://portal.example.com']);
  });

  it('reports settings and credential rules together', () => {
    expect(
      violations(() =>
        parseCreateResourceRequest({
          ...create,
          provider: 'minio',
          region: 'us-east-1',
          endpoint: 'https://minio.example.com',
          defaultAcl: 'private',
          prefix: 'team-a',
        }),
      ),
    ).toEqual([
      'prefix:prefix-trailing-slash',
      'defaultAcl:acl-unsupported-by-provider',
      'auth.method:auth-aws-account-provider',
    ]);
  });

  it('accepts a Ceph RGW role with an empty account', () => {
    expect(() =>
      parseCreateResourceRequest({
        ...create,
        provider: 'ceph-rgw',
        region: 'default',
        endpoint: 'https://rgw.example.com',
        auth: {
          method: 'assume-role',
          roleArn: 'arn:aws:iam:::role/backstage',
          source: {
            method: 'access-key',
            accessKeyId: 'tester',
            secretAccessKey: 's',
          },
        },
      }),
    ).not.toThrow();
  });

  it('checks the owner with the entity-ref validator', () => {
    expect(
      violations(() =>
        parseCreateResourceRequest({ ...create, owner: 'component:web' }),
      ),
    ).toEqual(['owner:entity-ref-kind']);
  });

  it('stores owner and system in their full spelling, whatever form was sent', () => {
    const parsed = parseCreateResourceRequest({
      ...create,
      owner: 'Team-A',
      system: 'media-pipeline',
    });
    expect(parsed.owner).toBe('group:default/team-a');
    expect(parsed.system).toBe('system:default/media-pipeline');
  });
});

describe('parseUpdateResourceRequest', () => {
  it('writes owner and system in their full spelling', () => {
    expect(
      parseUpdateResourceRequest({
        version: 1,
        owner: 'user:jane.doe',
        system: 'system:media-pipeline',
      }),
    ).toEqual({
      version: 1,
      owner: 'user:default/jane.doe',
      system: 'system:default/media-pipeline',
    });
  });

  it('checks the fields it holds on their own', () => {
    expect(
      violations(() =>
        parseUpdateResourceRequest({
          version: 3,
          prefix: '../x/',
          cors: { origins: ['https://a.example.com/'] },
          customActions: ['s3:*'],
        }),
      ),
    ).toEqual([
      'prefix:prefix-dot-segment',
      'customActions.0:action-wildcard',
      'cors.origins.0:cors-origin-path',
    ]);
  });

  it('leaves rules that need other fields to the merged result', () => {
    expect(
      parseUpdateResourceRequest({
        version: 3,
        region: 'auto',
        defaultAcl: 'private',
      }),
    ).toEqual({ version: 3, region: 'auto', defaultAcl: 'private' });
  });
});

describe('checkSettingsRules', () => {
  it('accepts valid settings', () => {
    expect(checkSettingsRules(settings)).toEqual([]);
  });

  it('reports a bucket rule once', () => {
    expect(checkSettingsRules({ ...settings, bucket: 'A' })).toEqual([
      expect.objectContaining({ field: 'bucket', rule: 'bucket-length' }),
    ]);
  });

  it.each([
    ['read', 'simple-put', false],
    ['read-write', 'simple-put', true],
    ['full', 'multipart', true],
    ['custom', 'presigned-post', false],
  ] as const)(
    'access %s with upload mode %s is allowed: %s',
    (accessLevel, uploadMode, allowed) => {
      const out = checkSettingsRules({
        ...settings,
        accessLevel,
        customActions: accessLevel === 'custom' ? ['s3:GetObject'] : undefined,
        cors: { ...settings.cors, uploadMode },
      });
      expect(out.map(v => v.rule)).toEqual(
        allowed ? [] : ['cors-upload-needs-write'],
      );
    },
  );

  it('allows browser DELETE only where s3:DeleteObject is granted', () => {
    const withDelete = {
      ...settings.cors,
      methods: ['GET', 'DELETE'] as const,
    };
    expect(
      checkSettingsRules({
        ...settings,
        accessLevel: 'read-write',
        cors: { ...withDelete, methods: [...withDelete.methods] },
      }),
    ).toEqual([]);
    expect(
      checkSettingsRules({
        ...settings,
        accessLevel: 'full',
        cors: { ...withDelete, methods: [...withDelete.methods] },
      }),
    ).toEqual([
      expect.objectContaining({
        field: 'cors.methods.1',
        rule: 'cors-method-needs-action',
      }),
    ]);
  });

  it('checks region, KMS key and ACL against the provider', () => {
    expect(
      checkSettingsRules({
        ...settings,
        provider: 'r2',
        region: 'eu-west-1',
        endpoint: 'https://acct.r2.cloudflarestorage.com',
        kmsKeyArn: 'arn:aws:kms:eu-west-1:123456789012:alias/x',
        defaultAcl: 'public-read',
      }).map(v => v.rule),
    ).toEqual(['region-r2', 'acl-unsupported-by-provider', 'kms-key-aws-only']);
  });
});
