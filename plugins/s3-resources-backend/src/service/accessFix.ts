import {
  AccessMap,
  BucketAcl,
  ResourceSettings,
  TestRun,
  TestStepObservation,
  accessBeyondLevel,
  aclGrantLabel,
  findBucketPolicyExposure,
  isPublicGrantee,
  putBucketAclCommand,
  putBucketPolicyCommand,
  shellQuote,
  statementPrincipalsOf,
  statementsOf,
} from '@s3-resources/plugin-s3-resources-common';
import { cappedList, endpointArg, stepOf } from './findingText';

// One fix for every access finding of a bucket. bucket-policy-public,
// bucket-policy-cross-account and access-beyond-level each flag part of the
// same policy, acl-public, acl-cross-account and access-beyond-level part
// of the same ACL: a put built from one finding alone would put back what
// another flags. So each finding prints the same put, which leaves out
// everything any of them flags, and only that: principals are taken out of
// a statement (the statement goes only when none is left), the portal's own
// principal is never taken out, and on a prefix resource a statement that
// reaches beyond the prefix is described, not changed.

type Observed = {
  policy?: Record<string, unknown> | null;
  acl?: BucketAcl;
  block?: TestStepObservation['publicAccessBlock'];
};

function observedOf(run: TestRun | undefined): Observed {
  return {
    policy: run && stepOf(run, 'bucket-policy')?.observed?.bucketPolicy,
    acl: run && stepOf(run, 'bucket-acl')?.observed?.bucketAcl,
    block: run && stepOf(run, 'public-access')?.observed?.publicAccessBlock,
  };
}

/** The ACL grants acl-public names: public, and not neutralised by IgnorePublicAcls. */
export function publicAclGrants(
  acl: BucketAcl,
  block: Observed['block'],
): number[] {
  if (block?.ignorePublicAcls) return [];
  return acl.grants.flatMap((g, i) =>
    isPublicGrantee(g.grantee.uri) ? [i] : [],
  );
}

/**
 * The ACL grants acl-cross-account names: canonical users other than the
 * owner (only when the owner is known) and e-mail grantees.
 */
export function otherAccountAclGrants(acl: BucketAcl): number[] {
  const owner = acl.owner?.id;
  return acl.grants.flatMap((g, i) =>
    (!g.grantee.uri && g.grantee.id && owner && g.grantee.id !== owner) ||
    g.grantee.email
      ? [i]
      : [],
  );
}

export type AccessFixInput = {
  settings: ResourceSettings;
  run: TestRun | undefined;
  map: AccessMap;
  /** The resource's own account, when its credentials say. */
  ownAccount?: string;
  /** The portal's principal ARN (the assumed role), never taken out. */
  portalArn?: string;
};

export type AccessFixes = {
  /** The put (or delete) of the bucket policy, when a statement changes. */
  policy?: string;
  /** Statements of a prefix resource that reach the whole bucket: described, not changed. */
  bucketWide: string[];
  /** The put of the bucket ACL, when a grant goes. */
  acl?: string;
};

/** Whether every Resource of a statement stays under the resource's prefix. */
function withinPrefix(
  s: { Resource?: unknown; NotResource?: unknown },
  settings: ResourceSettings,
): boolean {
  if (!settings.prefix) return true;
  if (s.NotResource !== undefined || s.Resource === undefined) return false;
  const keys = `arn:aws:s3:::${settings.bucket}/${settings.prefix}`;
  const resources = Array.isArray(s.Resource) ? s.Resource : [s.Resource];
  return resources.every(
    r =>
      typeof r === 'string' &&
      r.replace(/^arn:aws(-[a-z-]+)?:/i, 'arn:aws:').startsWith(keys),
  );
}

function policyFixOf(
  input: AccessFixInput,
  policy: Record<string, unknown>,
): { policy?: string; bucketWide: string[] } {
  const { settings, map, ownAccount, portalArn } = input;
  const statements = statementsOf(policy);
  const exposure = findBucketPolicyExposure(policy, {
    accountId: ownAccount,
  });
  // principal texts to take out, by statement; 'all' for the statement
  const remove = new Map<number, Set<string> | 'all'>();
  const take = (index: number, text: string) => {
    const current = remove.get(index);
    if (current === 'all') return;
    remove.set(index, new Set([...(current ?? []), text]));
  };
  for (const p of exposure.public) {
    if (statements[p.index].NotPrincipal !== undefined) {
      remove.set(p.index, 'all');
    } else take(p.index, '*');
  }
  for (const p of exposure.crossAccount) {
    p.principals.forEach(text => take(p.index, text));
  }
  for (const beyond of accessBeyondLevel(map)) {
    for (const source of beyond.sources) {
      const index = source.statementIndex;
      if (index === undefined) continue;
      const s = statements[index];
      if (s.NotPrincipal !== undefined) {
        remove.set(index, 'all');
        continue;
      }
      statementPrincipalsOf(s.Principal)
        .filter(
          p =>
            p.principal.kind === beyond.principal.kind &&
            p.principal.id === beyond.principal.id,
        )
        .forEach(p => take(index, p.text));
    }
  }
  const bucketWide: string[] = [];
  let changed = false;
  const kept = statements.flatMap((s, index) => {
    const taken = remove.get(index);
    if (!taken) return [s];
    const label = s.Sid ? `statement "${s.Sid}"` : `statement #${index + 1}`;
    if (!withinPrefix(s, settings)) {
      bucketWide.push(
        `${label} reaches beyond prefix ${settings.prefix} (the whole bucket, shared with others): review it with the bucket's owner`,
      );
      return [s];
    }
    const named = statementPrincipalsOf(s.Principal);
    if (taken === 'all') {
      changed = true;
      return [];
    }
    const out = (p: { text: string }) =>
      taken.has(p.text) && p.text !== portalArn;
    if (!named.some(out)) return [s];
    changed = true;
    const left = named.filter(p => !out(p));
    if (!left.length) return [];
    const principal: Record<string, string | string[]> = {};
    for (const p of left) {
      const kind = p.kind === '*' ? 'AWS' : p.kind;
      const before = principal[kind];
      principal[kind] =
        before === undefined ? p.text : [...[before].flat(), p.text];
    }
    return [{ ...s, Principal: principal }];
  });
  if (!changed) return { bucketWide };
  const bucket = shellQuote(settings.bucket);
  if (!kept.length) {
    return {
      bucketWide,
      policy: `Nothing else is left in the policy: delete it.\nWith the AWS CLI: aws s3api delete-bucket-policy --bucket ${bucket}${endpointArg(
        settings,
      )}`,
    };
  }
  const next = { ...policy, Statement: kept };
  return {
    bucketWide,
    policy: `Put the policy without the principals the access findings of this bucket name (one put for all of them; the other principals and statements stay):\n${JSON.stringify(
      next,
      null,
      2,
    )}\nWith the AWS CLI: ${putBucketPolicyCommand(settings, next)}`,
  };
}

function aclFixOf(input: AccessFixInput, observed: Observed) {
  const acl = observed.acl!;
  const grants = new Set([
    ...publicAclGrants(acl, observed.block),
    ...otherAccountAclGrants(acl),
    ...accessBeyondLevel(input.map).flatMap(b =>
      b.sources.flatMap(s =>
        s.via === 'bucket-acl' && s.grantIndex !== undefined
          ? [s.grantIndex]
          : [],
      ),
    ),
  ]);
  if (!grants.size) return undefined;
  const indexes = [...grants].sort((a, b) => a - b);
  if (!acl.owner) {
    // PutBucketAcl needs the owner, which the test could not read
    return `Put the bucket ACL back without ${cappedList(
      indexes.map(i => aclGrantLabel(acl.grants[i])),
    )}: the test did not read the ACL's owner, which put-bucket-acl needs, so read the whole ACL first (aws s3api get-bucket-acl --bucket ${shellQuote(
      input.settings.bucket,
    )}${endpointArg(
      input.settings,
    )}), take these grants out of its output and put it back with aws s3api put-bucket-acl --access-control-policy.`;
  }
  return `Put the bucket ACL back without ${cappedList(
    indexes.map(i => aclGrantLabel(acl.grants[i])),
  )} (every grant the access findings of this bucket name, in one put):\nWith the AWS CLI: ${putBucketAclCommand(
    input.settings,
    acl,
    indexes,
  )}`;
}

/** The one policy put and ACL put that fix every access finding of the resource. */
export function accessFixesOf(input: AccessFixInput): AccessFixes {
  const observed = observedOf(input.run);
  const policy = observed.policy
    ? policyFixOf(input, observed.policy)
    : { bucketWide: [] };
  return {
    ...policy,
    ...(observed.acl ? { acl: aclFixOf(input, observed) } : {}),
  };
}
