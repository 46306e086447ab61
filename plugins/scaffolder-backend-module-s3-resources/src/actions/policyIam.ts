import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  AccessLevel,
  generateBucketPolicy,
  generateExternalId,
  generateIamPolicy,
  generateTrustPolicy,
  GeneratedPolicy,
  OBJECT_CANNED_ACLS,
  ObjectOwnership,
  PolicyGrantInput,
  PROVIDER_IDS,
  PROVIDER_PROFILES,
  ProviderId,
  RuleViolation,
} from '@s3-resources/plugin-s3-resources-common';
import { S3ResourcesService } from '@s3-resources/plugin-s3-resources-node';
import { examples } from './policyIam.examples';
import {
  generateOrInputError,
  ViolationNaming,
  violationsToInputError,
} from './validationInputError';

export const POLICY_KINDS = ['identity', 'bucket', 'trust'] as const;
export type PolicyKind = (typeof POLICY_KINDS)[number];

const ACCESS_LEVELS: [AccessLevel, ...AccessLevel[]] = [
  'read',
  'read-write',
  'full',
  'custom',
];
const OBJECT_OWNERSHIPS: [ObjectOwnership, ...ObjectOwnership[]] = [
  'BucketOwnerEnforced',
  'BucketOwnerPreferred',
  'ObjectWriter',
];
const PROVIDERS = PROVIDER_IDS as [ProviderId, ...ProviderId[]];
const DEFAULT_ACLS = ['none', ...OBJECT_CANNED_ACLS] as [string, ...string[]];

/** Which inputs each kind reads; any other input given is refused, not ignored. */
const GRANT_INPUTS = [
  'bucket',
  'region',
  'prefix',
  'accessLevel',
  'customActions',
  'defaultAcl',
  'objectOwnership',
  'kmsKeyArn',
  'egressCidrs',
] as const;
const TRUST_INPUTS = [
  'portalPrincipalArn',
  'externalId',
  'allowSourceIdentity',
  'allowTagSession',
  'omitStsConditions',
] as const;
const INPUTS_OF_KIND: Record<PolicyKind, readonly string[]> = {
  identity: ['kind', 'provider', ...GRANT_INPUTS],
  bucket: ['kind', 'provider', ...GRANT_INPUTS, 'principalArn'],
  trust: ['kind', 'provider', ...TRUST_INPUTS],
};

/** @public */
export type PolicyIamActionOptions = {
  /** `s3Resources.portalPrincipalArn`: the default principal of trust policies. */
  portalPrincipalArn?: string;
  /** `s3Resources.egressCidrs`: the default `aws:SourceIp` condition. */
  egressCidrs?: string[];
  /** Issues the ExternalId of kind trust to the template's user. */
  resources?: Pick<S3ResourcesService, 'issueExternalId'>;
};

/**
 * `s3:policy:iam`: one of the three IAM policy documents a bucket resource
 * needs (identity, bucket or trust policy), from the shared generators.
 * Pure but for kind trust, whose ExternalId the portal issues: a dry run
 * produces the same outputs.
 *
 * @public
 */
export function createPolicyIamAction(options: PolicyIamActionOptions = {}) {
  return createTemplateAction({
    id: 's3:policy:iam',
    description:
      'Generates an IAM policy document for an S3 resource: the identity policy of the credentials the portal uses (kind "identity"), a bucket policy granting the same access to one principal (kind "bucket"), or the trust policy of the role the portal assumes (kind "trust", with a server-generated ExternalId). Outputs the policy as an object and as pretty JSON, with a reason per grant and notes.',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        kind: z =>
          z
            .enum(POLICY_KINDS)
            .optional()
            .describe(
              'identity (default): policy for the user or role the portal uses; bucket: bucket policy for principalArn; trust: trust policy of the role the portal assumes',
            ),
        provider: z =>
          z.enum(PROVIDERS).optional().describe('Storage service; default aws'),
        bucket: z =>
          z
            .string()
            .optional()
            .describe('Bucket name (kinds identity and bucket: required)'),
        region: z =>
          z
            .string()
            .optional()
            .describe(
              "Region; decides the ARN partition. Default: the provider's default region",
            ),
        prefix: z =>
          z
            .string()
            .optional()
            .describe(
              'Key prefix ending in "/"; limits objects and listing to it',
            ),
        accessLevel: z =>
          z
            .enum(ACCESS_LEVELS)
            .optional()
            .describe(
              'read (default), read-write, full (the classic action list) or custom',
            ),
        customActions: z =>
          z
            .array(z.string())
            .optional()
            .describe('s3: actions, only with accessLevel custom'),
        defaultAcl: z =>
          z
            .enum(DEFAULT_ACLS)
            .optional()
            .describe(
              'Canned ACL uploads send; none (default) sends none and drops the ACL actions',
            ),
        objectOwnership: z =>
          z
            .enum(OBJECT_OWNERSHIPS)
            .optional()
            .describe("The bucket's Object Ownership setting, when known"),
        kmsKeyArn: z =>
          z
            .string()
            .optional()
            .describe(
              'SSE-KMS key (AWS); the identity policy then grants kms:Decrypt/GenerateDataKey through S3',
            ),
        egressCidrs: z =>
          z
            .array(z.string())
            .optional()
            .describe(
              "The portal's outbound CIDRs (aws:SourceIp). Default: s3Resources.egressCidrs from config; [] for none",
            ),
        principalArn: z =>
          z
            .string()
            .optional()
            .describe(
              'Kind bucket: the role or user that receives the grants, e.g. arn:aws:iam::123456789012:role/portal or arn:aws:iam:::user/uid on Ceph RGW',
            ),
        portalPrincipalArn: z =>
          z
            .string()
            .optional()
            .describe(
              'Kind trust: the principal the portal runs as. Default: s3Resources.portalPrincipalArn from config',
            ),
        externalId: z =>
          z
            .string()
            .optional()
            .describe(
              'Kind trust: the sts:ExternalId. Leave it out and the portal issues one to the user running the template (output externalId), which s3:resource:register accepts as resource.auth.externalId; not a secret',
            ),
        allowSourceIdentity: z =>
          z
            .boolean()
            .optional()
            .describe(
              'Kind trust: also allow sts:SetSourceIdentity (the Backstage user on sessions)',
            ),
        allowTagSession: z =>
          z
            .boolean()
            .optional()
            .describe('Kind trust: also allow sts:TagSession'),
        omitStsConditions: z =>
          z
            .boolean()
            .optional()
            .describe(
              'Kind trust: leave out the sts:ExternalId condition. Default: true for ceph-rgw (RGW denies AssumeRole when a trust policy has any sts:* condition), false otherwise',
            ),
      },
      output: {
        kind: z => z.enum(POLICY_KINDS).describe('The kind generated'),
        policy: z =>
          z
            .object({
              Version: z.literal('2012-10-17'),
              Statement: z.array(
                z.object({
                  Sid: z.string(),
                  Effect: z.literal('Allow'),
                  Principal: z.object({ AWS: z.string() }).optional(),
                  Action: z.array(z.string()),
                  Resource: z.string().optional(),
                  Condition: z
                    .record(
                      z.string(),
                      z.record(
                        z.string(),
                        z.union([z.string(), z.array(z.string())]),
                      ),
                    )
                    .optional(),
                }),
              ),
            })
            .describe('The policy document'),
        policyJson: z =>
          z.string().describe('The policy, pretty-printed, ready to paste'),
        reasons: z =>
          z
            .array(
              z.object({
                action: z.string(),
                resource: z.string(),
                reason: z.string(),
              }),
            )
            .describe('Why each action is granted, on which resource'),
        notes: z =>
          z
            .array(z.string())
            .describe('What was left out or limited, and what to watch for'),
        size: z =>
          z
            .number()
            .describe('Size as the limit counts it (characters or bytes)'),
        maxSize: z => z.number().describe('The limit of this policy type'),
        externalId: z =>
          z
            .string()
            .optional()
            .describe(
              'Kind trust only: the ExternalId (the input, or issued by the portal); pass it to s3:resource:register as resource.auth.externalId so the resource keeps it. Not a secret',
            ),
      },
    },
    async handler(ctx) {
      const input = ctx.input;
      const kind: PolicyKind = input.kind ?? 'identity';
      const provider: ProviderId = input.provider ?? 'aws';

      const misplaced: RuleViolation[] = Object.entries(input)
        .filter(
          ([name, value]) =>
            value !== undefined && !INPUTS_OF_KIND[kind].includes(name),
        )
        .map(([name]) =>
          Object.values(INPUTS_OF_KIND).some(names => names.includes(name))
            ? {
                field: name,
                rule: 'input-not-for-kind',
                message: `is not used by kind "${kind}"; leave it out`,
              }
            : {
                field: name,
                rule: 'input-unknown',
                message: 'is not an input of s3:policy:iam',
              },
        );
      if (misplaced.length) throw violationsToInputError(misplaced);

      let generated: GeneratedPolicy;
      let externalId: string | undefined;
      if (kind === 'trust') {
        const portalPrincipalArn =
          input.portalPrincipalArn ?? options.portalPrincipalArn;
        if (!portalPrincipalArn) {
          throw violationsToInputError([
            {
              field: 'portalPrincipalArn',
              rule: 'input-required',
              message:
                'is required for kind "trust" (or set s3Resources.portalPrincipalArn in config)',
            },
          ]);
        }
        // Issued by the portal to the user running the template, so that
        // s3:resource:register keeps it; never chosen by a person.
        externalId =
          input.externalId ??
          (options.resources
            ? await options.resources.issueExternalId({
                credentials: await ctx.getInitiatorCredentials(),
              })
            : generateExternalId());
        generated = generateOrInputError(
          () =>
            generateTrustPolicy({
              portalPrincipalArn,
              externalId,
              provider,
              allowSourceIdentity: input.allowSourceIdentity,
              allowTagSession: input.allowTagSession,
              omitStsConditions: input.omitStsConditions,
            }),
          {
            fromConfig: input.portalPrincipalArn
              ? {}
              : { portalPrincipalArn: 's3Resources.portalPrincipalArn' },
          },
        );
      } else {
        if (!input.bucket) {
          throw violationsToInputError([
            {
              field: 'bucket',
              rule: 'input-required',
              message: `is required for kind "${kind}"`,
            },
          ]);
        }
        const egressCidrs = input.egressCidrs ?? options.egressCidrs;
        const grant: PolicyGrantInput = {
          provider,
          bucket: input.bucket,
          region: input.region ?? PROVIDER_PROFILES[provider].defaultRegion,
          prefix: input.prefix,
          accessLevel: input.accessLevel ?? 'read',
          customActions: input.customActions,
          defaultAcl: (input.defaultAcl ??
            'none') as PolicyGrantInput['defaultAcl'],
          objectOwnership: input.objectOwnership,
          kmsKeyArn: input.kmsKeyArn,
          ...(egressCidrs?.length ? { egressCidrs } : {}),
        };
        const naming: ViolationNaming = {
          fromConfig:
            input.egressCidrs === undefined
              ? { egressCidrs: 's3Resources.egressCidrs' }
              : {},
        };
        generated = generateOrInputError(
          () =>
            kind === 'bucket'
              ? generateBucketPolicy({
                  ...grant,
                  principalArn: input.principalArn ?? '',
                })
              : generateIamPolicy(grant),
          naming,
        );
      }

      ctx.logger.info(
        `Generated the ${kind} policy${
          input.bucket ? ` for bucket ${input.bucket}` : ''
        }: ${generated.policy.Statement.length} statement(s), ${
          generated.size
        } of ${generated.maxSize}${ctx.isDryRun ? ' (dry run)' : ''}`,
      );
      ctx.output('kind', kind);
      ctx.output('policy', generated.policy);
      ctx.output('policyJson', generated.json);
      ctx.output('reasons', generated.reasons);
      ctx.output('notes', generated.notes);
      ctx.output('size', generated.size);
      ctx.output('maxSize', generated.maxSize);
      if (externalId !== undefined) ctx.output('externalId', externalId);
    },
  });
}
