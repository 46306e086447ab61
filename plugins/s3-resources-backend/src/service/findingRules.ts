import {
  FindingKind,
  PolicyDocument,
  ResourceSettings,
  StorageSample,
  generateResourcePolicies,
} from '@s3-resources/plugin-s3-resources-common';
import { NewFinding } from '../database/FindingStore';
import { ResourceRow } from '../database/ResourceStore';
import {
  corsDrift,
  corsWildcard,
  noDefaultEncryption,
  publicAccessBlockOff,
  publicAcl,
} from './bucketFindings';
import {
  accessLoggingOff,
  bucketPolicyCrossAccount,
  bucketPolicyDrift,
  bucketPolicyPublic,
  incompleteUploadsNoAbort,
  lifecycleDrift,
  objectLockRetention,
  ownAccountOf,
  replicationCrossAccount,
  versioningOff,
} from './configurationFindings';
import {
  CredentialFacts,
  accessKeyShared,
  roleTrustNoExternalId,
} from './credentialFindings';
import { RuleResult } from './findingText';
import {
  accessBeyondLevelFinding,
  accessMapOf,
  aclCrossAccount,
  aclPublic,
} from './accessFindings';
import { accessFixesOf } from './accessFix';
import {
  CatalogFacts,
  SweepTest,
  accessBroaderThanUsed,
  accessKeyStale,
  awsAccountNotAllowed,
  orphans,
  testFailing,
} from './resourceFindings';
import { StoredAuth, settingsOf } from './resourceView';

/** What the sweep knows about one resource when it judges it. */
export type FindingInput = {
  row: ResourceRow;
  test: SweepTest;
  /** Undefined when the catalog could not be asked. */
  catalog?: CatalogFacts;
  now: Date;
  maxAccessKeyAgeDays: number;
  /** The app's base URL, suggested as the CORS origin in place of a wildcard. */
  appBaseUrl?: string;
  /**
   * The resource's latest storage scan (complete, or the progress of one
   * under way); undefined when it was never scanned.
   */
  storage?: StorageSample;
  /** The portal's outbound addresses, as the generated bucket policy names them. */
  egressCidrs?: string[];
  /** What the sweep learnt of the credentials beyond the test; absent: unknown. */
  credentials?: CredentialFacts;
};

export type FindingVerdict = {
  findings: NewFinding[];
  /** Checks this sweep could not make; the findings they had before are kept as they were. */
  unknown: FindingKind[];
};

/** The findings of one resource, from its sweep test, its settings and the catalog. */
export function computeFindings(input: FindingInput): FindingVerdict {
  const { row, test, now } = input;
  const settings = settingsOf(row);
  const run = 'run' in test ? test.run : undefined;
  const findings: NewFinding[] = [];
  const unknown: FindingKind[] = [];
  const add = (kind: FindingKind, result: RuleResult) => {
    if (result === 'unknown') unknown.push(kind);
    else if (result) findings.push(result);
  };
  add('test-failing', testFailing(row, test));
  add('cors-drift', corsDrift(settings, run));
  add(
    'cors-wildcard-origin',
    corsWildcard(row, settings, run, input.appBaseUrl),
  );
  add('public-acl', publicAcl(row, settings));
  add('public-access-block-off', publicAccessBlockOff(settings, run));
  add('no-default-encryption', noDefaultEncryption(settings, run));
  add('access-key-stale', accessKeyStale(row, now, input.maxAccessKeyAgeDays));
  const orphaned = orphans(row, input.catalog);
  findings.push(...orphaned.findings);
  unknown.push(...orphaned.unknown);
  add('access-broader-than-used', accessBroaderThanUsed(row, settings));
  add('aws-account-not-allowed', awsAccountNotAllowed(row, test));
  const auth = row.auth as StoredAuth;
  const ownAccount = ownAccountOf(auth);
  const principalArn = auth.method === 'assume-role' ? auth.roleArn : undefined;
  const map = accessMapOf(row, run);
  // one put for every access finding of the bucket, or they undo each other
  const fixes = accessFixesOf({
    settings,
    run,
    map,
    ownAccount,
    portalArn: principalArn,
  });
  add('bucket-policy-public', bucketPolicyPublic(settings, run, fixes));
  add(
    'bucket-policy-cross-account',
    bucketPolicyCrossAccount(settings, run, ownAccount, fixes),
  );
  add(
    'bucket-policy-drift',
    bucketPolicyDrift(
      settings,
      run,
      desiredBucketPolicy(settings, principalArn, input.egressCidrs),
      principalArn,
    ),
  );
  const uploads = incompleteUploadsNoAbort(settings, run, input.storage);
  add('incomplete-uploads-no-abort', uploads);
  add(
    'lifecycle-drift',
    lifecycleDrift(settings, run, !!uploads && uploads !== 'unknown'),
  );
  add(
    'replication-cross-account',
    replicationCrossAccount(settings, run, ownAccount),
  );
  add('object-lock-retention', objectLockRetention(settings, run));
  add('access-logging-off', accessLoggingOff(settings, run));
  add('versioning-off', versioningOff(settings, run));
  add(
    'access-key-shared',
    accessKeyShared(row, input.credentials?.keySharedWith),
  );
  add(
    'role-trust-no-external-id',
    roleTrustNoExternalId(row, run, input.credentials),
  );
  add('access-beyond-level', accessBeyondLevelFinding(settings, map, fixes));
  add('acl-public', aclPublic(settings, run, fixes));
  add('acl-cross-account', aclCrossAccount(settings, run, fixes));
  return { findings, unknown };
}

/** The generated bucket policy, when the principal that receives the grants is known. */
function desiredBucketPolicy(
  settings: ResourceSettings,
  principalArn: string | undefined,
  egressCidrs: string[] | undefined,
): PolicyDocument | undefined {
  if (!principalArn) return undefined;
  try {
    return generateResourcePolicies(settings, { principalArn, egressCidrs })
      .bucketPolicy?.policy;
  } catch {
    // settings no generator accepts: nothing to compare with
    return undefined;
  }
}
