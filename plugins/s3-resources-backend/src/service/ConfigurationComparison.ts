import {
  GetBucketCorsCommand,
  GetBucketPolicyCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import {
  ConfigurationComparison,
  DocumentComparison,
  ResourcePolicies,
  ResourceSettings,
  alignLines,
  canonicalJson,
  compareCorsConfiguration,
  shellQuote,
} from '@s3-resources/plugin-s3-resources-common';
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
  try {
    return { found: true, value: await read() };
  } catch (raw) {
    const e = classifyError(raw);
    if (e.code && MISSING_CODES.has(e.code)) return { found: false };
    if (e.kind === 'denied') {
      return {
        unknown: `${call.name} was denied: grant ${call.action} (the generated IAM policy lists it) to compare`,
      };
    }
    if (e.kind === 'not-available' || e.httpStatus === 501) {
      return { unknown: `The provider does not support ${call.name}` };
    }
    return {
      unknown: `${call.name} failed (${e.code ?? e.networkCode ?? e.kind})`,
    };
  }
}

/** Action, NotAction, Resource and principals as sorted arrays: one form, however the provider wrote it. */
function normalizedPolicy(policy: unknown): {
  Version?: string;
  Statement: Array<Record<string, unknown>>;
} {
  const doc = (policy ?? {}) as { Version?: string; Statement?: unknown };
  const statements = Array.isArray(doc.Statement)
    ? doc.Statement
    : doc.Statement
    ? [doc.Statement]
    : [];
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
      summary: `The bucket has no ${base.title.toLowerCase()}`,
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
 * The bucket's live CORS rules and bucket policy (and lifecycle) next to
 * the ones the portal generated, read with the resource's own client. The
 * verdict is semantic (the generated rules are served, the generated
 * statements are present), the lines show every difference.
 */
export async function compareConfiguration(options: {
  resourceId: string;
  settings: ResourceSettings;
  policies: ResourcePolicies;
  s3: S3Client;
  now?: Date;
}): Promise<ConfigurationComparison> {
  const { settings, policies, s3 } = options;
  const Bucket = settings.bucket;
  const endpoint = settings.endpoint
    ? ` --endpoint-url ${shellQuote(settings.endpoint)}`
    : '';

  const corsBase = { document: 'cors' as const, title: 'CORS configuration' };
  const policyBase = {
    document: 'bucket-policy' as const,
    title: 'Bucket policy',
  };
  const [cors, policy] = await Promise.all([
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
    const merged = (liveValue: unknown) => {
      const ours = new Set(desired.Statement.map(s => s.Sid));
      const theirs = normalizedPolicy(liveValue).Statement.filter(
        s => !s.Sid || !ours.has(s.Sid),
      );
      return { ...desired, Statement: [...theirs, ...desired.Statement] };
    };
    const commandFor = (doc: unknown) =>
      `aws s3api put-bucket-policy --bucket ${shellQuote(
        Bucket,
      )} --policy ${shellQuote(JSON.stringify(doc))}${endpoint}`;
    documents.push(
      comparison(
        policyBase,
        desired,
        policy,
        value => {
          const live = new Set(
            normalizedPolicy(value).Statement.map(s => canonicalJson(s)),
          );
          const missing = desired.Statement.filter(
            s => !live.has(canonicalJson(s)),
          );
          return missing.length
            ? {
                matches: false,
                summary: `${
                  missing.length
                } generated statement(s) missing or changed: ${missing
                  .map(s => s.Sid ?? '(no Sid)')
                  .join(', ')}`,
              }
            : {
                matches: true,
                summary: 'Every generated statement is in the live policy',
              };
        },
        commandFor(
          'found' in policy && policy.found ? merged(policy.value) : desired,
        ),
      ),
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

  return {
    resourceId: options.resourceId,
    checkedAt: (options.now ?? new Date()).toISOString(),
    documents,
  };
}
