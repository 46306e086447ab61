import { PROVIDER_PROFILES } from '../providers';
import { PolicyGrantInput } from '../types';
import { getS3Action, isPrivateCidr, parseKmsKeyArn } from '../validation';
import { resolveActions } from './accessLevels';
import { bucketArn, objectArn, partitionOf } from './arns';
import { ActionReason, PolicyCondition, PolicyStatement } from './types';

export type GrantStatements = {
  statements: PolicyStatement[];
  reasons: ActionReason[];
  notes: string[];
};

const KMS_READERS = ['s3:GetObject', 's3:GetObjectVersion', 's3:PutObject'];

/** kms:ViaService names are known for these partitions; elsewhere it is left out. */
const S3_SERVICE_HOST: Partial<Record<string, string>> = {
  aws: 'amazonaws.com',
  'aws-us-gov': 'amazonaws.com',
};

function withCondition(
  statement: PolicyStatement,
  condition: PolicyCondition,
): PolicyStatement {
  return Object.keys(condition).length
    ? { ...statement, Condition: condition }
    : statement;
}

/**
 * The statements shared by the identity policy and the bucket policy.
 * Bucket-level actions go on the bucket ARN, object-level actions on the
 * objects under the prefix; nothing else. Input must be valid.
 */
export function buildGrantStatements(
  input: PolicyGrantInput,
  options: { includeKms: boolean },
): GrantStatements {
  const partition = partitionOf(input);
  const bucket = bucketArn(partition, input.bucket);
  const objects = objectArn(partition, input.bucket, input.prefix);
  const { actions, notes } = resolveActions(input);
  const reasons: ActionReason[] = [];
  const cidrs = input.egressCidrs ?? [];
  const sourceIp: PolicyCondition = cidrs.length
    ? { IpAddress: { 'aws:SourceIp': cidrs } }
    : {};

  const listed: string[] = [];
  const bucketLevel: string[] = [];
  const objectLevel: string[] = [];
  for (const { action, reason } of actions) {
    const info = getS3Action(action)!;
    if (info.level === 'object') {
      objectLevel.push(action);
      reasons.push({ action, resource: objects, reason });
    } else if (input.prefix && info.prefixScoped) {
      listed.push(action);
      reasons.push({
        action,
        resource: bucket,
        reason: `${reason}; only for keys under "${input.prefix}" (s3:prefix condition)`,
      });
    } else {
      bucketLevel.push(action);
      reasons.push({ action, resource: bucket, reason });
      if (input.prefix && info.access === 'list') {
        notes.push(
          `${action} cannot be limited to the prefix; it covers the whole bucket.`,
        );
      }
    }
  }

  const statements: PolicyStatement[] = [];
  if (listed.length) {
    statements.push(
      withCondition(
        {
          Sid: 'ListWithinPrefix',
          Effect: 'Allow',
          Action: listed,
          Resource: bucket,
        },
        { StringLike: { 's3:prefix': `${input.prefix}*` }, ...sourceIp },
      ),
    );
    notes.push(
      `Listing is limited to keys under "${input.prefix}". HeadBucket sends no prefix and is refused, so check reachability with ListObjectsV2 within the prefix.`,
    );
  }
  if (bucketLevel.length) {
    statements.push(
      withCondition(
        {
          Sid: 'BucketLevel',
          Effect: 'Allow',
          Action: bucketLevel,
          Resource: bucket,
        },
        sourceIp,
      ),
    );
  }
  if (objectLevel.length) {
    statements.push(
      withCondition(
        {
          Sid: 'ObjectLevel',
          Effect: 'Allow',
          Action: objectLevel,
          Resource: objects,
        },
        sourceIp,
      ),
    );
  }

  if (cidrs.length) {
    const isAws = PROVIDER_PROFILES[input.provider ?? 'aws'].isAws;
    const vpcEndpoints = isAws
      ? ' Requests through a VPC endpoint carry no public source address and are refused.'
      : '';
    notes.push(
      `Requests must come from ${cidrs.join(
        ', ',
      )} (aws:SourceIp).${vpcEndpoints}`,
    );
    const internal = cidrs.filter(isPrivateCidr);
    if (isAws && internal.length) {
      notes.push(
        `${internal.join(', ')} ${
          internal.length > 1 ? 'are private ranges' : 'is a private range'
        }: Amazon S3 sees only public source addresses, so ${
          internal.length > 1 ? 'they' : 'it'
        } will never match.`,
      );
    }
  }

  if (input.kmsKeyArn) {
    const names = actions.map(a => a.action);
    const decrypts = names.some(a => KMS_READERS.includes(a));
    const writes = names.includes('s3:PutObject');
    if (!options.includeKms) {
      notes.push(
        `KMS permissions cannot go in a bucket policy: grant kms:Decrypt${
          writes ? ' and kms:GenerateDataKey' : ''
        } in the key policy or the identity policy.`,
      );
    } else if (!decrypts) {
      notes.push(
        'No KMS statement: none of the granted actions reads or writes object data.',
      );
    } else {
      const kms = kmsStatement(input.kmsKeyArn, input.region, {
        writes,
        sourceIp: cidrs.length > 0,
      });
      statements.push(kms.statement);
      reasons.push(...kms.reasons);
      notes.push(...kms.notes);
    }
  }
  return { statements, reasons, notes };
}

function kmsStatement(
  keyArn: string,
  region: string,
  { writes, sourceIp }: { writes: boolean; sourceIp: boolean },
) {
  const key = parseKmsKeyArn(keyArn)!;
  const notes: string[] = [];
  // An alias ARN as Resource matches nothing: KMS authorises on the key.
  const resource =
    key.kind === 'key'
      ? keyArn
      : `arn:${key.partition}:kms:${key.region}:${key.account}:key/*`;
  const condition: PolicyCondition = {};
  const host = S3_SERVICE_HOST[key.partition];
  if (host) {
    condition.StringEquals = { 'kms:ViaService': `s3.${region}.${host}` };
  } else {
    notes.push(
      `kms:ViaService is left out: its S3 service name in ${key.partition} is not known here.`,
    );
  }
  if (key.kind === 'alias') {
    condition['ForAnyValue:StringEquals'] = {
      'kms:ResourceAliases': `alias/${key.id}`,
    };
    notes.push(
      `The key is named by its alias: the KMS statement applies to whichever key carries alias/${key.id} (kms:ResourceAliases).`,
    );
  }
  if (sourceIp) {
    notes.push(
      "The KMS statement has no aws:SourceIp condition: S3 calls KMS on the caller's behalf, and kms:ViaService limits the key to requests through S3.",
    );
  }
  const actions = writes
    ? ['kms:Decrypt', 'kms:GenerateDataKey']
    : ['kms:Decrypt'];
  const reasons: ActionReason[] = [
    {
      action: 'kms:Decrypt',
      resource,
      reason: 'Read SSE-KMS objects and complete multipart uploads to them',
    },
  ];
  if (writes) {
    reasons.push({
      action: 'kms:GenerateDataKey',
      resource,
      reason: 'Write SSE-KMS objects (S3 asks KMS for a data key per object)',
    });
  }
  return {
    statement: withCondition(
      {
        Sid: 'SseKmsKey',
        Effect: 'Allow',
        Action: actions,
        Resource: resource,
      },
      condition,
    ),
    reasons,
    notes,
  };
}
