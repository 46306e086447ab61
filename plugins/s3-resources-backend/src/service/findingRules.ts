import {
  FindingKind,
  FindingSeverity,
  PUBLIC_CANNED_ACLS,
  ResourceSettings,
  TestRun,
  TestStepResult,
  corsConfigurationOf,
  maskAccessKeyId,
  shellQuote,
} from '@s3-resources/plugin-s3-resources-common';
import { NewFinding } from '../database/FindingStore';
import { ResourceRow } from '../database/ResourceStore';
import { AccountUse } from './AwsAccountGrants';
import { StoredAuth, accessKeyIdOf, settingsOf } from './resourceView';

/** What the sweep knows about one resource when it judges it. */
export type FindingInput = {
  row: ResourceRow;
  /**
   * The sweep's connection test, why it could not run, or the account use
   * it was not run for (the owner may not use that AWS account).
   */
  test: { run: TestRun } | { error: Error } | { refused: AccountUse };
  /** Whether the owner / system entities exist; undefined when the catalog could not be asked. */
  catalog?: { ownerExists: boolean; systemExists?: boolean };
  now: Date;
  maxAccessKeyAgeDays: number;
  /** The app's base URL, suggested as the CORS origin in place of a wildcard. */
  appBaseUrl?: string;
};

export type FindingVerdict = {
  findings: NewFinding[];
  /** Checks this sweep could not make; the findings they had before are kept as they were. */
  unknown: FindingKind[];
};

const DAY_MS = 24 * 60 * 60 * 1000;
const API = '/api/s3-resources';

const endpointArg = (s: ResourceSettings) =>
  s.endpoint ? ` --endpoint-url ${shellQuote(s.endpoint)}` : '';

/** The PATCH that changes resource settings, as a person would send it. */
function patchCommand(row: ResourceRow, change: Record<string, unknown>) {
  return `PATCH ${API}/resources/${row.id} with ${JSON.stringify({
    version: row.version,
    ...change,
  })} (or edit the resource on its page in the portal)`;
}

function stepOf(run: TestRun, id: string): TestStepResult | undefined {
  return run.steps.find(s => s.id === id);
}

function testFailing(
  row: ResourceRow,
  test: FindingInput['test'],
): NewFinding | undefined | 'unknown' {
  // not tested: its last verdict stands until it may be tested again
  if ('refused' in test) return 'unknown';
  if ('error' in test) {
    return finding('test-failing', 'high', {
      message: `The connection test of ${row.name} could not run: ${test.error.message}`,
      fix: `Run the connection test on the resource's page (or POST ${API}/resources/${row.id}/test) to see which step fails; if it runs there, report the sweep's error.`,
    });
  }
  const { run } = test;
  if (run.status !== 'fail') return undefined;
  const failing = run.steps.filter(s => s.status === 'fail');
  return finding('test-failing', 'high', {
    // Several steps often fail for one cause (a missing bucket): say it once.
    message: `The connection test of ${row.name} fails at ${failing
      .map(s => s.title)
      .join(', ')}: ${[...new Set(failing.map(s => s.message))].join('; ')}`,
    fix: [
      ...new Set(
        failing.map(
          s =>
            `${s.title}: ${
              s.remediation ?? 'see the step message in the test history'
            }`,
        ),
      ),
      `Then run the connection test again (POST ${API}/resources/${row.id}/test, run ${run.id} has every step).`,
    ].join('\n'),
  });
}

function corsDrift(
  settings: ResourceSettings,
  run: TestRun | undefined,
): NewFinding | undefined | 'unknown' {
  if (settings.cors.origins.length === 0) return undefined;
  const step = run && stepOf(run, 'cors');
  const observed = step?.observed;
  if (observed?.corsMatches === undefined) return 'unknown';
  if (observed.corsMatches) return undefined;
  const required = corsConfigurationOf(settings);
  const none = (observed.corsOrigins ?? []).length === 0;
  return finding('cors-drift', 'medium', {
    message: none
      ? `Bucket ${
          settings.bucket
        } has no CORS rules: browsers on ${settings.cors.origins.join(
          ', ',
        )} cannot ${
          settings.cors.uploadMode === 'download-only'
            ? 'download from it'
            : 'upload to or download from it'
        }`
      : `The CORS rules of bucket ${
          settings.bucket
        } differ from the generated ones: ${step!.message}`,
    fix: `Apply the generated CORS configuration to bucket ${settings.bucket} (or add its rule to the existing ones):\n${required.json}\nWith the AWS CLI: ${required.command}`,
  });
}

function corsWildcard(
  row: ResourceRow,
  settings: ResourceSettings,
  run: TestRun | undefined,
  appBaseUrl: string | undefined,
): NewFinding | undefined {
  const configured = settings.cors.origins.filter(o => o.includes('*'));
  const live = (run && stepOf(run, 'cors')?.observed?.corsOrigins) ?? [];
  const liveWildcards = live.filter(
    o => o.includes('*') && !configured.includes(o),
  );
  const all = [...configured, ...liveWildcards];
  if (!all.length) return undefined;
  const any = all.includes('*');
  const where = [
    configured.length
      ? `the resource's CORS origins list ${configured.join(', ')}`
      : '',
    liveWildcards.length
      ? `the bucket's live CORS rules allow ${liveWildcards.join(', ')}`
      : '',
  ]
    .filter(Boolean)
    .join(' and ');
  let appOrigin = 'https://backstage.example.com';
  try {
    if (appBaseUrl) appOrigin = new URL(appBaseUrl).origin;
  } catch {
    // keep the placeholder
  }
  const origins = settings.cors.origins.filter(o => !o.includes('*'));
  const suggested = origins.length ? origins : [appOrigin];
  const fixes: string[] = [];
  if (configured.length) {
    fixes.push(
      `List the exact origins that call the bucket instead: ${patchCommand(
        row,
        { cors: { origins: suggested } },
      )}.`,
    );
  }
  let required: ReturnType<typeof corsConfigurationOf> | undefined;
  try {
    required = corsConfigurationOf(settings, suggested);
  } catch {
    required = undefined;
  }
  if (required) {
    fixes.push(
      `${
        configured.length ? 'Then replace' : 'Replace'
      } the bucket's CORS rules with the generated ones (this removes the wildcard rule): ${
        required.command
      }`,
    );
  }
  return finding('cors-wildcard-origin', any ? 'medium' : 'low', {
    message: `${where[0].toUpperCase()}${where.slice(1)}: ${
      any ? 'every web page on the internet' : 'every page under these origins'
    } can call bucket ${
      settings.bucket
    } from a browser (what succeeds still depends on the credentials a page holds)`,
    fix: fixes.join('\n'),
  });
}

function publicAcl(
  row: ResourceRow,
  settings: ResourceSettings,
): NewFinding | undefined {
  const acl = settings.defaultAcl;
  if (!PUBLIC_CANNED_ACLS.includes(acl)) return undefined;
  const who: Record<string, string> = {
    'public-read': 'anyone on the internet can read every uploaded object',
    'public-read-write':
      'anyone on the internet gets read and write access to every uploaded object',
    'authenticated-read':
      'anyone with an account at the provider (on AWS: any AWS account) can read every uploaded object',
  };
  return finding(
    'public-acl',
    acl === 'authenticated-read' ? 'medium' : 'high',
    {
      message: `Uploads to ${settings.bucket} get the default ACL ${acl}: ${who[acl]}`,
      fix: [
        `Set the default ACL to private (or none when the bucket enforces bucket-owner ownership): ${patchCommand(
          row,
          { defaultAcl: 'private' },
        )}.`,
        `Objects uploaded before keep their ACL; make each private: aws s3api put-object-acl --bucket ${shellQuote(
          settings.bucket,
        )} --key <key> --acl private${endpointArg(settings)}`,
        'If the objects must be public, serve them through a CDN or a bucket policy limited to a prefix instead of per-object ACLs.',
      ].join('\n'),
    },
  );
}

function publicAccessBlockOff(
  settings: ResourceSettings,
  run: TestRun | undefined,
): NewFinding | undefined | 'unknown' {
  const block =
    run && stepOf(run, 'public-access')?.observed?.publicAccessBlock;
  if (!block) return 'unknown';
  const off =
    !block.blockPublicAcls &&
    !block.ignorePublicAcls &&
    !block.blockPublicPolicy &&
    !block.restrictPublicBuckets;
  if (!off) return undefined;
  const publicDefault = PUBLIC_CANNED_ACLS.includes(settings.defaultAcl);
  return finding('public-access-block-off', publicDefault ? 'medium' : 'low', {
    message: `${
      block.configured
        ? `Every Block Public Access setting of bucket ${settings.bucket} is off`
        : `Bucket ${settings.bucket} has no Block Public Access configuration of its own (account-level settings may still apply)`
    }: a public ACL or bucket policy set by mistake would make objects public`,
    fix: [
      ...(publicDefault
        ? [
            `First set the resource's default ACL to private: with BlockPublicAcls on, uploads with ${settings.defaultAcl} are refused.`,
          ]
        : []),
      `aws s3api put-public-access-block --bucket ${shellQuote(
        settings.bucket,
      )} --public-access-block-configuration BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true${endpointArg(
        settings,
      )}`,
    ].join('\n'),
  });
}

function noDefaultEncryption(
  settings: ResourceSettings,
  run: TestRun | undefined,
): NewFinding | undefined | 'unknown' {
  const algorithm =
    run && stepOf(run, 'encryption')?.observed?.defaultEncryption;
  if (algorithm === undefined) return 'unknown';
  if (algorithm !== 'none') return undefined;
  const rule = settings.kmsKeyArn
    ? {
        SSEAlgorithm: 'aws:kms',
        KMSMasterKeyID: settings.kmsKeyArn,
      }
    : { SSEAlgorithm: 'AES256' };
  const configuration = {
    Rules: [{ ApplyServerSideEncryptionByDefault: rule }],
  };
  return finding('no-default-encryption', 'low', {
    message: `Bucket ${settings.bucket} has no default encryption: objects uploaded without encryption headers are stored unencrypted`,
    fix: `aws s3api put-bucket-encryption --bucket ${shellQuote(
      settings.bucket,
    )} --server-side-encryption-configuration ${shellQuote(
      JSON.stringify(configuration),
    )}${endpointArg(settings)}`,
  });
}

/** The access key whose secret is stored: the resource's own or an assumed role's source. */
function accessKeyStale(
  row: ResourceRow,
  now: Date,
  maxDays: number,
): NewFinding | undefined | 'unknown' {
  const auth = row.auth as StoredAuth;
  const accessKeyId = accessKeyIdOf(auth);
  if (!accessKeyId || !row.secret) return undefined;
  if (!row.secretChangedAt) return 'unknown';
  const ageDays = Math.floor(
    (now.getTime() - new Date(row.secretChangedAt).getTime()) / DAY_MS,
  );
  if (!(ageDays > maxDays)) return undefined;
  const masked = maskAccessKeyId(accessKeyId);
  const newAuth =
    auth.method === 'assume-role'
      ? {
          method: 'assume-role',
          roleArn: auth.roleArn,
          source: {
            method: 'access-key',
            accessKeyId: '<new key id>',
            secretAccessKey: '<new secret>',
          },
        }
      : {
          method: 'access-key',
          accessKeyId: '<new key id>',
          secretAccessKey: '<new secret>',
        };
  return finding(
    'access-key-stale',
    ageDays > 2 * maxDays ? 'high' : 'medium',
    {
      message: `The access key ${masked} of ${
        row.name
      } was set ${ageDays} days ago (on ${row.secretChangedAt.slice(
        0,
        10,
      )}); keys are to be rotated within ${maxDays} days`,
      fix: [
        `1. Create a new key for the same user: aws iam create-access-key --user-name <user> (Ceph RGW: radosgw-admin key create --uid <user> --key-type s3 --gen-access-key --gen-secret).`,
        `2. Store it: ${patchCommand(row, { auth: newAuth })}.`,
        `3. Run the connection test, then deactivate the old key ${masked}: aws iam update-access-key --user-name <user> --access-key-id <old key id> --status Inactive`,
      ].join('\n'),
    },
  );
}

function orphans(
  row: ResourceRow,
  catalog: FindingInput['catalog'],
): { findings: NewFinding[]; unknown: FindingKind[] } {
  if (!catalog) {
    return { findings: [], unknown: ['owner-missing', 'system-missing'] };
  }
  const out: NewFinding[] = [];
  if (!catalog.ownerExists) {
    out.push(
      finding('owner-missing', 'medium', {
        message: `The owner ${row.owner} of ${row.name} does not exist in the catalog: nobody is accountable for bucket ${row.bucket}, and no owner can edit or test it`,
        fix: `Set the owner to an existing group: ${patchCommand(row, {
          owner: 'group:default/<team>',
        })}; or register the entity ${row.owner} in the catalog.`,
      }),
    );
  }
  if (row.system && catalog.systemExists === false) {
    out.push(
      finding('system-missing', 'low', {
        message: `The system ${row.system} of ${row.name} does not exist in the catalog: the resource's entity points at nothing`,
        fix: `Set "system" to an existing System entity: ${patchCommand(row, {
          system: '<system name>',
        })}; or register the System ${row.system} in the catalog.`,
      }),
    );
  }
  return { findings: out, unknown: [] };
}

/**
 * Read-write or full access is broader than used when browsers only download
 * (CORS upload mode download-only) and no connection test ever ran the write
 * probe: nothing shows that these credentials upload. Custom action lists and
 * resources that proved uploads are not judged.
 */
function accessBroaderThanUsed(
  row: ResourceRow,
  settings: ResourceSettings,
): NewFinding | undefined {
  if (settings.accessLevel !== 'read-write' && settings.accessLevel !== 'full')
    return undefined;
  if (settings.cors.uploadMode !== 'download-only') return undefined;
  if (row.writeProbeAt) return undefined;
  return finding('access-broader-than-used', 'low', {
    message: `${row.name} has access level ${settings.accessLevel}${
      settings.accessLevel === 'full'
        ? ' (uploads, ACL changes and reads of the bucket configuration)'
        : ' (uploads and deletes)'
    }, but browsers only download (CORS upload mode download-only) and no connection test has ever run the write probe`,
    fix: [
      `If nothing uploads with these credentials, lower the access level: ${patchCommand(
        row,
        { accessLevel: 'read' },
      )}; then apply the regenerated IAM policy (GET ${API}/resources/${
        row.id
      }/policies, iamPolicy.json).`,
      `If something does upload, run the connection test with the write probe once (POST ${API}/resources/${row.id}/test with {"writeProbe": true}) so the audit knows.`,
    ].join('\n'),
  });
}

function finding(
  kind: FindingKind,
  severity: FindingSeverity,
  text: { message: string; fix: string },
): NewFinding {
  return { kind, severity, ...text };
}

function awsAccountNotAllowed(
  row: ResourceRow,
  test: FindingInput['test'],
): NewFinding | undefined {
  if (!('refused' in test)) return undefined;
  const { accountId, field } = test.refused;
  return finding('aws-account-not-allowed', 'high', {
    message: `${row.name} signs in with the AWS account ${accountId}, which its owner ${row.owner} may not use: the sweep did not test it`,
    fix: [
      `Either an operator lists ${row.owner} for account ${accountId} under s3Resources.awsAccounts in app-config,`,
      `or the resource moves to credentials its owner may use (${field}): an access key or another account.`,
    ].join('\n'),
  });
}

/** The findings of one resource, from its sweep test, its settings and the catalog. */
export function computeFindings(input: FindingInput): FindingVerdict {
  const { row, test, now } = input;
  const settings = settingsOf(row);
  const run = 'run' in test ? test.run : undefined;
  const findings: NewFinding[] = [];
  const unknown: FindingKind[] = [];
  const add = (
    kind: FindingKind,
    result: NewFinding | undefined | 'unknown',
  ) => {
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
  return { findings, unknown };
}
