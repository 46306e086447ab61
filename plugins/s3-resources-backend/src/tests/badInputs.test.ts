import { createTestDatabases } from '@internal/s3-test-harness';
import request from 'supertest';
import {
  asUser,
  startPluginBackend,
  validBody,
} from '../__testUtils__/testBackend';

jest.setTimeout(120_000);

type Case = [string, Record<string, unknown>, string, string];

const base = validBody('bad');
const awsBase = {
  ...base,
  provider: 'aws',
  endpoint: undefined,
  region: 'eu-west-1',
};

/** [what, body, field, rule] — each a different rule. */
const CASES: Case[] = [
  ['bucket too short', { ...base, bucket: 'ab' }, 'bucket', 'bucket-length'],
  [
    'bucket uppercase',
    { ...base, bucket: 'My_Bucket' },
    'bucket',
    'bucket-charset',
  ],
  [
    'bucket starts with hyphen',
    { ...base, bucket: '-bucket' },
    'bucket',
    'bucket-start-end',
  ],
  [
    'bucket with ..',
    { ...base, bucket: 'my..bucket' },
    'bucket',
    'bucket-adjacent-dots',
  ],
  [
    'bucket as IP',
    { ...base, bucket: '192.168.5.4' },
    'bucket',
    'bucket-ip-address',
  ],
  [
    'bucket reserved prefix',
    { ...base, bucket: 'xn--bucket' },
    'bucket',
    'bucket-reserved-prefix',
  ],
  [
    'bucket reserved suffix',
    { ...base, bucket: 'logs-s3alias' },
    'bucket',
    'bucket-reserved-suffix',
  ],
  [
    'AWS region prose',
    { ...awsBase, region: 'Europe (Ireland)' },
    'region',
    'region-aws-format',
  ],
  [
    'auto region on AWS',
    { ...awsBase, region: 'auto' },
    'region',
    'region-auto-not-aws',
  ],
  [
    'R2 with a real region',
    {
      ...base,
      provider: 'r2',
      region: 'eu-west-1',
      endpoint: 'https://acct.r2.cloudflarestorage.com',
    },
    'region',
    'region-r2',
  ],
  [
    'role ARN of a user',
    {
      ...awsBase,
      auth: {
        method: 'assume-role',
        roleArn: 'arn:aws:iam::123456789012:user/bob',
        source: {
          method: 'access-key',
          accessKeyId: 'AKIAX',
          secretAccessKey: 's',
        },
      },
    },
    'auth.roleArn',
    'role-arn-format',
  ],
  [
    'role ARN without account on AWS',
    {
      ...awsBase,
      auth: {
        method: 'assume-role',
        roleArn: 'arn:aws:iam:::role/reader',
        source: {
          method: 'access-key',
          accessKeyId: 'AKIAX',
          secretAccessKey: 's',
        },
      },
    },
    'auth.roleArn',
    'role-arn-account',
  ],
  [
    'KMS key on MinIO',
    {
      ...base,
      provider: 'minio',
      kmsKeyArn:
        'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab',
    },
    'kmsKeyArn',
    'kms-key-aws-only',
  ],
  [
    'KMS key in another region',
    {
      ...awsBase,
      kmsKeyArn:
        'arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab',
    },
    'kmsKeyArn',
    'kms-key-arn-region',
  ],
  [
    'ACL on MinIO',
    { ...base, provider: 'minio', defaultAcl: 'private' },
    'defaultAcl',
    'acl-unsupported-by-provider',
  ],
  [
    'ACL with enforced ownership',
    {
      ...awsBase,
      defaultAcl: 'public-read',
      objectOwnership: 'BucketOwnerEnforced',
    },
    'defaultAcl',
    'acl-ownership-enforced',
  ],
  [
    'prefix with leading slash',
    { ...base, prefix: '/team-a/' },
    'prefix',
    'prefix-leading-slash',
  ],
  [
    'prefix wildcard',
    { ...base, prefix: 'team-*/' },
    'prefix',
    'prefix-wildcard',
  ],
  [
    'prefix dot segment',
    { ...base, prefix: 'team-a/../team-b/' },
    'prefix',
    'prefix-dot-segment',
  ],
  [
    'prefix without trailing slash',
    { ...base, prefix: 'team-a' },
    'prefix',
    'prefix-trailing-slash',
  ],
  [
    'CORS origin with path',
    { ...base, cors: { origins: ['https://app.example.com/'] } },
    'cors.origins.0',
    'cors-origin-path',
  ],
  [
    'CORS origin two wildcards',
    { ...base, cors: { origins: ['https://*.*.example.com'] } },
    'cors.origins.0',
    'cors-origin-wildcard',
  ],
  [
    'CORS origin ftp',
    { ...base, cors: { origins: ['ftp://files.example.com'] } },
    'cors.origins.0',
    'cors-origin-scheme',
  ],
  [
    'upload mode needs write',
    { ...base, accessLevel: 'read', cors: { uploadMode: 'simple-put' } },
    'cors.uploadMode',
    'cors-upload-needs-write',
  ],
  [
    'custom actions wildcard',
    { ...base, accessLevel: 'custom', customActions: ['s3:Get*'] },
    'customActions.0',
    'action-wildcard',
  ],
  [
    'custom action refused',
    { ...base, accessLevel: 'custom', customActions: ['s3:PutBucketPolicy'] },
    'customActions.0',
    'action-refused',
  ],
  [
    'custom actions on read',
    { ...base, customActions: ['s3:GetObject'] },
    'customActions',
    'custom-actions-unexpected',
  ],
  [
    'owner of another kind',
    { ...base, owner: 'component:default/web' },
    'owner',
    'entity-ref-kind',
  ],
  [
    'endpoint not a URL',
    { ...base, endpoint: 'minio.local' },
    'endpoint',
    'endpoint-url',
  ],
  [
    'endpoint with user info',
    { ...base, endpoint: 'https://key:secret@minio.local' },
    'endpoint',
    'endpoint-userinfo',
  ],
  [
    'endpoint missing for MinIO',
    { ...base, provider: 'minio', endpoint: undefined },
    'endpoint',
    'endpoint-required',
  ],
  [
    'aws-account on MinIO',
    {
      ...base,
      provider: 'minio',
      auth: { method: 'aws-account', accountId: '123456789012' },
    },
    'auth.method',
    'auth-aws-account-provider',
  ],
  [
    'assume-role on R2',
    {
      ...base,
      provider: 'r2',
      region: 'auto',
      endpoint: 'https://acct.r2.cloudflarestorage.com',
      auth: {
        method: 'assume-role',
        roleArn: 'arn:aws:iam::123456789012:role/r',
        source: {
          method: 'access-key',
          accessKeyId: 'AKIAX',
          secretAccessKey: 's',
        },
      },
    },
    'auth.method',
    'auth-sts-unsupported',
  ],
  ['unknown field', { ...base, acl: 'private' }, 'acl', 'unknown-field'],
  [
    'wrong type',
    { ...base, forcePathStyle: 'yes' },
    'forcePathStyle',
    'schema-invalid_type',
  ],
  [
    'unknown provider',
    { ...base, provider: 'dropbox' },
    'provider',
    'schema-invalid_enum_value',
  ],
];

describe('bad input never reaches the store', () => {
  const databases = createTestDatabases();

  describe.each(databases.eachSupportedId())('on %p', databaseId => {
    it(`refuses ${CASES.length} distinct bad inputs, each naming its field and rule`, async () => {
      expect(new Set(CASES.map(c => c[3])).size).toBe(CASES.length);
      const knex = await databases.init(databaseId);
      const { server } = await startPluginBackend({ knex });
      const failures: string[] = [];
      for (const [what, body, field, rule] of CASES) {
        const res = await request(server)
          .post('/api/s3-resources/resources')
          .set(asUser())
          .send(JSON.parse(JSON.stringify(body)));
        const message: string = res.body?.error?.message ?? '';
        if (
          res.status !== 400 ||
          !message.includes(`${field}:`) ||
          !message.includes(`[${rule}]`)
        ) {
          failures.push(`${what}: ${res.status} ${message}`);
        }
      }
      expect(failures).toEqual([]);
      const [{ n }] = await knex('s3_resources').count({ n: '*' });
      expect(Number(n)).toBe(0);
    });

    it('leaves an existing record unchanged when an update is refused', async () => {
      const knex = await databases.init(databaseId);
      const { server } = await startPluginBackend({ knex });
      const created = await request(server)
        .post('/api/s3-resources/resources')
        .set(asUser())
        .send(validBody('keep-me', { prefix: 'team-a/' }));
      expect(created.status).toBe(201);
      const before = await knex('s3_resources')
        .where({ id: created.body.id })
        .first();
      for (const patch of [
        { bucket: 'Not_Valid' },
        { prefix: '/abs/' },
        { provider: 'minio', defaultAcl: 'private' },
        { unknown: true },
        { cors: { origins: ['https://a.example.com/path'] } },
      ]) {
        const res = await request(server)
          .patch(`/api/s3-resources/resources/${created.body.id}`)
          .set(asUser())
          .send({ version: 1, ...patch });
        expect(res.status).toBe(400);
      }
      const after = await knex('s3_resources')
        .where({ id: created.body.id })
        .first();
      expect(after).toEqual(before);
    });
  });
});
