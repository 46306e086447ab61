import {
  ACCESS_CATEGORY_TITLES,
  AccessCategory,
  AccessMap,
  AccessSource,
  BucketAcl,
  ResourceSettings,
  TestRun,
  accessBeyondLevel,
  aclGrantLabel,
  computeAccessMap,
  generateIamPolicy,
  granteeLabel,
  maskAccessKeyId,
} from '@s3-resources/plugin-s3-resources-common';
import { ResourceRow } from '../database/ResourceStore';
import {
  AccessFixes,
  otherAccountAclGrants,
  publicAclGrants,
} from './accessFix';
import { RuleResult, cappedList, finding, stepOf } from './findingText';
import { StoredAuth, settingsOf, testOfTarget } from './resourceView';

// The access map of a resource and the findings judged from it: access
// beyond the resource's level, and what the bucket ACL grants the public
// or other accounts. Public and cross-account bucket policy statements are
// bucket-policy-public's and bucket-policy-cross-account's to name.

/** The principal the portal uses for a resource, as the map shows it: never a whole access key ID. */
export function portalPrincipalOf(auth: StoredAuth): {
  id: string;
  description: string;
  arn?: string;
} {
  if (auth.method === 'assume-role') {
    return {
      id: auth.roleArn,
      description: `role ${auth.roleArn}, assumed with ${
        auth.source.method === 'access-key'
          ? `access key ${maskAccessKeyId(auth.source.accessKeyId)}`
          : `the credentials of AWS account ${auth.source.accountId} (app-config)`
      }`,
      arn: auth.roleArn,
    };
  }
  if (auth.method === 'aws-account') {
    return {
      id: `aws-account:${auth.accountId}`,
      description: `the credentials of AWS account ${auth.accountId} configured in app-config`,
    };
  }
  // a row stored without its key ID (never through the API) still has a map
  const masked = maskAccessKeyId(auth.accessKeyId ?? '');
  return { id: masked, description: `access key ${masked}` };
}

/** The access map of a stored resource from its latest test (undefined before the first). */
export function accessMapOf(row: ResourceRow, run: TestRun | undefined) {
  const settings = settingsOf(row);
  let iamPolicy;
  try {
    iamPolicy = generateIamPolicy(settings).policy;
  } catch {
    // settings no generator accepts: the portal row shows no generated grant
  }
  const tested = testOfTarget(row, run);
  return computeAccessMap({
    resourceId: row.id,
    settings,
    portal: portalPrincipalOf(row.auth as StoredAuth),
    iamPolicy,
    run: tested.run,
    ...(tested.stale ? { unread: tested.stale } : {}),
  });
}

const columns = (categories: AccessCategory[]) =>
  categories.map(c => ACCESS_CATEGORY_TITLES[c].toLowerCase()).join(', ');

const aclOf = (run: TestRun | undefined): BucketAcl | undefined =>
  run && stepOf(run, 'bucket-acl')?.observed?.bucketAcl;

/** A statement with conditions grants only under them: the message says so. */
const sourceLabel = (s: AccessSource) =>
  s.conditions?.length
    ? `${s.label} (only if ${s.conditions.join(', ')})`
    : s.label;

export function accessBeyondLevelFinding(
  settings: ResourceSettings,
  map: AccessMap,
  fixes: AccessFixes,
): RuleResult {
  const beyond = accessBeyondLevel(map);
  if (!beyond.length) {
    const unread =
      map.inputs.bucketPolicy.state === 'unknown' ||
      map.inputs.bucketAcl.state === 'unknown';
    return unread ? 'unknown' : undefined;
  }
  const viaPolicy = beyond.some(b =>
    b.sources.some(s => s.statementIndex !== undefined),
  );
  const viaAcl = beyond.some(b =>
    b.sources.some(s => s.grantIndex !== undefined),
  );
  const fixText = [
    ...(viaPolicy && fixes.policy ? [fixes.policy] : []),
    ...(viaPolicy ? fixes.bucketWide : []),
    ...(viaAcl && fixes.acl ? [fixes.acl] : []),
  ];
  const severe = beyond.some(b => b.categories.includes('permissions'));
  return finding('access-beyond-level', severe ? 'high' : 'medium', {
    message: `Resource ${settings.name} has access level ${
      settings.accessLevel
    } (${columns(map.levelCategories)}), but bucket ${
      settings.bucket
    } grants more to others: ${cappedList(
      beyond.map(
        b =>
          `${b.principal.label} may ${columns(
            b.categories,
          )} through ${cappedList(b.sources.map(sourceLabel))}`,
      ),
      '; ',
    )}`,
    fix: `If they should not have this access: ${fixText.join(
      '\n',
    )}\nIf they should, record it: raise the resource's access level or note why in its description.`,
  });
}

export function aclPublic(
  settings: ResourceSettings,
  run: TestRun | undefined,
  fixes: AccessFixes,
): RuleResult {
  const acl = aclOf(run);
  if (!acl) return 'unknown';
  const block =
    run && stepOf(run, 'public-access')?.observed?.publicAccessBlock;
  const open = publicAclGrants(acl, block);
  if (!open.length) return undefined;
  return finding('acl-public', 'high', {
    message: `The ACL of bucket ${settings.bucket} grants public access: ${open
      .map(i => aclGrantLabel(acl.grants[i]))
      .join('; ')}${
      block
        ? ', and IgnorePublicAcls is off'
        : '; whether the public access block neutralises it is unknown (it could not be read)'
    }`,
    fix: `${fixes.acl}\nOr turn IgnorePublicAcls on for the bucket (the public-access-block-off finding has the command).`,
  });
}

export function aclCrossAccount(
  settings: ResourceSettings,
  run: TestRun | undefined,
  fixes: AccessFixes,
): RuleResult {
  const acl = aclOf(run);
  if (!acl) return 'unknown';
  const owner = acl.owner?.id;
  // without the owner, every canonical user could be it: only e-mail grants are judged
  const others = otherAccountAclGrants(acl);
  if (!others.length) return undefined;
  return finding('acl-cross-account', 'medium', {
    message: `The ACL of bucket ${
      settings.bucket
    } grants principals other than its owner${
      owner ? ` (${owner})` : ''
    }: ${others
      .map(
        i =>
          `${acl.grants[i].permission} to ${granteeLabel(
            acl.grants[i].grantee,
          )}`,
      )
      .join('; ')}`,
    fix: `If they should not have access: ${fixes.acl}`,
  });
}
