import { resolveActions } from './policies/accessLevels';
import { PROVIDER_PROFILES } from './providers';
import {
  ALL_USERS_URI,
  AUTHENTICATED_USERS_URI,
  aclGrantLabel,
  granteeLabel,
  isPublicGrantee,
  LOG_DELIVERY_URI,
} from './policies/bucketAcl';
import {
  LivePolicyStatement,
  accountOf,
  effectOf,
  findBucketPolicyExposure,
  labelOf,
  listOf,
  statementsOf,
  wildcardMatches,
} from './policies/bucketPolicyExposure';
import type { AuditFinding, FindingKind } from './findings';
import type { PolicyDocument } from './policies/types';
import type {
  AccessLevel,
  BucketAcl,
  BucketAclGrant,
  ResourceSettings,
  TestRun,
  TestStepObservation,
} from './types';

/**
 * What a principal may do to a resource, in the map's five columns:
 * download objects, list them, upload, delete, and change who may do what
 * (bucket policy, bucket and object ACLs, public access block).
 *
 * @public
 */
export type AccessCategory =
  | 'read'
  | 'list'
  | 'write'
  | 'delete'
  | 'permissions';

/** @public */
export const ACCESS_CATEGORIES: readonly AccessCategory[] = [
  'read',
  'list',
  'write',
  'delete',
  'permissions',
];

/** @public */
export const ACCESS_CATEGORY_TITLES: Record<AccessCategory, string> = {
  read: 'Read',
  list: 'List',
  write: 'Write',
  delete: 'Delete',
  permissions: 'Policy and ACL changes',
};

/**
 * A cell's verdict. `blocked`: granted to the public but neutralised by the
 * public access block. `unknown`: a document that could grant it could not
 * be read; never shown as no access.
 *
 * @public
 */
export type AccessState =
  | 'granted'
  | 'denied'
  | 'blocked'
  | 'not-granted'
  | 'unknown';

/** @public */
export type AccessPrincipalKind =
  | 'portal'
  | 'bucket-owner'
  | 'public'
  | 'authenticated'
  | 'account'
  | 'iam-user'
  | 'iam-role'
  | 'assumed-role'
  | 'canonical-user'
  | 'service'
  | 'federated'
  | 'group'
  | 'email'
  | 'other';

/** @public */
export type AccessPrincipal = {
  /** Stable key of the row: an ARN, an account ID, a canonical ID, `*`, … */
  id: string;
  kind: AccessPrincipalKind;
  /** As a person reads it. */
  label: string;
  /** The account it belongs to, when its ARN says. */
  account?: string;
};

/**
 * One statement or grant behind a cell.
 *
 * @public
 */
export type AccessSource = {
  via: 'bucket-policy' | 'bucket-acl' | 'iam-policy' | 'default-acl' | 'owner';
  effect: 'Allow' | 'Deny';
  /** `statement "Sid"`, `statement #2`, `ACL grant WRITE to …`, `generated IAM statement "Sid"`. */
  label: string;
  /** The actions (or the ACL permission) of the source that reach the column. */
  actions: string[];
  /** Position in the live bucket policy's Statement list (0-based). */
  statementIndex?: number;
  /** Position in the live ACL's grants (0-based). */
  grantIndex?: number;
  /** Condition operators and keys, e.g. `IpAddress aws:SourceIp`. */
  conditions?: string[];
  /** Whatever else a reader must know: NotAction/NotPrincipal, the public access block, verification. */
  note?: string;
  /** Portal row: whether the last connection test exercised it (absent: no step does). */
  verified?: boolean;
  /** Public grants the public access block neutralises. */
  blocked?: boolean;
  /** A bucket policy statement open to everyone: bucket-policy-public names it, not access-beyond-level. */
  publicStatement?: boolean;
};

/** @public */
export type AccessCell = {
  category: AccessCategory;
  state: AccessState;
  sources: AccessSource[];
  /** Why the state is `unknown` or `not-granted`, in words. */
  reason?: string;
};

/** @public */
export type AccessMapRow = {
  principal: AccessPrincipal;
  /** One cell per column, in ACCESS_CATEGORIES order. */
  cells: AccessCell[];
};

/**
 * Whether a document the map reads was read: `none` = the bucket has none,
 * `unknown` = it could not be read (`detail` says why).
 *
 * @public
 */
export type AccessInput = {
  state: 'read' | 'none' | 'unknown';
  detail: string;
};

/**
 * Who may do what to a resource's bucket, from the latest connection test's
 * observations and the generated policies.
 *
 * @public
 */
export type AccessMap = {
  resourceId: string;
  resourceName: string;
  bucket: string;
  prefix?: string;
  accessLevel: AccessLevel;
  /** The catalog group or user that owns the resource (entity ref). */
  owner: string;
  /** The columns the resource's access level grants the portal. */
  levelCategories: AccessCategory[];
  /** The principal the portal uses for this resource. */
  portal: { id: string; description: string };
  /** The connection test the map is computed from; absent before the first. */
  run?: { id: string; startedAt: string };
  inputs: {
    bucketPolicy: AccessInput;
    bucketAcl: AccessInput;
    publicAccessBlock: AccessInput;
  };
  rows: AccessMapRow[];
};

/**
 * What the map is computed from: nothing is read from the provider here.
 *
 * @public
 */
export type AccessMapInput = {
  resourceId: string;
  settings: ResourceSettings;
  /** The portal's credential or role: an ARN matched in the bucket policy, or a masked key. */
  portal: { id: string; description: string; arn?: string };
  /** The generated IAM policy of the portal's principal, when it could be generated. */
  iamPolicy?: PolicyDocument;
  /** The latest stored connection test. */
  run?: TestRun;
  /** Why there is no test to read though one ran (e.g. the bucket changed after it). */
  unread?: string;
};

type Scope = 'bucket' | 'object';
type Probe = { action: string; scope: Scope };

/**
 * The actions that stand for each column: a statement reaches the column
 * when one of them is allowed on the bucket or on a key under the prefix.
 */
const PROBES: Record<AccessCategory, Probe[]> = {
  read: [
    { action: 's3:GetObject', scope: 'object' },
    { action: 's3:GetObjectVersion', scope: 'object' },
  ],
  list: [
    { action: 's3:ListBucket', scope: 'bucket' },
    { action: 's3:ListBucketVersions', scope: 'bucket' },
    { action: 's3:ListBucketMultipartUploads', scope: 'bucket' },
  ],
  write: [
    { action: 's3:PutObject', scope: 'object' },
    { action: 's3:RestoreObject', scope: 'object' },
  ],
  delete: [
    { action: 's3:DeleteObject', scope: 'object' },
    { action: 's3:DeleteObjectVersion', scope: 'object' },
    { action: 's3:DeleteBucket', scope: 'bucket' },
  ],
  permissions: [
    { action: 's3:PutBucketPolicy', scope: 'bucket' },
    { action: 's3:DeleteBucketPolicy', scope: 'bucket' },
    { action: 's3:PutBucketAcl', scope: 'bucket' },
    { action: 's3:PutBucketPublicAccessBlock', scope: 'bucket' },
    { action: 's3:PutBucketOwnershipControls', scope: 'bucket' },
    { action: 's3:PutObjectAcl', scope: 'object' },
    { action: 's3:PutObjectVersionAcl', scope: 'object' },
  ],
};

/** Bucket ACL permissions by column (a bucket ACL never grants reading objects). */
const ACL_CATEGORIES: Record<string, AccessCategory[]> = {
  READ: ['list'],
  WRITE: ['write', 'delete'],
  WRITE_ACP: ['permissions'],
  FULL_CONTROL: ['list', 'write', 'delete', 'permissions'],
};

/**
 * The columns an action list reaches, whatever it is granted on.
 *
 * @public
 */
export function categoriesOfActions(actions: readonly string[]) {
  return ACCESS_CATEGORIES.filter(c =>
    PROBES[c].some(p => actions.some(a => wildcardMatches(a, p.action))),
  );
}

/**
 * The columns a resource's access level grants the portal (as the
 * generated IAM policy lists them).
 *
 * @public
 */
export function levelCategoriesOf(settings: ResourceSettings) {
  try {
    return categoriesOfActions(
      resolveActions(settings).actions.map(a => a.action),
    );
  } catch {
    return [] as AccessCategory[];
  }
}

const strings = (v: unknown) =>
  listOf(v).filter((x): x is string => typeof x === 'string');

/** ARNs of any AWS partition compared as `aws`. */
const normalArn = (arn: string) =>
  arn.replace(/^arn:aws(-[a-z-]+)?:/i, 'arn:aws:');

/**
 * An S3 resource ARN with its ARN part (`arn:aws:s3:::`) in lower case and
 * its bucket and key as written: keys are case-sensitive.
 */
const s3Arn = (arn: string) =>
  normalArn(arn).replace(/^arn:aws:s3:::/i, 'arn:aws:s3:::');

/** The bucket and key ARNs the map asks about. */
function targetsOf(settings: ResourceSettings) {
  const bucket = `arn:aws:s3:::${settings.bucket}`;
  return { bucket, keys: `${bucket}/${settings.prefix ?? ''}` };
}

/** Whether a Resource pattern may match some key under `keys` (a prefix ARN). */
function overlapsKeys(pattern: string, keys: string): boolean {
  const p = s3Arn(pattern);
  const wild = p.search(/[*?]/);
  const literal = wild < 0 ? p : p.slice(0, wild);
  return literal.startsWith(keys) || keys.startsWith(literal);
}

/** Whether a Resource pattern certainly matches every key under `keys` (`?` is never certain). */
function coversKeys(pattern: string, keys: string): boolean {
  const p = s3Arn(pattern);
  if (p === '*') return true;
  if (p.includes('?')) return false;
  const star = p.indexOf('*');
  return star === p.length - 1 && keys.startsWith(p.slice(0, -1));
}

type Targets = ReturnType<typeof targetsOf>;

/** Whether the statement's resources reach the probe's target (`all`: every key of it). */
function reaches(
  s: LivePolicyStatement,
  probe: Probe,
  targets: Targets,
  all: boolean,
): boolean {
  // a statement with NotResource or none at all is read as covering everything
  if (s.NotResource !== undefined || s.Resource === undefined) return !all;
  const patterns = strings(s.Resource);
  if (probe.scope === 'bucket') {
    return patterns.some(p =>
      wildcardMatches(s3Arn(p), targets.bucket, { caseSensitive: true }),
    );
  }
  return patterns.some(p =>
    all ? coversKeys(p, targets.keys) : overlapsKeys(p, targets.keys),
  );
}

/** Whether the statement's actions include the probe's (NotAction: every action it does not name). */
function names(s: LivePolicyStatement, probe: Probe): boolean {
  if (s.NotAction !== undefined) {
    return !strings(s.NotAction).some(a => wildcardMatches(a, probe.action));
  }
  return strings(s.Action).some(a => wildcardMatches(a, probe.action));
}

function conditionsOf(s: { Condition?: unknown }): string[] {
  const condition = s.Condition;
  if (!condition || typeof condition !== 'object') return [];
  return Object.entries(condition as Record<string, unknown>).flatMap(
    ([operator, keys]) =>
      keys && typeof keys === 'object'
        ? Object.keys(keys as object).map(key => `${operator} ${key}`)
        : [operator],
  );
}

/** The row a policy principal stands for. */
function principalOf(kind: string, id: string): AccessPrincipal {
  if (id === '*') {
    return { id: '*', kind: 'public', label: 'Everyone (public)' };
  }
  if (kind === 'CanonicalUser') {
    return { id, kind: 'canonical-user', label: `Canonical user ${id}` };
  }
  if (kind === 'Service') {
    return { id, kind: 'service', label: `Service ${id}` };
  }
  if (kind === 'Federated') {
    return { id, kind: 'federated', label: `Federated ${id}` };
  }
  const account = accountOf(id);
  const withAccount = account ? { account } : {};
  if (/^\d{12}$/.test(id) || /^arn:[^:]+:iam::\d{12}:root$/.test(id)) {
    return {
      id: account!,
      kind: 'account',
      label: `AWS account ${account}`,
      account: account!,
    };
  }
  const resource = id.split(':').slice(5).join(':');
  if (resource.startsWith('user/')) {
    return { id, kind: 'iam-user', label: `IAM user ${id}`, ...withAccount };
  }
  if (resource.startsWith('role/')) {
    return { id, kind: 'iam-role', label: `IAM role ${id}`, ...withAccount };
  }
  if (resource.startsWith('assumed-role/')) {
    return {
      id,
      kind: 'assumed-role',
      label: `Role session ${id}`,
      ...withAccount,
    };
  }
  return { id, kind: 'other', label: `Principal ${id}`, ...withAccount };
}

/**
 * Each principal a statement's `Principal` names: its kind (`AWS`,
 * `CanonicalUser`, …), the text as written, and the map's row for it
 * (`*` stands for everyone). Two spellings of one account are one row.
 *
 * @public
 */
export function statementPrincipalsOf(
  principal: unknown,
): { kind: string; text: string; principal: AccessPrincipal }[] {
  if (principal === '*') {
    return [{ kind: '*', text: '*', principal: principalOf('AWS', '*') }];
  }
  if (!principal || typeof principal !== 'object') return [];
  return Object.entries(principal as Record<string, unknown>).flatMap(
    ([kind, ids]) =>
      strings(ids).map(text => ({
        kind,
        text,
        principal: principalOf(kind, text),
      })),
  );
}

/** The rows a statement names, each once. */
function statementPrincipals(principal: unknown): AccessPrincipal[] {
  const all = statementPrincipalsOf(principal).map(p => p.principal);
  return all.filter(
    (p, i) => all.findIndex(x => x.kind === p.kind && x.id === p.id) === i,
  );
}

function granteePrincipal(
  grantee: BucketAclGrant['grantee'],
  ownerId: string | undefined,
): AccessPrincipal {
  if (grantee.uri === ALL_USERS_URI) return principalOf('AWS', '*');
  if (grantee.uri === AUTHENTICATED_USERS_URI) {
    return {
      id: 'authenticated',
      kind: 'authenticated',
      label: 'Any AWS account (AuthenticatedUsers)',
    };
  }
  if (grantee.uri) {
    return { id: grantee.uri, kind: 'group', label: granteeLabel(grantee) };
  }
  if (grantee.email) {
    return { id: grantee.email, kind: 'email', label: granteeLabel(grantee) };
  }
  const id = grantee.id ?? '';
  if (ownerId && id === ownerId) return ownerPrincipal(id, grantee.displayName);
  return {
    id,
    kind: 'canonical-user',
    label: `Canonical user ${id}${
      grantee.displayName ? ` (${grantee.displayName})` : ''
    }`,
  };
}

function ownerPrincipal(id: string, displayName?: string): AccessPrincipal {
  return {
    id,
    kind: 'bucket-owner',
    label: `Bucket owner ${id}${displayName ? ` (${displayName})` : ''}`,
  };
}

type Observed = {
  policy?: Record<string, unknown> | null;
  acl?: BucketAcl;
  block?: TestStepObservation['publicAccessBlock'];
};

function observedOf(run: TestRun | undefined): Observed {
  const of = (id: string) => run?.steps.find(s => s.id === id)?.observed;
  return {
    policy: of('bucket-policy')?.bucketPolicy,
    acl: of('bucket-acl')?.bucketAcl,
    block: of('public-access')?.publicAccessBlock,
  };
}

function inputOf(
  run: TestRun | undefined,
  stepId: string,
  value: unknown,
  what: string,
  unread: string | undefined,
): AccessInput {
  if (!run) {
    return {
      state: 'unknown',
      detail:
        unread ??
        `The resource has no connection test yet: ${what} was never read`,
    };
  }
  if (value === null) return { state: 'none', detail: `No ${what}` };
  if (value !== undefined) {
    return { state: 'read', detail: `Read by the test of ${run.startedAt}` };
  }
  const step = run.steps.find(s => s.id === stepId);
  return {
    state: 'unknown',
    detail: step
      ? `${what[0].toUpperCase()}${what.slice(1)} could not be read: ${
          step.message
        }`
      : `The test of ${run.startedAt} did not read ${what} (an older version of the test)`,
  };
}

const sameSource = (a: AccessSource, b: AccessSource) =>
  a.via === b.via &&
  a.statementIndex === b.statementIndex &&
  a.grantIndex === b.grantIndex &&
  a.label === b.label;

/** Collects the sources of each row and column, rows keyed by principal id. */
class Grid {
  readonly rows = new Map<
    string,
    { principal: AccessPrincipal; sources: Map<AccessCategory, AccessSource[]> }
  >();

  row(principal: AccessPrincipal) {
    const key = `${principal.kind === 'public' ? '' : 'p:'}${principal.id}`;
    let row = this.rows.get(key);
    if (!row) {
      row = { principal, sources: new Map() };
      this.rows.set(key, row);
    }
    return row;
  }

  readonly everyone = new Map<AccessCategory, AccessSource[]>();

  denyAll(category: AccessCategory, s: AccessSource) {
    this.everyone.set(category, [...(this.everyone.get(category) ?? []), s]);
  }

  add(principal: AccessPrincipal, category: AccessCategory, s: AccessSource) {
    const { sources } = this.row(principal);
    const before = sources.get(category) ?? [];
    // a statement naming one principal twice is one source of the cell
    if (before.some(x => sameSource(x, s))) return;
    sources.set(category, [...before, s]);
  }
}

/** What a policy statement does for one column, if anything. */
function statementSource(
  s: LivePolicyStatement,
  index: number,
  category: AccessCategory,
  targets: Targets,
): AccessSource | undefined {
  const reached = PROBES[category].filter(
    p => names(s, p) && reaches(s, p, targets, false),
  );
  if (!reached.length) return undefined;
  const conditions = conditionsOf(s);
  const effect = effectOf(s);
  if (!effect) return undefined;
  const notes: string[] = [];
  if (s.NotAction !== undefined) {
    notes.push(
      `NotAction: every action but ${strings(s.NotAction).join(', ')}`,
    );
  }
  if (s.NotPrincipal !== undefined) {
    notes.push('NotPrincipal: everyone but the principals it names');
  }
  if (s.NotResource !== undefined || s.Resource === undefined) {
    notes.push('no Resource list: read as every resource');
  }
  if (effect === 'Deny') {
    const certain =
      !conditions.length &&
      s.NotPrincipal === undefined &&
      PROBES[category].every(p => names(s, p) && reaches(s, p, targets, true));
    if (!certain) {
      notes.push(
        'may deny: it has conditions or does not cover every action and key of the column',
      );
    }
  }
  return {
    via: 'bucket-policy',
    effect,
    label: labelOf(s, index),
    actions: s.NotAction !== undefined ? ['(NotAction)'] : strings(s.Action),
    statementIndex: index,
    ...(conditions.length ? { conditions } : {}),
    ...(notes.length ? { note: notes.join('; ') } : {}),
  };
}

/** A Deny that certainly applies: no condition, every action and key of the column. */
const certainDeny = (s: AccessSource) => s.effect === 'Deny' && !s.note;

function addPolicy(
  grid: Grid,
  policy: Record<string, unknown>,
  targets: Targets,
  portal: AccessMapInput['portal'],
  portalRow: AccessPrincipal,
  block: Observed['block'],
) {
  const publicIndexes = new Set(
    findBucketPolicyExposure(policy).public.map(p => p.index),
  );
  statementsOf(policy).forEach((s, index) => {
    let principals = statementPrincipals(s.Principal);
    const effect = effectOf(s);
    // AWS rejects any other Effect: the statement grants and denies nothing
    if (!effect) return;
    if (s.NotPrincipal !== undefined) {
      // Allow with NotPrincipal grants everyone but a few: read as public
      principals = effect === 'Deny' ? [] : [principalOf('AWS', '*')];
    }
    const rowOf = (principal: AccessPrincipal) =>
      portal.arn && principal.id === portal.arn ? portalRow : principal;
    // every principal a statement names has a row, whatever it reaches
    if (effect === 'Allow') principals.forEach(p => grid.row(rowOf(p)));
    for (const category of ACCESS_CATEGORIES) {
      const source = statementSource(s, index, category, targets);
      if (!source) continue;
      for (const principal of principals) {
        if (principal.kind === 'public' && source.effect === 'Deny') {
          // a Deny for everyone applies to every row
          grid.denyAll(category, source);
          continue;
        }
        const row = rowOf(principal);
        let added = source;
        const open =
          principal.kind === 'public' &&
          source.effect === 'Allow' &&
          publicIndexes.has(index);
        if (open) added = { ...added, publicStatement: true };
        if (open && block?.restrictPublicBuckets) {
          added = {
            ...added,
            blocked: true,
            note: [source.note, 'neutralised by RestrictPublicBuckets']
              .filter(Boolean)
              .join('; '),
          };
        }
        grid.add(row, category, added);
      }
    }
  });
}

function addAcl(grid: Grid, acl: BucketAcl, block: Observed['block']) {
  const ownerId = acl.owner?.id;
  if (ownerId) {
    grid.add(ownerPrincipal(ownerId, acl.owner?.displayName), 'permissions', {
      via: 'owner',
      effect: 'Allow',
      label: 'owns the bucket',
      actions: [],
      note: "The bucket's owner may always change its policy and ACL",
    });
  }
  acl.grants.forEach((grant, grantIndex) => {
    const principal = granteePrincipal(grant.grantee, ownerId);
    const isPublic = isPublicGrantee(grant.grantee.uri);
    for (const category of ACL_CATEGORIES[grant.permission] ?? []) {
      grid.add(principal, category, {
        via: 'bucket-acl',
        effect: 'Allow',
        label: aclGrantLabel(grant),
        actions: [grant.permission],
        grantIndex,
        ...(isPublic && block?.ignorePublicAcls
          ? { blocked: true, note: 'neutralised by IgnorePublicAcls' }
          : {}),
      });
    }
  });
}

/** Uploads with a public canned ACL make each new object readable. */
function addDefaultAcl(
  grid: Grid,
  settings: ResourceSettings,
  block: Observed['block'],
) {
  const acl = settings.defaultAcl;
  if (!['public-read', 'public-read-write', 'authenticated-read'].includes(acl))
    return;
  const principal =
    acl === 'authenticated-read'
      ? granteePrincipal({ type: 'Group', uri: AUTHENTICATED_USERS_URI }, '')
      : principalOf('AWS', '*');
  const blocked = block?.ignorePublicAcls || block?.blockPublicAcls;
  grid.add(principal, 'read', {
    via: 'default-acl',
    effect: 'Allow',
    label: `default ACL ${acl} of uploads through the portal`,
    actions: [acl],
    note: blocked
      ? 'neutralised by the public access block (IgnorePublicAcls or BlockPublicAcls)'
      : 'each object uploaded through the portal carries this ACL',
    ...(blocked ? { blocked: true } : {}),
  });
}

/** The connection test step that exercises each column for the portal. */
const VERIFIED_BY: Partial<Record<AccessCategory, string>> = {
  list: 'list',
  write: 'write',
  delete: 'write',
};

/**
 * Why a portal cell without a generated grant is unknown, or, when the
 * step that exercises the column failed, why it is not granted.
 */
function portalWithout(
  category: AccessCategory,
  run: TestRun | undefined,
): { unknown?: string; notGranted?: string } {
  const stepId = VERIFIED_BY[category];
  const step = stepId ? run?.steps.find(x => x.id === stepId) : undefined;
  if (step?.status === 'fail') {
    return {
      notGranted: `The last connection test's ${step.title} step failed: ${step.message}`,
    };
  }
  return {
    unknown:
      "The portal's generated IAM policy does not grant it, but the portal's own identity policy is not read, and credentials that own the bucket (e.g. they created it) may do all the bucket owner row shows",
  };
}

/** The generated IAM statements of the portal, and whether the last test saw them work. */
function addPortal(
  grid: Grid,
  portalRow: AccessPrincipal,
  iamPolicy: PolicyDocument | undefined,
  run: TestRun | undefined,
  targets: Targets,
) {
  const verifiedBy = VERIFIED_BY;
  for (const statement of iamPolicy?.Statement ?? []) {
    const s = statement as LivePolicyStatement;
    for (const category of ACCESS_CATEGORIES) {
      const reached = PROBES[category].some(
        p => names(s, p) && reaches(s, p, targets, false),
      );
      if (!reached) continue;
      const stepId = verifiedBy[category];
      const step = stepId ? run?.steps.find(x => x.id === stepId) : undefined;
      let verified: boolean | undefined;
      let note =
        'generated for the portal; no step of the connection test exercises it';
      if (step?.status === 'pass') {
        verified = true;
        note = `the last connection test's ${step.title} step used it`;
      } else if (step?.status === 'fail') {
        verified = false;
        note = `the last connection test's ${step.title} step failed: ${step.message}`;
      }
      const conditions = conditionsOf(statement);
      grid.add(portalRow, category, {
        via: 'iam-policy',
        effect: 'Allow',
        label: `generated IAM statement "${statement.Sid}"`,
        actions: statement.Action,
        ...(conditions.length ? { conditions } : {}),
        ...(verified !== undefined ? { verified } : {}),
        note,
      });
    }
  }
}

const KIND_ORDER: AccessPrincipalKind[] = [
  'portal',
  'bucket-owner',
  'public',
  'authenticated',
];

function cellOf(
  category: AccessCategory,
  sources: AccessSource[],
  unknownBecause: string | undefined,
  notGrantedBecause?: string,
): AccessCell {
  const allows = sources.filter(s => s.effect === 'Allow');
  if (sources.some(certainDeny)) {
    return { category, state: 'denied', sources };
  }
  if (allows.some(s => !s.blocked)) {
    return { category, state: 'granted', sources };
  }
  if (allows.length) return { category, state: 'blocked', sources };
  if (unknownBecause) {
    return { category, state: 'unknown', sources, reason: unknownBecause };
  }
  return {
    category,
    state: 'not-granted',
    sources,
    reason:
      notGrantedBecause ??
      "Neither the bucket policy nor the bucket ACL grants it (identity policies in the principal's own account are not visible to the portal)",
  };
}

/**
 * The access map of one resource: a row per principal the portal knows of
 * (its own credential, the bucket owner, everyone, and each principal the
 * bucket policy or ACL names), a cell per column with the statements and
 * grants behind it. Pure: it reads only the latest test's observations and
 * the generated policies.
 *
 * Read conservatively: NotPrincipal in an Allow is read as public;
 * NotAction as every action it does not name; a statement without
 * Resource (or with NotResource) as every resource; a Deny makes a cell
 * `denied` only when it has no condition and covers every action and key
 * of the column, otherwise it is listed as "may deny" and the cell stays
 * granted. Object ACLs are not read.
 *
 * @public
 */
export function computeAccessMap(input: AccessMapInput): AccessMap {
  const { settings, run, portal } = input;
  const observed = observedOf(run);
  const targets = targetsOf(settings);
  const inputs = {
    bucketPolicy: inputOf(
      run,
      'bucket-policy',
      observed.policy,
      'the bucket policy',
      input.unread,
    ),
    bucketAcl: inputOf(
      run,
      'bucket-acl',
      observed.acl,
      'the bucket ACL',
      input.unread,
    ),
    publicAccessBlock: inputOf(
      run,
      'public-access',
      observed.block,
      'the public access block',
      input.unread,
    ),
  };
  const grid = new Grid();
  const portalRow: AccessPrincipal = {
    id: portal.id,
    kind: 'portal',
    label: `The portal: ${portal.description}`,
  };
  grid.row(portalRow);
  grid.row(principalOf('AWS', '*'));
  if (observed.acl?.owner) {
    grid.row(
      ownerPrincipal(observed.acl.owner.id, observed.acl.owner.displayName),
    );
  }
  addPortal(grid, portalRow, input.iamPolicy, run, targets);
  if (observed.policy) {
    addPolicy(
      grid,
      observed.policy,
      targets,
      portal,
      portalRow,
      observed.block,
    );
  }
  if (observed.acl) addAcl(grid, observed.acl, observed.block);
  addDefaultAcl(grid, settings, observed.block);

  const unknownFor = (category: AccessCategory) => {
    const reasons = [
      inputs.bucketPolicy.state === 'unknown' ? inputs.bucketPolicy.detail : '',
      category !== 'read' && inputs.bucketAcl.state === 'unknown'
        ? inputs.bucketAcl.detail
        : '',
    ].filter(Boolean);
    return reasons.length ? reasons.join('. ') : undefined;
  };
  // an object's own ACL may make it public: the test reads no object ACL
  const objectAclsUnread =
    PROVIDER_PROFILES[settings.provider]?.supportsAcl &&
    settings.objectOwnership !== 'BucketOwnerEnforced' &&
    !observed.block?.ignorePublicAcls
      ? 'Object ACLs are not read: an object may be readable through its own ACL (IgnorePublicAcls or BucketOwnerEnforced rules it out)'
      : undefined;
  const rank = (p: AccessPrincipal) => {
    const i = KIND_ORDER.indexOf(p.kind);
    return i < 0 ? KIND_ORDER.length : i;
  };
  const rows = [...grid.rows.values()]
    .sort(
      (a, b) =>
        rank(a.principal) - rank(b.principal) ||
        a.principal.label.localeCompare(b.principal.label),
    )
    .map(({ principal, sources }) => ({
      principal,
      cells: ACCESS_CATEGORIES.map(category => {
        const portalCell =
          principal.kind === 'portal' ? portalWithout(category, run) : {};
        const objectAcl =
          category === 'read' &&
          (principal.kind === 'public' || principal.kind === 'authenticated')
            ? objectAclsUnread
            : undefined;
        return cellOf(
          category,
          [
            ...(sources.get(category) ?? []),
            ...(grid.everyone.get(category) ?? []),
          ],
          [unknownFor(category), portalCell.unknown, objectAcl]
            .filter(Boolean)
            .join('. ') || undefined,
          portalCell.notGranted,
        );
      }),
    }));
  return {
    resourceId: input.resourceId,
    resourceName: settings.name,
    bucket: settings.bucket,
    ...(settings.prefix ? { prefix: settings.prefix } : {}),
    accessLevel: settings.accessLevel,
    owner: settings.owner,
    levelCategories: levelCategoriesOf(settings),
    portal: { id: portal.id, description: portal.description },
    ...(run ? { run: { id: run.id, startedAt: run.startedAt } } : {}),
    inputs,
    rows,
  };
}

/**
 * A principal's access beyond the resource's level: each granted column
 * the level does not include, with the sources that grant it.
 *
 * @public
 */
export type AccessBeyondLevel = {
  principal: AccessPrincipal;
  categories: AccessCategory[];
  sources: AccessSource[];
};

/**
 * Principals other than the portal and the bucket owner that the bucket
 * policy or ACL grants a column the resource's access level does not.
 * Public grants and those the public access block neutralises are left
 * out: bucket-policy-public names the public policy statements, acl-public
 * the public ACL grants. The finding, the table's "beyond the level" mark
 * and the fleet export all read this one function.
 *
 * @public
 */
export function accessBeyondLevel(map: AccessMap): AccessBeyondLevel[] {
  return map.rows.flatMap(row => {
    if (
      row.principal.kind === 'portal' ||
      row.principal.kind === 'bucket-owner' ||
      // server access logging writes its logs through this group's grant
      row.principal.id === LOG_DELIVERY_URI
    )
      return [];
    // public ACL grants are acl-public's to name
    const publicRow =
      row.principal.kind === 'public' || row.principal.kind === 'authenticated';
    const beyond = row.cells.filter(
      c => c.state === 'granted' && !map.levelCategories.includes(c.category),
    );
    const sources = beyond.flatMap(c =>
      c.sources.filter(
        s =>
          s.effect === 'Allow' &&
          !s.blocked &&
          !s.publicStatement &&
          (s.via === 'bucket-policy' || (s.via === 'bucket-acl' && !publicRow)),
      ),
    );
    if (!sources.length) return [];
    const categories = beyond
      .filter(c => c.sources.some(s => sources.includes(s)))
      .map(c => c.category);
    // one entry per statement or grant: two statements may share a Sid
    const unique = sources.filter(
      (s, i) => sources.findIndex(x => sameSource(x, s)) === i,
    );
    return [{ principal: row.principal, categories, sources: unique }];
  });
}

/**
 * Whether a cell of the map is beyond the resource's level, as
 * access-beyond-level judges it.
 *
 * @public
 */
export function beyondLevelOf(
  map: AccessMap,
): (row: AccessMapRow, category: AccessCategory) => boolean {
  const marked = new Set(
    accessBeyondLevel(map).flatMap(b =>
      b.categories.map(
        c => `${b.principal.kind}\u0000${b.principal.id}\u0000${c}`,
      ),
    ),
  );
  return (row, category) =>
    marked.has(
      `${row.principal.kind}\u0000${row.principal.id}\u0000${category}`,
    );
}

/**
 * A resource's access map with the audit findings about who may reach its
 * bucket, as `GET /resources/:id/access` answers.
 *
 * @public
 */
export type ResourceAccessMap = {
  map: AccessMap;
  /** The findings of the access kinds the last sweep raised on it. */
  findings: AuditFinding[];
};

/**
 * The finding kinds the access map explains.
 *
 * @public
 */
export const ACCESS_FINDING_KINDS: readonly FindingKind[] = [
  'access-beyond-level',
  'acl-public',
  'acl-cross-account',
  'bucket-policy-public',
  'bucket-policy-cross-account',
  'public-access-block-off',
  'public-acl',
];

/**
 * One cell of the fleet's access maps, as `GET /audit/access` exports it.
 *
 * @public
 */
export type FleetAccessRow = {
  resourceId: string;
  resourceName: string;
  owner: string;
  bucket: string;
  accessLevel: AccessLevel;
  principal: string;
  principalKind: AccessPrincipalKind;
  action: AccessCategory;
  state: AccessState;
  /** Whether the column is beyond the resource's access level. */
  beyondLevel: boolean;
  /** The statements and grants behind it, `; `-separated. */
  sources: string;
  /** Why unknown or not granted. */
  reason?: string;
  /** When the test the row comes from started; absent before the first. */
  testedAt?: string;
};

/**
 * The fleet's access maps in figures, as `GET /audit/access` answers JSON.
 *
 * @public
 */
export type FleetAccessSummary = {
  resources: number;
  /** Resources never tested: their maps are all unknown. */
  untested: number;
  /** Cells by state, over every resource and principal. */
  byState: Record<AccessState, number>;
  /** Resources where another principal gets more than the access level. */
  beyondLevel: number;
};

/**
 * The rows of a map for the fleet export.
 *
 * @public
 */
export function fleetAccessRows(map: AccessMap): FleetAccessRow[] {
  const beyond = beyondLevelOf(map);
  return map.rows.flatMap(row =>
    row.cells.map(cell => ({
      resourceId: map.resourceId,
      resourceName: map.resourceName,
      owner: map.owner,
      bucket: map.bucket,
      accessLevel: map.accessLevel,
      principal: row.principal.label,
      principalKind: row.principal.kind,
      action: cell.category,
      state: cell.state,
      beyondLevel: beyond(row, cell.category),
      sources: cell.sources
        .map(
          s =>
            `${s.effect === 'Deny' ? 'Deny: ' : ''}${s.label}${
              s.note ? ` (${s.note})` : ''
            }`,
        )
        .join('; '),
      ...(cell.reason ? { reason: cell.reason } : {}),
      ...(map.run ? { testedAt: map.run.startedAt } : {}),
    })),
  );
}
