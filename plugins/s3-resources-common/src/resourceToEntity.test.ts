import { S3Resource } from './types';
import { resourceToEntity } from './resourceToEntity';

const base: S3Resource = {
  id: '6f1c2f64-5d39-4c1e-9a0e-3f0b8d1c2a11',
  name: 'media',
  title: 'Media uploads',
  description: 'Uploaded media',
  owner: 'group:default/team-a',
  system: 'media-pipeline',
  tags: ['media'],
  provider: 'aws',
  bucket: 'acme-media',
  region: 'eu-west-1',
  forcePathStyle: false,
  prefix: 'uploads/',
  defaultAcl: 'none',
  accessLevel: 'read-write',
  cors: { origins: ['https://portal.acme.com'], uploadMode: 'simple-put' },
  auth: {
    method: 'assume-role',
    roleArn: 'arn:aws:iam::123456789012:role/portal-media',
    externalId: 's3r-external-id-value',
    source: { method: 'access-key', accessKeyId: '****WXYZ', hasSecret: true },
  },
  status: {},
  entityRef: 'resource:default/media',
  version: 3,
  createdAt: '2026-11-28T00:00:00.000Z',
  createdBy: 'user:default/alice',
  updatedAt: '2026-11-28T00:00:00.000Z',
  updatedBy: 'user:default/alice',
};

describe('resourceToEntity', () => {
  it('publishes an AWS bucket with ARN, account id, console link and its own annotations', () => {
    const entity = resourceToEntity(base);
    expect(entity.kind).toBe('Resource');
    expect(entity.spec).toEqual({
      type: 's3-bucket',
      owner: 'group:default/team-a',
      system: 'media-pipeline',
    });
    expect(entity.metadata.annotations).toMatchObject({
      'amazonaws.com/arn': 'arn:aws:s3:::acme-media',
      'amazonaws.com/account-id': '123456789012',
      'backstage.io/managed-by-location': `s3-resources:${base.id}`,
      's3-resources.backstage.io/bucket': 'acme-media',
      's3-resources.backstage.io/region': 'eu-west-1',
      's3-resources.backstage.io/prefix': 'uploads/',
    });
    expect(entity.metadata.links?.[0].url).toBe(
      'https://console.aws.amazon.com/s3/buckets/acme-media?region=eu-west-1&prefix=uploads%2F',
    );
  });

  it('uses the partition of the region in the ARN', () => {
    const entity = resourceToEntity({ ...base, region: 'cn-north-1' });
    expect(entity.metadata.annotations?.['amazonaws.com/arn']).toBe(
      'arn:aws-cn:s3:::acme-media',
    );
  });

  it('never carries credentials, external IDs or the role source', () => {
    const text = JSON.stringify(resourceToEntity(base));
    expect(text).not.toContain('s3r-external-id-value');
    expect(text).not.toContain('WXYZ');
    expect(text).not.toContain('portal-media');
    expect(text).not.toContain('hasSecret');
  });

  it('gives S3-compatible buckets their endpoint and no AWS annotations', () => {
    const entity = resourceToEntity({
      ...base,
      provider: 'minio',
      endpoint: 'https://minio.acme.internal:9000',
      auth: { method: 'access-key', accessKeyId: '****0001', hasSecret: true },
    });
    expect(entity.metadata.annotations).not.toHaveProperty('amazonaws.com/arn');
    expect(
      entity.metadata.annotations?.['s3-resources.backstage.io/endpoint'],
    ).toBe('https://minio.acme.internal:9000');
    expect(entity.metadata.links).toBeUndefined();
  });

  it('points the catalog View and Edit icons at the resource pages, as absolute URLs', () => {
    const entity = resourceToEntity(base, {
      appBaseUrl: 'https://portal.acme.com/',
    });
    expect(entity.metadata.annotations).toMatchObject({
      'backstage.io/view-url': `https://portal.acme.com/s3-resources/resources/${base.id}`,
      'backstage.io/edit-url': `https://portal.acme.com/s3-resources/resources/${base.id}?edit=1`,
    });
  });

  it('keeps the path of a base URL and a custom page path', () => {
    const entity = resourceToEntity(base, {
      appBaseUrl: 'https://acme.com/portal?x=1#top',
      pagePath: 'buckets/',
    });
    expect(entity.metadata.annotations?.['backstage.io/edit-url']).toBe(
      `https://acme.com/portal/buckets/resources/${base.id}?edit=1`,
    );
  });

  it('has no page annotations without a base URL, and none carries a secret', () => {
    const entity = resourceToEntity(base);
    expect(entity.metadata.annotations).not.toHaveProperty(
      'backstage.io/edit-url',
    );
    expect(entity.metadata.annotations).not.toHaveProperty(
      'backstage.io/view-url',
    );
    const text = JSON.stringify(
      resourceToEntity(base, { appBaseUrl: 'https://portal.acme.com' }),
    );
    expect(text).not.toContain('s3r-external-id-value');
    expect(text).not.toContain('WXYZ');
  });
});
