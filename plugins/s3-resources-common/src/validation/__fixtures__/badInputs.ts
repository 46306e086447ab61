// Over 400 lines: data: one bad input per rule, as a table.
import { generateBucketPolicy } from '../../policies/bucketPolicy';
import { generateCorsConfiguration } from '../../policies/corsConfiguration';
import { generateIamPolicy } from '../../policies/iamPolicy';
import { generateTrustPolicy } from '../../policies/trustPolicy';
import {
  checkSettingsRules,
  parseCreateResourceRequest,
} from '../../schema/resourceRequest';
import { ResourceSettings } from '../../types';
import { checkAuthRules } from '../authRules';
import { validateAwsAccountId } from '../awsAccountId';
import { validateBucketName } from '../bucketName';
import { validateCannedAcl, validateDefaultAcl } from '../cannedAcl';
import { validateCidr, validateCidrs } from '../cidr';
import {
  validateCorsMaxAge,
  validateCorsMethods,
  validateCorsOrigin,
  validateCorsOrigins,
} from '../cors';
import { validateCustomActions } from '../customActions';
import { validateEndpoint } from '../endpoint';
import { OWNER_REF, validateEntityRef } from '../entityRef';
import { validateExternalId } from '../externalId';
import { checkGrantRules } from '../grantRules';
import { validatePrincipalArn, validateRoleArn } from '../iamArn';
import { validateKmsKeyArn } from '../kmsKeyArn';
import { validateObjectKey } from '../objectKey';
import { validatePrefix } from '../prefix';
import { validateRegion } from '../region';
import { RuleViolation, ValidationError } from '../types';

/** One input that must be refused, with the field and rule it breaks. */
export type BadInput = {
  /** What is wrong, in words (also the docs table's example column). */
  input: string;
  field: string;
  rule: string;
  run: () => RuleViolation | RuleViolation[] | undefined;
};

const KEY_ID = '1234abcd-12ab-34cd-56ef-1234567890ab';
const GOOD_EXTERNAL_ID = 'x5D2bC7kq9Vf0mRz3LwT8yHn4JpQs6Ae1GuKo';
const owner = OWNER_REF;

/** Settings that pass every rule; bad inputs change one thing. */
export const goodSettings: ResourceSettings = {
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

/** Runs a generator and returns the violations it throws. */
function thrown(fn: () => unknown): RuleViolation[] {
  try {
    fn();
  } catch (error) {
    if (error instanceof ValidationError) return error.violations;
    throw error;
  }
  return [];
}

export const BAD_INPUTS: BadInput[] = [
  // bucket names
  {
    input: '"ab"',
    field: 'bucket',
    rule: 'bucket-length',
    run: () => validateBucketName('ab'),
  },
  {
    input: '"My_Bucket"',
    field: 'bucket',
    rule: 'bucket-charset',
    run: () => validateBucketName('My_Bucket'),
  },
  {
    input: '"-bucket"',
    field: 'bucket',
    rule: 'bucket-start-end',
    run: () => validateBucketName('-bucket'),
  },
  {
    input: '"my..bucket"',
    field: 'bucket',
    rule: 'bucket-adjacent-dots',
    run: () => validateBucketName('my..bucket'),
  },
  {
    input: '"192.168.5.4"',
    field: 'bucket',
    rule: 'bucket-ip-address',
    run: () => validateBucketName('192.168.5.4'),
  },
  {
    input: '"xn--bucket"',
    field: 'bucket',
    rule: 'bucket-reserved-prefix',
    run: () => validateBucketName('xn--bucket'),
  },
  {
    input: '"logs-s3alias"',
    field: 'bucket',
    rule: 'bucket-reserved-suffix',
    run: () => validateBucketName('logs-s3alias'),
  },
  // regions
  {
    input: 'AWS, ""',
    field: 'region',
    rule: 'region-required',
    run: () => validateRegion('', { provider: 'aws' }),
  },
  {
    input: 'AWS, "auto"',
    field: 'region',
    rule: 'region-auto-not-aws',
    run: () => validateRegion('auto', { provider: 'aws' }),
  },
  {
    input: 'AWS, "Europe (Ireland)"',
    field: 'region',
    rule: 'region-aws-format',
    run: () => validateRegion('Europe (Ireland)', { provider: 'aws' }),
  },
  {
    input: 'AWS, "eu-west"',
    field: 'region',
    rule: 'region-aws-format',
    run: () => validateRegion('eu-west', { provider: 'aws' }),
  },
  {
    input: 'R2, "eu-west-1"',
    field: 'region',
    rule: 'region-r2',
    run: () => validateRegion('eu-west-1', { provider: 'r2' }),
  },
  {
    input: 'MinIO, "eu west"',
    field: 'region',
    rule: 'region-charset',
    run: () => validateRegion('eu west', { provider: 'minio' }),
  },
  // account IDs
  {
    input: '"12345"',
    field: 'auth.accountId',
    rule: 'account-id-format',
    run: () => validateAwsAccountId('12345'),
  },
  // role ARNs
  {
    input: 'AWS, a user ARN',
    field: 'auth.roleArn',
    rule: 'role-arn-format',
    run: () =>
      validateRoleArn('arn:aws:iam::123456789012:user/bob', {
        provider: 'aws',
      }),
  },
  {
    input: 'AWS, a role session ARN',
    field: 'auth.roleArn',
    rule: 'role-arn-assumed-role',
    run: () =>
      validateRoleArn(
        'arn:aws:sts::123456789012:assumed-role/portal/session-1',
        { provider: 'aws' },
      ),
  },
  {
    input: 'AWS, partition "aws-eu"',
    field: 'auth.roleArn',
    rule: 'role-arn-partition',
    run: () =>
      validateRoleArn('arn:aws-eu:iam::123456789012:role/portal', {
        provider: 'aws',
      }),
  },
  {
    input: 'Ceph RGW, partition "minio"',
    field: 'auth.roleArn',
    rule: 'role-arn-partition',
    run: () =>
      validateRoleArn('arn:minio:iam:::role/portal', { provider: 'ceph-rgw' }),
  },
  {
    input: 'AWS, empty account',
    field: 'auth.roleArn',
    rule: 'role-arn-account',
    run: () =>
      validateRoleArn('arn:aws:iam:::role/portal', { provider: 'aws' }),
  },
  {
    input: 'AWS, a space in the path',
    field: 'auth.roleArn',
    rule: 'role-arn-path',
    run: () =>
      validateRoleArn('arn:aws:iam::123456789012:role/my team/portal', {
        provider: 'aws',
      }),
  },
  {
    input: 'AWS, a 65-character name',
    field: 'auth.roleArn',
    rule: 'role-arn-name',
    run: () =>
      validateRoleArn(`arn:aws:iam::123456789012:role/${'r'.repeat(65)}`, {
        provider: 'aws',
      }),
  },
  {
    input: 'AWS, 2,100 characters',
    field: 'auth.roleArn',
    rule: 'role-arn-length',
    run: () =>
      validateRoleArn(`arn:aws:iam::123456789012:role/${'p/'.repeat(1030)}x`, {
        provider: 'aws',
      }),
  },
  // principal ARNs
  {
    input: 'a group ARN',
    field: 'principalArn',
    rule: 'principal-arn-format',
    run: () =>
      validatePrincipalArn('arn:aws:iam::123456789012:group/devs', {
        provider: 'aws',
      }),
  },
  {
    input: 'a role session ARN',
    field: 'principalArn',
    rule: 'principal-arn-assumed-role',
    run: () =>
      validatePrincipalArn('arn:aws:sts::123456789012:assumed-role/portal/s', {
        provider: 'aws',
      }),
  },
  {
    input: 'Wasabi, partition "aws-cn"',
    field: 'principalArn',
    rule: 'principal-arn-partition',
    run: () =>
      validatePrincipalArn('arn:aws-cn:iam::123456789012:user/portal', {
        provider: 'wasabi',
      }),
  },
  {
    input: 'Ceph RGW, account "acme corp"',
    field: 'principalArn',
    rule: 'principal-arn-account',
    run: () =>
      validatePrincipalArn('arn:aws:iam::acme corp:user/portal', {
        provider: 'ceph-rgw',
      }),
  },
  {
    input: 'an empty path segment',
    field: 'principalArn',
    rule: 'principal-arn-path',
    run: () =>
      validatePrincipalArn('arn:aws:iam::123456789012:user//portal', {
        provider: 'aws',
      }),
  },
  {
    input: 'name with "#"',
    field: 'principalArn',
    rule: 'principal-arn-name',
    run: () =>
      validatePrincipalArn('arn:aws:iam::123456789012:user/port#al', {
        provider: 'aws',
      }),
  },
  {
    input: '2,100 characters',
    field: 'principalArn',
    rule: 'principal-arn-length',
    run: () =>
      validatePrincipalArn(
        `arn:aws:iam::123456789012:user/${'p/'.repeat(1030)}x`,
        { provider: 'aws' },
      ),
  },
  // KMS keys
  {
    input: 'MinIO, any key',
    field: 'kmsKeyArn',
    rule: 'kms-key-aws-only',
    run: () =>
      validateKmsKeyArn(`arn:aws:kms:us-east-1:123456789012:key/${KEY_ID}`, {
        provider: 'minio',
      }),
  },
  {
    input: 'key ID that is not a UUID',
    field: 'kmsKeyArn',
    rule: 'kms-key-arn-format',
    run: () =>
      validateKmsKeyArn('arn:aws:kms:eu-west-1:123456789012:key/my-key', {
        provider: 'aws',
      }),
  },
  {
    input: 'bare key ID',
    field: 'kmsKeyArn',
    rule: 'kms-key-arn-format',
    run: () => validateKmsKeyArn(KEY_ID, { provider: 'aws' }),
  },
  {
    input: '4-digit account',
    field: 'kmsKeyArn',
    rule: 'kms-key-arn-account',
    run: () =>
      validateKmsKeyArn(`arn:aws:kms:eu-west-1:1234:key/${KEY_ID}`, {
        provider: 'aws',
      }),
  },
  {
    input: 'partition aws with region cn-north-1',
    field: 'kmsKeyArn',
    rule: 'kms-key-arn-partition',
    run: () =>
      validateKmsKeyArn(`arn:aws:kms:cn-north-1:123456789012:key/${KEY_ID}`, {
        provider: 'aws',
      }),
  },
  {
    input: 'key in us-east-1, bucket in eu-west-1',
    field: 'kmsKeyArn',
    rule: 'kms-key-arn-region',
    run: () =>
      validateKmsKeyArn(`arn:aws:kms:us-east-1:123456789012:key/${KEY_ID}`, {
        provider: 'aws',
        region: 'eu-west-1',
      }),
  },
  // canned ACLs
  {
    input: '"public"',
    field: 'acl',
    rule: 'acl-unknown',
    run: () => validateCannedAcl('public', { target: 'object' }),
  },
  {
    input: 'bucket, "bucket-owner-full-control"',
    field: 'acl',
    rule: 'acl-object-only',
    run: () =>
      validateCannedAcl('bucket-owner-full-control', { target: 'bucket' }),
  },
  {
    input: 'bucket, "aws-exec-read"',
    field: 'acl',
    rule: 'acl-object-only',
    run: () => validateCannedAcl('aws-exec-read', { target: 'bucket' }),
  },
  {
    input: 'object, "log-delivery-write"',
    field: 'acl',
    rule: 'acl-bucket-only',
    run: () => validateCannedAcl('log-delivery-write', { target: 'object' }),
  },
  {
    input: 'MinIO, "private"',
    field: 'defaultAcl',
    rule: 'acl-unsupported-by-provider',
    run: () => validateDefaultAcl('private', { provider: 'minio' }),
  },
  {
    input: 'BucketOwnerEnforced, "private"',
    field: 'defaultAcl',
    rule: 'acl-ownership-enforced',
    run: () =>
      validateDefaultAcl('private', {
        provider: 'aws',
        objectOwnership: 'BucketOwnerEnforced',
      }),
  },
  {
    input: 'Wasabi, "aws-exec-read"',
    field: 'defaultAcl',
    rule: 'acl-aws-only',
    run: () => validateDefaultAcl('aws-exec-read', { provider: 'wasabi' }),
  },
  // object keys (the Objects routes)
  {
    input: '""',
    field: 'key',
    rule: 'key-empty',
    run: () => validateObjectKey('', { prefix: 'app/' }),
  },
  {
    input: '1,025 bytes',
    field: 'key',
    rule: 'key-length',
    run: () => validateObjectKey(`app/${'k'.repeat(1021)}`, { prefix: 'app/' }),
  },
  {
    input: 'a line feed',
    field: 'key',
    rule: 'key-charset',
    run: () => validateObjectKey('app/a\nb.txt', { prefix: 'app/' }),
  },
  {
    input: 'a folder without its "/"',
    field: 'folder',
    rule: 'folder-trailing-slash',
    run: () =>
      validateObjectKey('app/reports', {
        prefix: 'app/',
        field: 'folder',
        folder: true,
      }),
  },
  {
    input: '"/app/a.txt"',
    field: 'key',
    rule: 'key-leading-slash',
    run: () => validateObjectKey('/app/a.txt', { prefix: 'app/' }),
  },
  {
    input: '"%2Fa.txt" (an encoded leading slash, no prefix)',
    field: 'key',
    rule: 'key-leading-slash',
    run: () => validateObjectKey('%2Fa.txt'),
  },
  {
    input: '"app/../web/a.txt"',
    field: 'key',
    rule: 'key-dot-segment',
    run: () => validateObjectKey('app/../web/a.txt', { prefix: 'app/' }),
  },
  {
    input: '"app/%252e%252e/web/a.txt" (doubly encoded)',
    field: 'key',
    rule: 'key-dot-segment',
    run: () =>
      validateObjectKey('app/%252e%252e/web/a.txt', { prefix: 'app/' }),
  },
  {
    input: '"app/\uFF0E\uFF0E/web/a.txt" (fullwidth dots)',
    field: 'key',
    rule: 'key-dot-segment',
    run: () =>
      validateObjectKey('app/\uFF0E\uFF0E/web/a.txt', { prefix: 'app/' }),
  },
  {
    input: '"web/a.txt" for prefix app/',
    field: 'key',
    rule: 'key-outside-prefix',
    run: () => validateObjectKey('web/a.txt', { prefix: 'app/' }),
  },
  {
    input: '"app\uFF0Fa.txt" (a fullwidth slash, not a folder)',
    field: 'key',
    rule: 'key-outside-prefix',
    run: () => validateObjectKey('app\uFF0Fa.txt', { prefix: 'app/' }),
  },
  {
    input: '"app//a.txt"',
    field: 'key',
    rule: 'key-empty-segment',
    run: () => validateObjectKey('app//a.txt', { prefix: 'app/' }),
  },
  // prefixes
  {
    input: '""',
    field: 'prefix',
    rule: 'prefix-empty',
    run: () => validatePrefix(''),
  },
  {
    input: '600 bytes',
    field: 'prefix',
    rule: 'prefix-length',
    run: () => validatePrefix(`${'é'.repeat(300)}/`),
  },
  {
    input: 'a NUL character',
    field: 'prefix',
    rule: 'prefix-charset',
    run: () => validatePrefix('team\u0000a/'),
  },
  {
    input: 'a right-to-left override',
    field: 'prefix',
    rule: 'prefix-charset',
    run: () => validatePrefix('team\u202ea/'),
  },
  {
    input: '"/team-a/"',
    field: 'prefix',
    rule: 'prefix-leading-slash',
    run: () => validatePrefix('/team-a/'),
  },
  {
    input: '"team-*/"',
    field: 'prefix',
    rule: 'prefix-wildcard',
    run: () => validatePrefix('team-*/'),
  },
  {
    input: '"${aws:username}/"',
    field: 'prefix',
    rule: 'prefix-policy-variable',
    run: () => validatePrefix('${aws:username}/'),
  },
  {
    input: '"team-a/../team-b/"',
    field: 'prefix',
    rule: 'prefix-dot-segment',
    run: () => validatePrefix('team-a/../team-b/'),
  },
  {
    input: '"team-a//logs/"',
    field: 'prefix',
    rule: 'prefix-empty-segment',
    run: () => validatePrefix('team-a//logs/'),
  },
  {
    input: '"team-a"',
    field: 'prefix',
    rule: 'prefix-trailing-slash',
    run: () => validatePrefix('team-a'),
  },
  // CIDRs
  {
    input: '"300.1.1.1/32"',
    field: 'egressCidrs',
    rule: 'cidr-address',
    run: () => validateCidr('300.1.1.1/32'),
  },
  {
    input: '"010.0.0.0/8"',
    field: 'egressCidrs',
    rule: 'cidr-address',
    run: () => validateCidr('010.0.0.0/8'),
  },
  {
    input: '"2001:db8:::1/128"',
    field: 'egressCidrs',
    rule: 'cidr-address',
    run: () => validateCidr('2001:db8:::1/128'),
  },
  {
    input: '"203.0.113.5"',
    field: 'egressCidrs',
    rule: 'cidr-prefix-length-missing',
    run: () => validateCidr('203.0.113.5'),
  },
  {
    input: '"10.0.0.0/33"',
    field: 'egressCidrs',
    rule: 'cidr-prefix-length',
    run: () => validateCidr('10.0.0.0/33'),
  },
  {
    input: '"2001:db8::/129"',
    field: 'egressCidrs',
    rule: 'cidr-prefix-length',
    run: () => validateCidr('2001:db8::/129'),
  },
  {
    input: '"0.0.0.0/0"',
    field: 'egressCidrs',
    rule: 'cidr-too-broad',
    run: () => validateCidr('0.0.0.0/0'),
  },
  {
    input: '"10.0.0.5/24"',
    field: 'egressCidrs',
    rule: 'cidr-host-bits',
    run: () => validateCidr('10.0.0.5/24'),
  },
  {
    input: '"2001:db8::1/64"',
    field: 'egressCidrs',
    rule: 'cidr-host-bits',
    run: () => validateCidr('2001:db8::1/64'),
  },
  {
    input: '"2001:db8::/32" twice, written differently',
    field: 'egressCidrs.1',
    rule: 'cidr-duplicate',
    run: () => validateCidrs(['2001:db8::/32', '2001:0DB8:0:0::/32']),
  },
  // CORS
  {
    input: '"https://*.*.example.com"',
    field: 'cors.origins',
    rule: 'cors-origin-wildcard',
    run: () => validateCorsOrigin('https://*.*.example.com'),
  },
  {
    input: '"backstage.example.com"',
    field: 'cors.origins',
    rule: 'cors-origin-format',
    run: () => validateCorsOrigin('backstage.example.com'),
  },
  {
    input: '"ftp://files.example.com"',
    field: 'cors.origins',
    rule: 'cors-origin-scheme',
    run: () => validateCorsOrigin('ftp://files.example.com'),
  },
  {
    input: '"https://user@app.example.com"',
    field: 'cors.origins',
    rule: 'cors-origin-userinfo',
    run: () => validateCorsOrigin('https://user@app.example.com'),
  },
  {
    input: '"https://app.example.com/"',
    field: 'cors.origins',
    rule: 'cors-origin-path',
    run: () => validateCorsOrigin('https://app.example.com/'),
  },
  {
    input: '"https://app.example.com/portal"',
    field: 'cors.origins',
    rule: 'cors-origin-path',
    run: () => validateCorsOrigin('https://app.example.com/portal'),
  },
  {
    input: '"https://App.Example.com:443"',
    field: 'cors.origins',
    rule: 'cors-origin-canonical',
    run: () => validateCorsOrigin('https://App.Example.com:443'),
  },
  {
    input: 'the same origin twice',
    field: 'cors.origins.1',
    rule: 'cors-origin-duplicate',
    run: () =>
      validateCorsOrigins(['https://a.example.com', 'https://a.example.com']),
  },
  {
    input: '"PATCH"',
    field: 'cors.methods.0',
    rule: 'cors-method-unknown',
    run: () => validateCorsMethods(['PATCH']),
  },
  {
    input: '"GET" twice',
    field: 'cors.methods.1',
    rule: 'cors-method-duplicate',
    run: () => validateCorsMethods(['GET', 'GET']),
  },
  {
    input: '90000',
    field: 'cors.maxAgeSeconds',
    rule: 'cors-max-age',
    run: () => validateCorsMaxAge(90000),
  },
  // custom actions
  {
    input: '[]',
    field: 'customActions',
    rule: 'custom-actions-empty',
    run: () => validateCustomActions([]),
  },
  {
    input: '["kms:Decrypt"]',
    field: 'customActions.0',
    rule: 'action-service',
    run: () => validateCustomActions(['kms:Decrypt']),
  },
  {
    input: '["s3:Get*"]',
    field: 'customActions.0',
    rule: 'action-wildcard',
    run: () => validateCustomActions(['s3:Get*']),
  },
  {
    input: '["s3:getobject"]',
    field: 'customActions.0',
    rule: 'action-unknown',
    run: () => validateCustomActions(['s3:getobject']),
  },
  {
    input: '["s3:ListAllMyBuckets"]',
    field: 'customActions.0',
    rule: 'action-unknown',
    run: () => validateCustomActions(['s3:ListAllMyBuckets']),
  },
  {
    input: '["s3:PutBucketPolicy"]',
    field: 'customActions.0',
    rule: 'action-refused',
    run: () => validateCustomActions(['s3:PutBucketPolicy']),
  },
  {
    input: '["s3:GetObject", "s3:GetObject"]',
    field: 'customActions.1',
    rule: 'action-duplicate',
    run: () => validateCustomActions(['s3:GetObject', 's3:GetObject']),
  },
  {
    input: 'customActions with access level "read"',
    field: 'customActions',
    rule: 'custom-actions-unexpected',
    run: () =>
      checkGrantRules({
        bucket: 'acme',
        region: 'eu-west-1',
        accessLevel: 'read',
        customActions: ['s3:GetObject'],
      }),
  },
  // entity refs
  {
    input: '"group:default/team/a"',
    field: 'owner',
    rule: 'entity-ref-format',
    run: () => validateEntityRef('group:default/team/a', owner),
  },
  {
    input: '"Team A"',
    field: 'owner',
    rule: 'entity-ref-name',
    run: () => validateEntityRef('Team A', owner),
  },
  {
    input: '"component:default/web"',
    field: 'owner',
    rule: 'entity-ref-kind',
    run: () => validateEntityRef('component:default/web', owner),
  },
  {
    input: '"group:my_ns/team-a"',
    field: 'owner',
    rule: 'entity-ref-namespace',
    run: () => validateEntityRef('group:my_ns/team-a', owner),
  },
  {
    input: '"group:default/-team"',
    field: 'owner',
    rule: 'entity-ref-name',
    run: () => validateEntityRef('group:default/-team', owner),
  },
  // endpoints
  {
    input: '"minio.local"',
    field: 'endpoint',
    rule: 'endpoint-url',
    run: () => validateEndpoint('minio.local'),
  },
  {
    input: '"ftp://minio.local"',
    field: 'endpoint',
    rule: 'endpoint-scheme',
    run: () => validateEndpoint('ftp://minio.local'),
  },
  {
    input: '"https://key:secret@minio.local"',
    field: 'endpoint',
    rule: 'endpoint-userinfo',
    run: () => validateEndpoint('https://key:secret@minio.local'),
  },
  {
    input: '"https://minio.local/?x=1"',
    field: 'endpoint',
    rule: 'endpoint-query',
    run: () => validateEndpoint('https://minio.local/?x=1'),
  },
  // external IDs
  {
    input: '"acme"',
    field: 'externalId',
    rule: 'external-id-length',
    run: () => validateExternalId('acme'),
  },
  {
    input: '32 characters with spaces',
    field: 'externalId',
    rule: 'external-id-charset',
    run: () => validateExternalId('this external id has spaces in it'),
  },
  // credentials against provider and region
  {
    input: 'aws-account on MinIO',
    field: 'auth.method',
    rule: 'auth-aws-account-provider',
    run: () =>
      checkAuthRules(
        { method: 'aws-account', accountId: '123456789012' },
        { provider: 'minio', region: 'us-east-1' },
      ),
  },
  {
    input: 'aws-account with a custom endpoint',
    field: 'auth.method',
    rule: 'auth-aws-account-endpoint',
    run: () =>
      checkAuthRules(
        { method: 'aws-account', accountId: '123456789012' },
        {
          provider: 'aws',
          region: 'us-east-1',
          endpoint: 'https://s3.example.com',
        },
      ),
  },
  {
    input: 'assume-role on R2',
    field: 'auth.method',
    rule: 'auth-sts-unsupported',
    run: () =>
      checkAuthRules(
        {
          method: 'assume-role',
          roleArn: 'arn:aws:iam:::role/portal',
          source: { method: 'access-key', accessKeyId: 'AKIAEXAMPLE' },
        },
        { provider: 'r2', region: 'auto' },
      ),
  },
  {
    input: 'role in aws, bucket in cn-north-1',
    field: 'auth.roleArn',
    rule: 'role-arn-partition',
    run: () =>
      checkAuthRules(
        {
          method: 'assume-role',
          roleArn: 'arn:aws:iam::123456789012:role/portal',
          source: { method: 'aws-account', accountId: '123456789012' },
        },
        { provider: 'aws', region: 'cn-north-1' },
      ),
  },
  // rules across settings
  {
    input: 'MinIO without endpoint',
    field: 'endpoint',
    rule: 'endpoint-required',
    run: () =>
      checkSettingsRules({
        ...goodSettings,
        provider: 'minio',
        region: 'us-east-1',
      }),
  },
  {
    input: 'upload mode "simple-put" with access "read"',
    field: 'cors.uploadMode',
    rule: 'cors-upload-needs-write',
    run: () =>
      checkSettingsRules({
        ...goodSettings,
        cors: { ...goodSettings.cors, uploadMode: 'simple-put' },
      }),
  },
  {
    input: 'CORS DELETE with access "full"',
    field: 'cors.methods.0',
    rule: 'cors-method-needs-action',
    run: () =>
      checkSettingsRules({
        ...goodSettings,
        accessLevel: 'full',
        cors: { ...goodSettings.cors, methods: ['DELETE'] },
      }),
  },
  {
    input: 'an unknown field "acl"',
    field: 'acl',
    rule: 'unknown-field',
    run: () =>
      thrown(() =>
        parseCreateResourceRequest({
          ...goodSettings,
          acl: 'private',
          auth: { method: 'aws-account', accountId: '123456789012' },
        }),
      ),
  },
  // generators
  {
    input: 'bucket policy without principal',
    field: 'principalArn',
    rule: 'principal-arn-required',
    run: () =>
      thrown(() =>
        generateBucketPolicy({
          bucket: 'acme',
          region: 'eu-west-1',
          accessLevel: 'read',
          principalArn: '',
        }),
      ),
  },
  {
    input: 'trust policy without external ID',
    field: 'externalId',
    rule: 'external-id-required',
    run: () =>
      thrown(() =>
        generateTrustPolicy({
          portalPrincipalArn: 'arn:aws:iam::123456789012:role/portal',
        }),
      ),
  },
  {
    input: 'trust policy for R2',
    field: 'provider',
    rule: 'sts-unsupported',
    run: () =>
      thrown(() =>
        generateTrustPolicy({
          portalPrincipalArn: 'arn:aws:iam:::user/portal',
          externalId: GOOD_EXTERNAL_ID,
          provider: 'r2',
        }),
      ),
  },
  {
    input: 'CORS without origins',
    field: 'cors.origins',
    rule: 'cors-origins-empty',
    run: () =>
      thrown(() =>
        generateCorsConfiguration({
          bucket: 'acme',
          origins: [],
          uploadMode: 'simple-put',
        }),
      ),
  },
  {
    input: 'upload mode "resumable"',
    field: 'cors.uploadMode',
    rule: 'cors-upload-mode',
    run: () =>
      thrown(() =>
        generateCorsConfiguration({
          bucket: 'acme',
          origins: ['https://a.example.com'],
          uploadMode: 'resumable' as never,
        }),
      ),
  },
  {
    input: '300 IPv6 egress CIDRs',
    field: 'policy',
    rule: 'policy-size',
    run: () =>
      thrown(() =>
        generateIamPolicy({
          bucket: 'acme',
          region: 'eu-west-1',
          accessLevel: 'read-write',
          egressCidrs: Array.from(
            { length: 300 },
            (_, i) => `2001:db8:${i.toString(16)}::/48`,
          ),
        }),
      ),
  },
];
