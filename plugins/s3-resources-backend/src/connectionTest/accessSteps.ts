import {
  DeleteObjectCommand,
  GetBucketLocationCommand,
  GetBucketLocationCommandOutput,
  HeadBucketCommand,
  HeadBucketCommandOutput,
  ListObjectsV2Command,
  ListObjectsV2CommandOutput,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import {
  PROVIDER_PROFILES,
  objectArn,
  partitionOf,
} from '@s3-resources/plugin-s3-resources-common';
import { explainError } from './explainError';
import {
  BucketStep,
  attempt,
  callContext,
  isAws,
  pass,
  skipped,
} from './stepKit';

/** GetBucketLocation's answer as a region code. */
export function regionOfLocation(location: string | undefined): string {
  if (!location) return 'us-east-1';
  if (location === 'EU') return 'eu-west-1';
  return location;
}

/** HeadBucket: the bucket exists, answers here, and these credentials may list it. */
export const bucketStep: BucketStep = ctx => {
  const { bucket, region } = ctx.settings;
  const call = callContext(ctx, 's3:ListBucket', {
    target: `bucket ${bucket}`,
  });
  return attempt(
    call,
    async () => {
      const out: HeadBucketCommandOutput = await ctx.send(
        new HeadBucketCommand({ Bucket: bucket }),
      );
      if (
        isAws(ctx.settings) &&
        out.BucketRegion &&
        out.BucketRegion !== region
      ) {
        return explainError({ kind: 'region', region: out.BucketRegion }, call);
      }
      return pass(`Bucket ${bucket} answers at ${ctx.host}`);
    },
    undefined,
    ctx.evidence,
  );
};

/** GetBucketLocation: the region the resource names is the bucket's. */
export const regionStep: BucketStep = ctx => {
  const { bucket, region, provider } = ctx.settings;
  const call = callContext(ctx, 's3:GetBucketLocation', {
    target: `bucket ${bucket}`,
    deniedStatus: 'warn',
    deniedHint: `Grant s3:GetBucketLocation on bucket ${bucket} (the generated IAM policy lists it) so the test can check the region.`,
  });
  return attempt(call, async () => {
    const out: GetBucketLocationCommandOutput = await ctx.send(
      new GetBucketLocationCommand({ Bucket: bucket }),
    );
    const actual = regionOfLocation(out.LocationConstraint);
    if (actual === region) return pass(`Bucket ${bucket} is in ${region}`);
    if (isAws(ctx.settings)) {
      return explainError({ kind: 'region', region: actual }, call);
    }
    return pass(
      `${PROVIDER_PROFILES[provider].title} reports location "${out.LocationConstraint}" for bucket ${bucket}; requests are signed for ${region}`,
    );
  });
};

/** ListObjectsV2 with MaxKeys 1, within the prefix. */
export const listStep: BucketStep = ctx => {
  const { bucket, prefix } = ctx.settings;
  const call = callContext(ctx, 's3:ListBucket');
  return attempt(call, async () => {
    const out: ListObjectsV2CommandOutput = await ctx.send(
      new ListObjectsV2Command({
        Bucket: bucket,
        MaxKeys: 1,
        ...(prefix ? { Prefix: prefix } : {}),
      }),
    );
    const where = prefix
      ? `prefix "${prefix}" of bucket ${bucket}`
      : `bucket ${bucket}`;
    return pass(
      out.KeyCount
        ? `Listed ${where}: it holds objects`
        : `Listed ${where}: it is empty`,
    );
  });
};

const SENTINEL_TAG = 's3-resources=connection-test';

/** Opt-in: put a sentinel object with the default ACL and tags, then delete it. */
export const writeStep: BucketStep = async ctx => {
  const { bucket, prefix, defaultAcl, accessLevel, kmsKeyArn } = ctx.settings;
  if (!ctx.writeProbe) {
    return skipped(
      'Not requested: the write probe is opt-in',
      'Run the test with the write probe to check uploads.',
    );
  }
  if (accessLevel === 'read') {
    return skipped(
      'Not run: the access level is read, so uploads are not expected',
    );
  }
  const key = `${prefix ?? ''}.s3-resources-connection-test-${ctx.runId}`;
  const acl = defaultAcl !== 'none' ? defaultAcl : undefined;
  const needs = [
    's3:PutObject',
    's3:PutObjectTagging',
    ...(acl ? ['s3:PutObjectAcl'] : []),
    ...(kmsKeyArn ? ['kms:GenerateDataKey'] : []),
  ];
  const putCall = callContext(ctx, 's3:PutObject', {
    target: `key ${key} of bucket ${bucket}`,
    deniedHint: `Grant ${needs.join(', ')} on ${objectArn(
      partitionOf(ctx.settings),
      bucket,
      prefix,
    )} to these credentials (the generated IAM policy lists them).`,
  });
  const put = await attempt(
    putCall,
    async () => {
      await ctx.send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: key,
          Body: 'Written by the S3 resources connection test; safe to delete.\n',
          ContentType: 'text/plain',
          Tagging: SENTINEL_TAG,
          ...(acl ? { ACL: acl } : {}),
          ...(kmsKeyArn
            ? { ServerSideEncryption: 'aws:kms', SSEKMSKeyId: kmsKeyArn }
            : {}),
        }),
      );
      return pass('written');
    },
    e =>
      e.code === 'AccessControlListNotSupported'
        ? {
            status: 'fail',
            errorCode: e.code,
            httpStatus: e.httpStatus,
            message: `The bucket has ACLs disabled (BucketOwnerEnforced) and refused an upload with the default ACL ${defaultAcl}`,
            remediation:
              'Set the default ACL to none, or change the bucket\'s Object Ownership to "Bucket owner preferred".',
          }
        : undefined,
  );
  if (put.status !== 'pass') return put;
  const deleteCall = callContext(ctx, 's3:DeleteObject', {
    target: `key ${key} of bucket ${bucket}`,
    deniedStatus: 'warn',
    deniedHint: `Delete ${key} by hand, and grant s3:DeleteObject if uploads must be removable.`,
  });
  const removed = await attempt(deleteCall, async () => {
    await ctx.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
    return pass('deleted');
  });
  if (removed.status !== 'pass') {
    // the write happened: this is not a cause other steps share
    const { cause: _cause, ...notDeleted } = removed;
    return {
      ...notDeleted,
      status: removed.status === 'fail' ? 'warn' : removed.status,
      message: `Wrote ${key}, but could not delete it: ${removed.message}`,
    };
  }
  return pass(
    `Wrote and deleted ${key} (${
      acl ? `ACL ${acl}` : 'no ACL header'
    }, tag ${SENTINEL_TAG}${kmsKeyArn ? ', SSE-KMS' : ''})`,
  );
};
