import {
  ResourceSettings,
  endpointKeyOf,
} from '@s3-resources/plugin-s3-resources-common';
import { StoredAuth } from './resourceView';
import {
  StoredResource,
  authChanges,
  locationChanges,
  secretBindingChanges,
  settingsChanges,
} from './updateChanges';

const settings: ResourceSettings = {
  name: 'media',
  owner: 'group:default/team-a',
  provider: 'ceph-rgw',
  bucket: 'media-bucket',
  region: 'us-east-1',
  endpoint: 'https://s3.example.com',
  forcePathStyle: true,
  tags: ['a'],
  defaultAcl: 'none',
  accessLevel: 'read',
  cors: { origins: ['https://app.example.com'], uploadMode: 'download-only' },
} as ResourceSettings;

const accessKey: StoredAuth = {
  method: 'access-key',
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
};
const role: StoredAuth = {
  method: 'assume-role',
  roleArn: 'arn:aws:iam::123456789012:role/media',
  externalId: 'ext-1',
  source: accessKey,
};

const before: StoredResource = {
  settings,
  endpointKey: endpointKeyOf(settings.endpoint),
  auth: accessKey,
};

describe('settingsChanges', () => {
  it('names the patched fields whose value differs, in the order patched', () => {
    const next = {
      ...settings,
      tags: ['a', 'b'],
      bucket: 'other',
      region: settings.region,
    };
    expect(
      settingsChanges(settings, next, {
        fields: ['tags', 'region', 'bucket'],
        cors: false,
      }),
    ).toEqual(['tags', 'bucket']);
  });

  it('names cors last, only when patched and different', () => {
    const next = {
      ...settings,
      title: 'Media',
      cors: { ...settings.cors, origins: ['https://other.example.com'] },
    };
    const fields = ['title'];
    expect(settingsChanges(settings, next, { fields, cors: true })).toEqual([
      'title',
      'cors',
    ]);
    expect(
      settingsChanges(
        settings,
        { ...next, cors: { ...settings.cors } },
        {
          fields,
          cors: true,
        },
      ),
    ).toEqual(['title']);
    expect(settingsChanges(settings, next, { fields, cors: false })).toEqual([
      'title',
    ]);
  });

  it('ignores fields that differ but were not patched', () => {
    expect(
      settingsChanges(
        settings,
        { ...settings, bucket: 'other' },
        { fields: [], cors: false },
      ),
    ).toEqual([]);
  });
});

describe('authChanges', () => {
  it('names auth when the stored auth differs, and a new secret by its field', () => {
    expect(authChanges(accessKey, { ...accessKey }, false)).toEqual([]);
    expect(authChanges(accessKey, { ...accessKey }, true)).toEqual([
      'auth.secretAccessKey',
    ]);
    expect(authChanges(accessKey, role, true)).toEqual([
      'auth',
      'auth.secretAccessKey',
    ]);
  });
});

describe('locationChanges', () => {
  it('is empty when nothing the requests go to changes', () => {
    expect(
      locationChanges(before, { ...settings, title: 'x', tags: [] }),
    ).toEqual([]);
  });

  it('names each part of where requests go', () => {
    expect(
      locationChanges(before, {
        ...settings,
        endpoint: 'https://s3.other.example.com',
        provider: 'minio',
        region: 'eu-west-1',
        forcePathStyle: false,
        bucket: 'other-bucket',
      } as ResourceSettings),
    ).toEqual(['endpoint', 'provider', 'region', 'addressing', 'bucket']);
  });

  it('compares the endpoint with the key stored with the row', () => {
    expect(
      locationChanges({ settings, endpointKey: 'stale-key' }, settings),
    ).toEqual(['endpoint']);
  });
});

describe('secretBindingChanges', () => {
  it('is empty when the secret stays where it was entered for', () => {
    expect(
      secretBindingChanges(before, { ...settings, title: 'x' }, accessKey),
    ).toEqual([]);
  });

  it('names the location, role, way of signing in and key that change', () => {
    const moved = { ...settings, bucket: 'other-bucket' };
    expect(secretBindingChanges(before, moved, role)).toEqual([
      'bucket',
      'role ARN',
      'auth method',
    ]);
    expect(
      secretBindingChanges(before, settings, {
        method: 'access-key',
        accessKeyId: 'AKIAOTHERKEY00000000',
      }),
    ).toEqual(['access key ID']);
  });

  it('names a new role ARN of a role that stays', () => {
    expect(
      secretBindingChanges({ ...before, auth: role }, settings, {
        ...role,
        roleArn: 'arn:aws:iam::123456789012:role/other',
      }),
    ).toEqual(['role ARN']);
  });

  it("names the auth method when a role's source changes how it signs in", () => {
    expect(
      secretBindingChanges({ ...before, auth: role }, settings, {
        ...role,
        source: { method: 'aws-account', accountId: '123456789012' },
      }),
    ).toEqual(['auth method', 'access key ID']);
  });
});
