// Over 400 lines: one property per validator, sharing the arbitraries defined at the top.
import fc from 'fast-check';
import { generateResourcePolicies } from '../policies/resourcePolicies';
import { PROVIDER_IDS } from '../providers';
import {
  checkSettingsRules,
  parseCreateResourceRequest,
  parseUpdateResourceRequest,
} from '../schema/resourceRequest';
import { ProviderId } from '../types';
import {
  RuleViolation,
  ValidationError,
  checkAuthRules,
  checkGrantRules,
  findS3ActionIgnoringCase,
  getS3Action,
  isPrivateCidr,
  normalizeCidr,
  parseIamArn,
  parseKmsKeyArn,
  partitionForRegion,
  validateAwsAccountId,
  validateBucketName,
  validateCannedAcl,
  validateCidr,
  validateCidrs,
  validateCorsMaxAge,
  validateCorsMethods,
  validateCorsOrigin,
  validateCorsOrigins,
  validateCustomActions,
  validateDefaultAcl,
  validateEndpoint,
  OWNER_REF,
  SYSTEM_REF,
  validateEntityRef,
  validateExternalId,
  validateKmsKeyArn,
  validatePrefix,
  validatePrincipalArn,
  validateRegion,
  validateRoleArn,
} from './index';

// Bounded runs: every property below runs RUNS generated cases (a few seconds in all).
const RUNS = 500;
const run = (property: fc.IProperty<any> | fc.IAsyncProperty<any>) =>
  fc.assert(property, { numRuns: RUNS });

/** Near-valid and hostile strings: pieces of real values glued to noise. */
const PIECES = [
  'arn:',
  'aws',
  'aws-cn',
  'aws-us-gov',
  ':iam::',
  ':kms:',
  ':s3:::',
  'role/',
  'user/',
  'key/',
  'alias/',
  '123456789012',
  'us-east-1',
  'eu-west-1',
  'cn-north-1',
  'http://',
  'https://',
  '127.0.0.1',
  '169.254.169.254',
  '[::1]',
  '[::ffff:127.0.0.1]',
  '0x7f.1',
  ':7480',
  ':0',
  ':99999',
  '/',
  '//',
  '..',
  '.',
  '-',
  '*',
  '?',
  '#',
  '@',
  '%2e',
  '%00',
  '\u0000',
  '\u202e',
  '\ud800',
  'é',
  ' ',
  '\n',
  'group:default/',
  'user:',
  'system:',
  's3:GetObject',
  's3:*',
  'xn--',
  '-s3alias',
  '10.0.0.0/8',
  '::/0',
  '/33',
  'a'.repeat(70),
  '1'.repeat(300),
];
const hostileString = fc.oneof(
  fc.string({ maxLength: 80 }),
  fc.string({ unit: 'binary', maxLength: 80 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc
    .array(
      fc.oneof(
        fc.constantFrom(...PIECES),
        fc.string({ maxLength: 6 }),
        fc.integer({ min: -1, max: 70000 }).map(String),
      ),
      { maxLength: 8 },
    )
    .map(parts => parts.join('')),
);
const provider = fc.constantFrom(...(PROVIDER_IDS as ProviderId[]));
const hostileList = fc.array(hostileString, { maxLength: 6 });
const anyNumber = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.constantFrom(NaN, Infinity, -Infinity, -0, 2 ** 53),
);

function expectViolations(result: unknown) {
  let list: RuleViolation[] = [];
  if (Array.isArray(result)) list = result;
  else if (result !== undefined) list = [result as RuleViolation];
  for (const v of list) {
    expect(typeof v.field).toBe('string');
    expect(v.rule).toMatch(/^[a-z0-9_-]+$/);
    expect(v.message.length).toBeGreaterThan(0);
  }
}

describe('validators under generated input', () => {
  it('return violations (or nothing) for any string and never throw', () => {
    const single: Array<[string, (s: string, p: ProviderId) => unknown]> = [
      ['validateBucketName', s => validateBucketName(s)],
      ['validateRegion', (s, p) => validateRegion(s, { provider: p })],
      ['validateAwsAccountId', s => validateAwsAccountId(s)],
      ['validateRoleArn', (s, p) => validateRoleArn(s, { provider: p })],
      [
        'validatePrincipalArn',
        (s, p) => validatePrincipalArn(s, { provider: p }),
      ],
      [
        'validateKmsKeyArn',
        (s, p) => validateKmsKeyArn(s, { provider: p, region: 'us-east-1' }),
      ],
      [
        'validateCannedAcl (object)',
        s => validateCannedAcl(s, { target: 'object' }),
      ],
      [
        'validateCannedAcl (bucket)',
        s => validateCannedAcl(s, { target: 'bucket' }),
      ],
      ['validateDefaultAcl', (s, p) => validateDefaultAcl(s, { provider: p })],
      ['validatePrefix', s => validatePrefix(s)],
      ['validateCidr', s => validateCidr(s)],
      ['validateCorsOrigin', s => validateCorsOrigin(s)],
      ['validateEntityRef', s => validateEntityRef(s, OWNER_REF)],
      [
        'validateEntityRef (default kind)',
        s => validateEntityRef(s, SYSTEM_REF),
      ],
      ['validateEndpoint', s => validateEndpoint(s)],
      ['validateExternalId', s => validateExternalId(s)],
    ];
    run(
      fc.property(hostileString, provider, (s, p) => {
        for (const [name, validate] of single) {
          let result: unknown;
          try {
            result = validate(s, p);
          } catch (error) {
            throw new Error(`${name}(${JSON.stringify(s)}) threw ${error}`);
          }
          expectViolations(result);
          // deterministic: the same input gets the same answer
          expect(validate(s, p)).toEqual(result);
        }
      }),
    );
  });

  it('list validators judge every element and never throw', () => {
    let judged = 0;
    run(
      fc.property(hostileList, list => {
        judged++;
        for (const result of [
          validateCidrs(list),
          validateCorsOrigins(list),
          validateCorsMethods(list),
          validateCustomActions(list),
        ]) {
          expectViolations(result);
        }
      }),
    );
    expect(judged).toBe(RUNS);
  });

  it('numeric validators refuse what is not a whole number of seconds in range', () => {
    run(
      fc.property(anyNumber, n => {
        const v = validateCorsMaxAge(n);
        expectViolations(v);
        expect(v === undefined).toBe(
          Number.isInteger(n) && n >= 0 && n <= 86400,
        );
      }),
    );
  });

  it('parsers and lookups return a value or undefined for any string', () => {
    run(
      fc.property(hostileString, s => {
        parseIamArn(s);
        parseKmsKeyArn(s);
        getS3Action(s);
        findS3ActionIgnoringCase(s);
        partitionForRegion(s);
        isPrivateCidr(s);
        // a valid CIDR normalizes to a valid CIDR
        const valid = validateCidr(s) === undefined;
        expect(valid && validateCidr(normalizeCidr(s))).toBeFalsy();
      }),
    );
  });

  it('grant and auth rules return violations for any combination of fields', () => {
    let judged = 0;
    const accessLevel = fc.constantFrom('read', 'read-write', 'full', 'custom');
    const auth = fc.oneof(
      fc.record({
        method: fc.constant('access-key' as const),
        accessKeyId: hostileString,
        secretAccessKey: fc.option(hostileString, { nil: undefined }),
      }),
      fc.record({
        method: fc.constant('aws-account' as const),
        accountId: hostileString,
      }),
      fc.record({
        method: fc.constant('assume-role' as const),
        roleArn: hostileString,
        source: fc.oneof(
          fc.record({
            method: fc.constant('access-key' as const),
            accessKeyId: hostileString,
          }),
          fc.record({
            method: fc.constant('aws-account' as const),
            accountId: hostileString,
          }),
        ),
      }),
    );
    run(
      fc.property(
        fc.record(
          {
            provider,
            bucket: hostileString,
            region: hostileString,
            accessLevel,
            prefix: hostileString,
            customActions: hostileList,
            defaultAcl: hostileString,
            kmsKeyArn: hostileString,
            egressCidrs: hostileList,
          },
          { requiredKeys: ['bucket', 'region', 'accessLevel'] },
        ),
        auth,
        (grant, a) => {
          judged++;
          expectViolations(checkGrantRules(grant as any));
          expectViolations(
            checkAuthRules(a as any, {
              provider: grant.provider ?? 'aws',
              region: grant.region,
            }),
          );
        },
      ),
    );
    expect(judged).toBe(RUNS);
  });
});

/** The parser's result, or the ValidationError it threw; anything else is rethrown. */
function attempt<T>(parse: () => T): { value?: T; error?: ValidationError } {
  try {
    return { value: parse() };
  } catch (error) {
    if (error instanceof ValidationError) return { error };
    throw error;
  }
}

/**
 * Request bodies: a valid body with optional valid extras, then up to three
 * mutations (a field set to a hostile string, a wrong type or removed, or an
 * unknown field added); sometimes anything at all.
 */
const VALID = {
  name: 'fuzz-media',
  owner: 'group:default/team-a',
  provider: 'ceph-rgw',
  bucket: 'fuzz-media-bucket',
  endpoint: 'http://127.0.0.1:7480',
  auth: {
    method: 'access-key',
    accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
    secretAccessKey: 'fuzz-secret',
  },
};
const mistyped = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  anyNumber,
  fc.array(fc.string(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.string(), { maxKeys: 3 }),
);
const validExtras = fc.record(
  {
    title: fc.constantFrom('Media', ''),
    description: fc.constantFrom('What it holds'),
    system: fc.constantFrom('system:default/media', 'media'),
    tags: fc.constantFrom(['media'], []),
    region: fc.constantFrom('us-east-1', 'default'),
    forcePathStyle: fc.boolean(),
    prefix: fc.constantFrom('team-a/', 'x/'),
    defaultAcl: fc.constantFrom('none', 'private'),
    accessLevel: fc.constantFrom('read', 'read-write', 'full'),
    cors: fc.record(
      {
        origins: fc.constantFrom(['http://localhost:3000'], []),
        uploadMode: fc.constantFrom('download-only'),
        methods: fc.constantFrom(['GET'], ['GET', 'HEAD']),
        maxAgeSeconds: fc.integer({ min: 0, max: 86400 }),
      },
      { requiredKeys: [] },
    ),
  },
  { requiredKeys: [] },
);
const MUTABLE = [
  'name',
  'title',
  'description',
  'owner',
  'system',
  'tags',
  'provider',
  'bucket',
  'region',
  'endpoint',
  'forcePathStyle',
  'prefix',
  'defaultAcl',
  'objectOwnership',
  'accessLevel',
  'customActions',
  'kmsKeyArn',
  'cors',
  'cors.origins',
  'cors.uploadMode',
  'cors.methods',
  'cors.maxAgeSeconds',
  'auth',
  'auth.method',
  'auth.accessKeyId',
  'auth.secretAccessKey',
  'auth.roleArn',
  'auth.accountId',
  'auth.source',
  'version',
  'unknownField',
];
const mutation = fc.tuple(
  fc.constantFrom(...MUTABLE),
  fc.oneof(
    { arbitrary: hostileString, weight: 3 },
    { arbitrary: hostileList, weight: 1 },
    { arbitrary: mistyped, weight: 2 },
    { arbitrary: fc.constant(undefined), weight: 1 },
  ),
);

function mutate(
  body: Record<string, any>,
  mutations: Array<[string, unknown]>,
): Record<string, any> {
  const out = structuredClone(body);
  for (const [path, value] of mutations) {
    const [head, tail] = path.split('.');
    if (tail) {
      if (typeof out[head] !== 'object' || out[head] === null) out[head] = {};
      out[head][tail] = value;
    } else {
      out[head] = value;
    }
    if (value === undefined) {
      if (tail) delete out[head][tail];
      else delete out[head];
    }
  }
  return out;
}

const requestBody = (kind: 'create' | 'update') =>
  fc.oneof(
    {
      weight: 9,
      arbitrary: fc
        .tuple(validExtras, fc.array(mutation, { maxLength: 3 }))
        .map(([extras, mutations]) =>
          mutate(
            kind === 'create'
              ? { ...VALID, ...extras }
              : { version: 1, ...extras },
            mutations,
          ),
        ),
    },
    { weight: 1, arbitrary: fc.anything() },
  );

describe('request parsers under generated input', () => {
  it('parseCreateResourceRequest accepts or throws a ValidationError; what it accepts passes every rule and yields policies', () => {
    let accepted = 0;
    run(
      fc.property(requestBody('create'), body => {
        const { value, error } = attempt(() =>
          parseCreateResourceRequest(body, 'http://localhost:3000'),
        );
        // a refusal names at least one broken rule
        expect(error?.violations.length ?? 1).toBeGreaterThan(0);
        expectViolations(error?.violations);
        if (!value) return;
        accepted++;
        const { auth, ...settings } = value;
        expect([
          checkSettingsRules(settings),
          checkAuthRules(auth, settings),
        ]).toEqual([[], []]);
        attempt(() =>
          generateResourcePolicies(settings, {
            appBaseUrl: 'http://localhost:3000',
          }),
        );
      }),
    );
    // the generator reaches the accepting side too, not only refusals
    expect(accepted).toBeGreaterThan(RUNS / 50);
  });

  it('parseUpdateResourceRequest accepts or throws a ValidationError', () => {
    let accepted = 0;
    run(
      fc.property(requestBody('update'), body => {
        const { value, error } = attempt(() =>
          parseUpdateResourceRequest(body),
        );
        expectViolations(error?.violations);
        // a version the database can hold: a whole number from 1 to 2^31 - 1
        expect(
          value === undefined ||
            (Number.isInteger(value.version) &&
              value.version >= 1 &&
              value.version <= 2 ** 31 - 1),
        ).toBe(true);
        if (value) accepted++;
      }),
    );
    expect(accepted).toBeGreaterThan(RUNS / 50);
  });
});
