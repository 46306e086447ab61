import {
  S3Resource,
  shellQuote,
} from '@s3-resources/plugin-s3-resources-common';

export type PolicyKind = 'iam' | 'trust' | 'bucket' | 'cors';

/** File names the download buttons use and the commands refer to. */
export function policyFileName(resource: S3Resource, kind: PolicyKind) {
  const suffix = {
    iam: 'iam-policy',
    trust: 'trust-policy',
    bucket: 'bucket-policy',
    cors: 'cors',
  }[kind];
  return `${resource.name}-${suffix}.json`;
}

export function policyName(resource: S3Resource) {
  return `s3-resources-${resource.name}`;
}

/** The role name of an IAM role ARN (the part after the last slash). */
export function roleNameOf(roleArn: string) {
  const resource = roleArn.split(':').slice(5).join(':');
  return resource.startsWith('role/')
    ? resource.slice(resource.lastIndexOf('/') + 1)
    : '<role-name>';
}

function endpointArg(resource: S3Resource) {
  return resource.endpoint
    ? ` --endpoint-url ${shellQuote(resource.endpoint)}`
    : '';
}

/** The `aws` CLI (or `mc`) commands that apply a policy, with its downloaded file. */
export function applyCommand(
  resource: S3Resource,
  kind: Exclude<PolicyKind, 'cors'>,
): string | undefined {
  const file = `file://${policyFileName(resource, kind)}`;
  const name = policyName(resource);
  const endpoint = endpointArg(resource);
  const auth = resource.auth;
  if (kind === 'bucket') {
    if (resource.provider === 'r2' || resource.provider === 'gcs') {
      return undefined;
    }
    return `aws s3api put-bucket-policy --bucket ${shellQuote(
      resource.bucket,
    )} --policy ${file}${endpoint}`;
  }
  if (kind === 'trust') {
    const role =
      auth.method === 'assume-role' ? roleNameOf(auth.roleArn) : '<role-name>';
    return `aws iam update-assume-role-policy --role-name ${shellQuote(
      role,
    )} --policy-document ${file}${endpoint}`;
  }
  switch (resource.provider) {
    case 'r2':
    case 'gcs':
      return undefined;
    case 'minio':
      return [
        `mc admin policy create <alias> ${name} ${policyFileName(
          resource,
          'iam',
        )}`,
        `mc admin policy attach <alias> ${name} --user <user-of-the-access-key>`,
      ].join('\n');
    default:
      if (auth.method === 'assume-role') {
        return `aws iam put-role-policy --role-name ${shellQuote(
          roleNameOf(auth.roleArn),
        )} --policy-name ${name} --policy-document ${file}${endpoint}`;
      }
      return `aws iam put-user-policy --user-name <user-of-the-access-key> --policy-name ${name} --policy-document ${file}${endpoint}`;
  }
}

/** Short, factual steps per provider and policy. */
export function howToApply(resource: S3Resource, kind: PolicyKind): string[] {
  const byProvider: Record<string, Partial<Record<PolicyKind, string[]>>> = {
    aws: {
      iam: [
        'AWS console: IAM → Roles (or Users) → the role or user → Add permissions → Create inline policy → JSON, paste the policy.',
        'AWS CLI: run the command above with the downloaded file.',
      ],
      trust: [
        'AWS console: IAM → Roles → the role → Trust relationships → Edit trust policy, paste it. Keep the ExternalId condition.',
        'AWS CLI: run the command above (use aws iam create-role --assume-role-policy-document for a new role).',
      ],
      bucket: [
        'AWS console: S3 → the bucket → Permissions → Bucket policy → Edit; merge these statements with any already there.',
        'AWS CLI: run the command above (it replaces the whole bucket policy).',
      ],
      cors: [
        'AWS console: S3 → the bucket → Permissions → Cross-origin resource sharing (CORS) → Edit, paste the console version (the rules array).',
        'AWS CLI: run the command above (it replaces the bucket’s CORS rules).',
      ],
    },
    minio: {
      iam: [
        'MinIO: mc admin policy create, then mc admin policy attach to the user (or group) that owns the access key, as in the commands above. The MinIO console has the same under Identity → Policies.',
      ],
      bucket: [
        'MinIO: aws s3api put-bucket-policy with --endpoint-url, as above, or mc anonymous set-json for anonymous access only.',
      ],
      cors: [
        'MinIO applies CORS server-wide, not per bucket: mc admin config set <alias> api cors_allow_origin="<origins>".',
      ],
    },
    'ceph-rgw': {
      iam: [
        'Ceph RGW: put a user policy through RGW’s IAM API (aws iam put-user-policy with --endpoint-url, the RGW user id as the user name), as above.',
        'For a role: radosgw-admin role-policy put --role-name=<role> --policy-name=<name> --policy-doc="$(cat <file>)", or aws iam put-role-policy with --endpoint-url.',
      ],
      trust: [
        'Ceph RGW: radosgw-admin role create --role-name=<role> --assume-role-policy-doc="$(cat <file>)" for a new role, or the command above for an existing one. RGW refuses trust policies with an ExternalId condition, so the generated one has none.',
      ],
      bucket: [
        'Ceph RGW: aws s3api put-bucket-policy with --endpoint-url, as above.',
      ],
      cors: [
        'Ceph RGW: aws s3api put-bucket-cors with --endpoint-url, as above.',
      ],
    },
    r2: {
      iam: [
        'Cloudflare R2 does not evaluate IAM policies; the policy documents what the token must allow.',
        'Cloudflare dashboard: R2 → Manage R2 API Tokens → Create API token with “Object Read only” (read) or “Object Read & Write” (read-write, full), limited to this bucket.',
      ],
      cors: [
        'Cloudflare dashboard: R2 → the bucket → Settings → CORS Policy → Edit, paste the rules array; or run the command above (R2 accepts PutBucketCors).',
      ],
    },
    wasabi: {
      iam: [
        'Wasabi console: Policies → Create policy, paste it, then attach it to the user that owns the access key; or the command above with --endpoint-url.',
      ],
      bucket: [
        'Wasabi console: the bucket → Settings → Policies; or the command above.',
      ],
      cors: ['Wasabi: run the command above (Wasabi accepts PutBucketCors).'],
    },
    gcs: {
      iam: [
        'Google Cloud Storage does not evaluate these documents. Grant the HMAC key’s service account roles/storage.objectViewer (read) or roles/storage.objectUser (read-write) on the bucket.',
      ],
      cors: [
        'Google Cloud Storage uses its own CORS format (origin, method, responseHeader, maxAgeSeconds): translate the rules and run gcloud storage buckets update gs://<bucket> --cors-file=<file>.',
      ],
    },
    other: {
      iam: [
        'Apply it through the service’s IAM API (--endpoint-url) or console; check which IAM actions the service evaluates.',
      ],
      trust: ['Apply it through the service’s IAM API or console.'],
      bucket: ['Run the command above against the service’s endpoint.'],
      cors: ['Run the command above against the service’s endpoint.'],
    },
  };
  return byProvider[resource.provider]?.[kind] ?? byProvider.other[kind] ?? [];
}
