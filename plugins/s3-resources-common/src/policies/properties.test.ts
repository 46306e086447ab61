import fc from 'fast-check';
import { PROVIDER_IDS, PROVIDER_PROFILES } from '../providers';
import { CorsMethod, PolicyGrantInput, ProviderId, UploadMode } from '../types';
import {
  checkGrantRules,
  getS3Action,
  OBJECT_CANNED_ACLS,
  partitionForRegion,
  S3_ACTIONS,
} from '../validation';
import { ACL_ACTIONS, FULL_ACTIONS, READ_WRITE_ACTIONS } from './accessLevels';
import { generateBucketPolicy } from './bucketPolicy';
import { compareCorsConfiguration } from './compareCorsConfiguration';
import {
  generateCorsConfiguration,
  UPLOAD_MODE_METHODS,
} from './corsConfiguration';
import { generateIamPolicy } from './iamPolicy';
import {
  MAX_BUCKET_POLICY_BYTES,
  MAX_MANAGED_POLICY_CHARS,
} from './policySize';
import { GeneratedPolicy, PolicyStatement } from './types';

const AWS_REGIONS = [
  'us-east-1',
  'eu-west-1',
  'ap-southeast-2',
  'sa-east-1',
  'cn-north-1',
  'cn-northwest-1',
  'us-gov-west-1',
  'us-gov-east-1',
];
const OTHER_REGIONS = ['us-east-1', 'default', 'eu-central-1', 'zg_1'];
const GRANTABLE = S3_ACTIONS.filter(a => !a.refused).map(a => a.action);
const KEY_ID = fc.uuid({ version: 4 });

const bucketName = fc
  .tuple(
    fc.stringMatching(/^[a-z0-9]$/),
    fc.stringMatching(/^[a-z0-9-]{1,40}$/),
    fc.stringMatching(/^[a-z0-9]$/),
  )
  .map(([a, b, c]) => `${a}${b}${c}`)
  .filter(b => !b.startsWith('xn--') && !b.startsWith('sthree-'))
  .filter(b => !/(-s3alias|--ol-s3|--x-s3|--table-s3)$/.test(b));

const prefix = fc
  .array(
    fc
      .stringMatching(/^[A-Za-z0-9_.é -]{1,16}$/)
      .filter(s => s !== '.' && s !== '..'),
    { minLength: 1, maxLength: 4 },
  )
  .map(segments => `${segments.join('/')}/`);

const ipv4Cidr = fc
  .tuple(
    fc.integer({ min: 0, max: 2 ** 32 - 1 }),
    fc.integer({ min: 8, max: 32 }),
  )
  .map(([value, length]) => {
    const network = value - (value % 2 ** (32 - length));
    const text = [24, 16, 8, 0]
      .map(s => Math.floor(network / 2 ** s) % 256)
      .join('.');
    return `${text}/${length}`;
  });

/** Valid grant inputs for every provider, built the way the validators allow. */
const grantInput: fc.Arbitrary<PolicyGrantInput> = fc
  .constantFrom<ProviderId>(...PROVIDER_IDS)
  .chain(provider => {
    const profile = PROVIDER_PROFILES[provider];
    const regions: Partial<Record<ProviderId, string[]>> = {
      aws: AWS_REGIONS,
      r2: ['auto'],
    };
    const region = fc.constantFrom(...(regions[provider] ?? OTHER_REGIONS));
    const ownership = fc.option(
      fc.constantFrom(
        'BucketOwnerEnforced',
        'BucketOwnerPreferred',
        'ObjectWriter' as const,
      ),
      { nil: undefined },
    );
    return fc
      .record({ region, objectOwnership: ownership })
      .chain(({ region: r, objectOwnership }) => {
        const acls =
          profile.supportsAcl && objectOwnership !== 'BucketOwnerEnforced'
            ? OBJECT_CANNED_ACLS.filter(
                a => profile.isAws || a !== 'aws-exec-read',
              )
            : [];
        const partition = partitionForRegion(r);
        return fc.record(
          {
            provider: fc.constant(provider),
            bucket: bucketName,
            region: fc.constant(r),
            prefix: fc.option(prefix, { nil: undefined }),
            accessLevel: fc.constantFrom(
              'read',
              'read-write',
              'full',
              'custom' as const,
            ),
            customActions: fc.subarray(GRANTABLE, {
              minLength: 1,
              maxLength: 30,
            }),
            defaultAcl: fc.constantFrom('none' as const, ...acls),
            objectOwnership: fc.constant(objectOwnership),
            kmsKeyArn: profile.isAws
              ? fc.option(
                  fc.oneof(
                    KEY_ID.map(
                      id => `arn:${partition}:kms:${r}:123456789012:key/${id}`,
                    ),
                    fc.constant(
                      `arn:${partition}:kms:${r}:123456789012:alias/uploads`,
                    ),
                  ),
                  { nil: undefined },
                )
              : fc.constant(undefined),
            egressCidrs: fc.uniqueArray(ipv4Cidr, { maxLength: 5 }),
          },
          {
            requiredKeys: [
              'provider',
              'bucket',
              'region',
              'accessLevel',
              'customActions',
            ],
          },
        );
      });
  })
  .map(input =>
    input.accessLevel === 'custom'
      ? input
      : { ...input, customActions: undefined },
  );

function s3Statements(out: GeneratedPolicy): PolicyStatement[] {
  return out.policy.Statement.filter(s =>
    s.Action.every(a => a.startsWith('s3:')),
  );
}

function checkStructure(input: PolicyGrantInput, out: GeneratedPolicy) {
  const partition = PROVIDER_PROFILES[input.provider ?? 'aws'].isAws
    ? partitionForRegion(input.region)
    : 'aws';
  const bucketArn = `arn:${partition}:s3:::${input.bucket}`;
  const objectArn = `${bucketArn}/${input.prefix ?? ''}*`;

  // valid JSON that says the same as the object
  expect(JSON.parse(out.json)).toEqual(out.policy);
  expect(out.size).toBeLessThanOrEqual(out.maxSize);

  const sids = out.policy.Statement.map(s => s.Sid);
  expect(new Set(sids).size).toBe(sids.length);
  for (const sid of sids) expect(sid).toMatch(/^[A-Za-z0-9]+$/);

  for (const statement of out.policy.Statement) {
    expect(statement.Action.length).toBeGreaterThan(0);
    const kms = statement.Action.every(a => a.startsWith('kms:'));
    if (kms) {
      expect(input.kmsKeyArn).toBeDefined();
      expect(statement.Resource).toMatch(new RegExp(`^arn:${partition}:kms:`));
      expect(statement.Condition?.IpAddress).toBeUndefined();
      continue;
    }
    for (const action of statement.Action) {
      const info = getS3Action(action);
      expect(info).toBeDefined();
      expect(info?.refused).toBeUndefined();
      // bucket actions only on the bucket, object actions only on objects
      expect([action, statement.Resource]).toEqual([
        action,
        info?.level === 'bucket' ? bucketArn : objectArn,
      ]);
    }
    const prefixCondition = statement.Condition?.StringLike?.['s3:prefix'];
    const lists = statement.Action.some(a => getS3Action(a)?.prefixScoped);
    expect(prefixCondition).toEqual(
      input.prefix && lists ? `${input.prefix}*` : undefined,
    );
    const cidrs = input.egressCidrs ?? [];
    expect(statement.Condition?.IpAddress?.['aws:SourceIp']).toEqual(
      cidrs.length ? cidrs : undefined,
    );
  }

  const granted = s3Statements(out).flatMap(s => s.Action);
  expect(new Set(granted).size).toBe(granted.length);
  if (input.accessLevel === 'custom') {
    expect([...granted].sort()).toEqual(
      [...(input.customActions ?? [])].sort(),
    );
  } else {
    const allowed = new Set([
      ...FULL_ACTIONS,
      ...READ_WRITE_ACTIONS.map(a => a.action),
      's3:PutObjectAcl',
    ]);
    for (const action of granted) expect(allowed.has(action)).toBe(true);
    const aclsUsed =
      PROVIDER_PROFILES[input.provider ?? 'aws'].supportsAcl &&
      input.objectOwnership !== 'BucketOwnerEnforced' &&
      (input.defaultAcl ?? 'none') !== 'none';
    const hasBucketAcl = PROVIDER_PROFILES[input.provider ?? 'aws'].supportsAcl;
    if (!aclsUsed) {
      for (const acl of ACL_ACTIONS) {
        // the access map reads the bucket ACL wherever the bucket has one
        if (acl === 's3:GetBucketAcl' && hasBucketAcl) continue;
        expect(granted).not.toContain(acl);
      }
    }
  }

  // each granted action has its reason, and only those
  const grants = out.policy.Statement.flatMap(s =>
    s.Action.map(a => `${a} ${s.Resource}`),
  );
  expect(out.reasons.map(r => `${r.action} ${r.resource}`).sort()).toEqual(
    grants.sort(),
  );
}

describe('policy properties', () => {
  it('generated inputs are valid', () => {
    fc.assert(
      fc.property(grantInput, input => {
        expect(checkGrantRules(input)).toEqual([]);
      }),
    );
  });

  it('identity policies keep the structural rules', () => {
    fc.assert(
      fc.property(grantInput, input => {
        const out = generateIamPolicy(input);
        checkStructure(input, out);
        expect(out.maxSize).toBe(MAX_MANAGED_POLICY_CHARS);
        const kms = out.policy.Statement.find(s => s.Sid === 'SseKmsKey');
        const granted = out.policy.Statement.flatMap(s => s.Action);
        // GenerateDataKey exactly when there is a KMS statement and uploads
        expect(granted.includes('kms:GenerateDataKey')).toBe(
          kms !== undefined && granted.includes('s3:PutObject'),
        );
      }),
      { numRuns: 300 },
    );
  });

  it('bucket policies keep them too, name the principal and hold no KMS', () => {
    fc.assert(
      fc.property(grantInput, input => {
        const principalArn = PROVIDER_PROFILES[input.provider ?? 'aws'].isAws
          ? `arn:${partitionForRegion(
              input.region,
            )}:iam::123456789012:role/portal`
          : 'arn:aws:iam:::user/portal';
        const out = generateBucketPolicy({ ...input, principalArn });
        checkStructure(input, out);
        expect(out.maxSize).toBe(MAX_BUCKET_POLICY_BYTES);
        for (const s of out.policy.Statement) {
          expect(s.Principal).toEqual({ AWS: principalArn });
          expect(s.Action.some(a => a.startsWith('kms:'))).toBe(false);
        }
      }),
      { numRuns: 200 },
    );
  });

  const origin = fc.oneof(
    fc.constant('*'),
    fc
      .tuple(
        fc.constantFrom('http', 'https'),
        fc.option(fc.constant('*.'), { nil: '' }),
        fc.domain(),
        fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined }),
      )
      .map(([scheme, wild, host, port]) => {
        const url = new URL(`${scheme}://${host}${port ? `:${port}` : ''}`);
        return `${scheme}://${wild}${url.host}`;
      }),
  );

  it('CORS rules serve the upload mode, and the bucket that has them matches', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(origin, { minLength: 1, maxLength: 5 }),
        fc.constantFrom<UploadMode>(
          'download-only',
          'simple-put',
          'presigned-post',
          'multipart',
        ),
        fc.subarray<CorsMethod>(['GET', 'PUT', 'POST', 'DELETE', 'HEAD']),
        (origins, uploadMode, methods) => {
          const out = generateCorsConfiguration({
            bucket: 'acme',
            origins,
            uploadMode,
            methods,
          });
          const [rule] = out.configuration.CORSRules;
          expect(out.configuration.CORSRules).toHaveLength(1);
          expect(rule.AllowedOrigins).toEqual(origins);
          expect(new Set(rule.AllowedMethods)).toEqual(
            new Set([...UPLOAD_MODE_METHODS[uploadMode], ...methods]),
          );
          expect(rule.ExposeHeaders?.includes('ETag') ?? false).toBe(
            uploadMode === 'multipart',
          );
          expect(JSON.parse(out.json)).toEqual(out.configuration);
          expect(
            compareCorsConfiguration(out.configuration, out.configuration)
              .matches,
          ).toBe(true);
          expect(
            compareCorsConfiguration(undefined, out.configuration).missing,
          ).toEqual([rule]);
          // dropping any one method the mode needs is noticed
          for (const method of UPLOAD_MODE_METHODS[uploadMode]) {
            const narrower = {
              ...rule,
              AllowedMethods: rule.AllowedMethods.filter(m => m !== method),
            };
            expect(
              compareCorsConfiguration([narrower], out.configuration).matches,
            ).toBe(false);
          }
        },
      ),
    );
  });
});
