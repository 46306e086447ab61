import {
  GetBucketCorsCommand,
  GetBucketLifecycleConfigurationCommand,
  GetBucketPolicyCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import {
  ConfigurationComparison,
  DocumentComparison,
  ResourcePolicies,
  ResourceSettings,
  LifecycleRuleSummary,
  alignLines,
  asPutRule,
  canonicalJson,
  compareBucketPolicy,
  compareCorsConfiguration,
  compareLifecycleConfiguration,
  generateLifecycleConfiguration,
  policyNamesPrincipal,
  policyWith,
  putBucketPolicyCommand,
  statementsOf,
  summarizeLifecycleRule,
} from '@s3-resources/plugin-s3-resources-common';
import { MAX_OBSERVED_CHARS } from '../connectionTest/inspectionSteps';
import { classifyError } from '../connectionTest/providerErrors';

/** A live document: its content, none on the bucket, or why it could not be read. */
type Live =
  | { found: true; value: unknown }
  | { found: false }
  | { unknown: string };

const MISSING_CODES = new Set([
  'NoSuchCORSConfiguration',
  'NoSuchBucketPolicy',
  'NoSuchLifecycleConfiguration',
]);

/** Reads one live document; 404-style "none" answers are `found: false`. */
async function readLive(
  call: { name: string; action: string },
  read: () => Promise<unknown>,
): Promise<Live> {
  let value: unknown;
  try {
    value = await read();
  } catch (raw) {
    const e = classifyError(raw);
    if (e.code && MISSING_CODES.has(e.code)) return { found: false };
    if (e.kind === 'denied') {
      return {
        unknown: `${call.name} was denied: grant ${call.action} (the generated IAM policy lists it) to compare`,
      };
    }
    if (e.kind === 'no-such-bucket') {
      return { unknown: 'The bucket does not exist (see the connection test)' };
    }
    if (e.kind === 'not-available' || e.httpStatus === 501) {
      return { unknown: `The provider does not support ${call.name}` };
    }
    return {
      unknown: `${call.name} failed (${e.code ?? e.networkCode ?? e.kind})`,
    };
  }
  // as the connection test keeps: beyond it, compared line by line it would be noise
  if (JSON.stringify(value).length > MAX_OBSERVED_CHARS) {
    return {
      unknown: `Too large to compare (over ${MAX_OBSERVED_CHARS} characters)`,
    };
  }
  return { found: true, value };
}

/** Action, NotAction, Resource and principals as sorted arrays: one form, however the provider wrote it. */
function normalizedPolicy(policy: unknown): {
  Version?: string;
  Statement: Array<Record<string, unknown>>;
} {
  const doc = (policy ?? {}) as { Version?: string };
  const statements = statementsOf(policy) as Array<Record<string, unknown>>;
  const list = (v: unknown) =>
    v === undefined ? undefined : [...(Array.isArray(v) ? v : [v])].sort();
  return {
    ...(doc.Version ? { Version: doc.Version } : {}),
    Statement: statements.map((s: Record<string, unknown>) => {
      const out: Record<string, unknown> = { ...s };
      for (const key of ['Action', 'NotAction', 'Resource', 'NotResource']) {
        if (out[key] !== undefined) out[key] = list(out[key]);
      }
      const principal = out.Principal;
      if (principal && typeof principal === 'object') {
        out.Principal = Object.fromEntries(
          Object.entries(principal).map(([k, v]) => [k, list(v)]),
        );
      }
      return out;
    }),
  };
}

/** Each document as a sentence names it. */
const NOUN: Record<DocumentComparison['document'], string> = {
  cors: 'CORS configuration',
  'bucket-policy': 'bucket policy',
  lifecycle: 'lifecycle rules',
};

function comparison(
  base: Pick<DocumentComparison, 'document' | 'title'>,
  desired: unknown,
  live: Live,
  verdict: (liveValue: unknown) => { matches: boolean; summary: string },
  command: string,
): DocumentComparison {
  const desiredText = canonicalJson(desired);
  if ('unknown' in live) {
    return {
      ...base,
      state: 'unknown',
      summary: live.unknown,
      desired: desiredText,
      lines: [],
    };
  }
  if (!live.found) {
    return {
      ...base,
      state: 'missing',
      summary: `The bucket has no ${NOUN[base.document]}`,
      desired: desiredText,
      lines: desiredText
        .split('\n')
        .map(line => ({ change: 'desired-only' as const, desired: line })),
      command,
    };
  }
  const liveText = canonicalJson(live.value);
  const { matches, summary } = verdict(live.value);
  return {
    ...base,
    state: matches ? 'matches' : 'differs',
    summary,
    desired: desiredText,
    live: liveText,
    lines: alignLines(desiredText, liveText),
    ...(matches ? {} : { command }),
  };
}

const notGenerated = (
  base: Pick<DocumentComparison, 'document' | 'title'>,
  why: string,
): DocumentComparison => ({
  ...base,
  state: 'not-generated',
  summary: why,
  lines: [],
});

/**
 * The bucket's live CORS rules, bucket policy and lifecycle rules next to
 * the ones the portal generated, read with the resource's own client. The
 * verdict is semantic (the generated rules are served, the generated
 * statements are present), the lines show every difference.
 */
export async function compareConfiguration(options: {
  resourceId: string;
  settings: ResourceSettings;
  policies: ResourcePolicies;
  /** The identity the generated bucket policy grants (a role), if any. */
  principalArn?: string;
  s3: S3Client;
  now?: Date;
}): Promise<ConfigurationComparison> {
  const { settings, policies, s3 } = options;
  const Bucket = settings.bucket;

  const corsBase = { document: 'cors' as const, title: 'CORS configuration' };
  const policyBase = {
    document: 'bucket-policy' as const,
    title: 'Bucket policy',
  };
  const lifecycleBase = {
    document: 'lifecycle' as const,
    title: 'Lifecycle rules',
  };
  const [cors, policy, lifecycle] = await Promise.all([
    policies.cors
      ? readLive(
          { name: 'GetBucketCors', action: 's3:GetBucketCORS' },
          async () => {
            const out = await s3.send(new GetBucketCorsCommand({ Bucket }));
            return { CORSRules: out.CORSRules ?? [] };
          },
        )
      : undefined,
    policies.bucketPolicy
      ? readLive(
          { name: 'GetBucketPolicy', action: 's3:GetBucketPolicy' },
          async () => {
            const out = await s3.send(new GetBucketPolicyCommand({ Bucket }));
            return normalizedPolicy(JSON.parse(out.Policy ?? '{}'));
          },
        )
      : undefined,
    readLive(
      {
        name: 'GetBucketLifecycleConfiguration',
        action: 's3:GetLifecycleConfiguration',
      },
      async () => {
        const out = await s3.send(
          new GetBucketLifecycleConfigurationCommand({ Bucket }),
        );
        return (out.Rules ?? []).map(summarizeLifecycleRule);
      },
    ),
  ]);

  const documents: DocumentComparison[] = [];
  const requiredCors = policies.cors;
  documents.push(
    requiredCors && cors
      ? comparison(
          corsBase,
          requiredCors.configuration,
          cors,
          value => {
            const result = compareCorsConfiguration(
              value as Parameters<typeof compareCorsConfiguration>[0],
              requiredCors.configuration,
            );
            return result.matches
              ? {
                  matches: true,
                  summary: 'The bucket serves the generated CORS rule',
                }
              : {
                  matches: false,
                  summary: `The generated CORS rule is not served: ${[
                    ...result.missing.map(
                      r =>
                        `no rule allows ${r.AllowedMethods.join(
                          ', ',
                        )} from ${r.AllowedOrigins.join(', ')}`,
                    ),
                    ...result.different.flatMap(d => d.problems),
                  ].join('; ')}`,
                };
          },
          requiredCors.command,
        )
      : notGenerated(corsBase, 'The resource lists no CORS origins'),
  );

  const desiredPolicy = policies.bucketPolicy;
  if (desiredPolicy && policy) {
    const desired = normalizedPolicy(desiredPolicy.policy);
    const compared = comparison(
      policyBase,
      desired,
      policy,
      value => {
        const { missing } = compareBucketPolicy(desiredPolicy.policy, value);
        return missing.length
          ? {
              matches: false,
              summary: `Not granted by the live policy: ${missing
                .map(s => s.Sid ?? '(no Sid)')
                .join(', ')}`,
            }
          : {
              matches: true,
              summary: 'The live policy grants every generated statement',
            };
      },
      putBucketPolicyCommand(
        settings,
        'found' in policy && policy.found
          ? policyWith(
              policy.value,
              compareBucketPolicy(desiredPolicy.policy, policy.value).missing,
            )
          : desiredPolicy.policy,
      ),
    );
    // as the sweep judges it: a role its IAM policy grants needs no bucket
    // policy, so one that names the role nowhere is optional, not missing
    const namesRole =
      'found' in policy &&
      policy.found &&
      !!options.principalArn &&
      policyNamesPrincipal(policy.value, options.principalArn);
    documents.push(
      (compared.state === 'missing' || compared.state === 'differs') &&
        !namesRole
        ? {
            ...compared,
            state: 'optional',
            summary: `${
              compared.state === 'missing'
                ? 'The bucket has no bucket policy'
                : 'The bucket policy names the role nowhere'
            }: the role's IAM policy grants the access. The generated statements are optional; apply them to grant it from the bucket as well.`,
          }
        : compared,
    );
  } else {
    documents.push(
      notGenerated(
        policyBase,
        policies.notes.find(n => n.startsWith('No bucket policy')) ??
          'The portal generates no bucket policy for this resource',
      ),
    );
  }

  // the live rules are shown in the form they are put back in
  const rules: LifecycleRuleSummary[] =
    'found' in lifecycle && lifecycle.found
      ? (lifecycle.value as LifecycleRuleSummary[])
      : [];
  const liveLifecycle: typeof lifecycle =
    'found' in lifecycle && lifecycle.found
      ? {
          found: true,
          value: {
            Rules: rules.map(r => asPutRule(r.source)),
          },
        }
      : lifecycle;
  documents.push(
    comparison(
      lifecycleBase,
      { Rules: policies.lifecycle.rules },
      liveLifecycle,
      () => {
        const result = compareLifecycleConfiguration(settings, rules);
        return result.matches
          ? {
              matches: true,
              summary:
                'The bucket aborts incomplete uploads and expires noncurrent versions as generated',
            }
          : {
              matches: false,
              summary: [
                ...result.missing.map(r =>
                  r.AbortIncompleteMultipartUpload
                    ? `nothing aborts incomplete multipart uploads under "${r.Filter.Prefix}"`
                    : `nothing expires noncurrent versions under "${r.Filter.Prefix}"`,
                ),
                ...result.different.flatMap(d => d.problems),
              ].join('; '),
            };
      },
      generateLifecycleConfiguration(settings, rules).command,
    ),
  );

  return {
    resourceId: options.resourceId,
    checkedAt: (options.now ?? new Date()).toISOString(),
    documents,
  };
}
