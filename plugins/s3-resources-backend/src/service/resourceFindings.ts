import {
  FindingKind,
  ResourceSettings,
  TestRun,
  maskAccessKeyId,
} from '@s3-resources/plugin-s3-resources-common';
import { NewFinding } from '../database/FindingStore';
import { ResourceRow } from '../database/ResourceStore';
import { AccountUse } from './AwsAccountGrants';
import { StoredAuth, accessKeyIdOf } from './resourceView';
import { API, RuleResult, finding, patchCommand } from './findingText';

// Rules on a resource itself: whether its test passes, how old its key is,
// whether its owner and system exist, and whether its owner may use it.

/**
 * The sweep's connection test, why it could not run, or the account use it
 * was not run for (the owner may not use that AWS account).
 */
export type SweepTest =
  | { run: TestRun }
  | { error: Error }
  | { refused: AccountUse };

/** Whether the owner / system entities exist. */
export type CatalogFacts = { ownerExists: boolean; systemExists?: boolean };

const DAY_MS = 24 * 60 * 60 * 1000;

export function testFailing(row: ResourceRow, test: SweepTest): RuleResult {
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

/** The `auth` of a PATCH that stores a new access key in place of the one `auth` signs with. */
export function newKeyAuthOf(auth: StoredAuth): Record<string, unknown> {
  const key = {
    method: 'access-key',
    accessKeyId: '<new key id>',
    secretAccessKey: '<new secret>',
  };
  return auth.method === 'assume-role'
    ? { method: 'assume-role', roleArn: auth.roleArn, source: key }
    : key;
}

/** The access key whose secret is stored: the resource's own or an assumed role's source. */
export function accessKeyStale(
  row: ResourceRow,
  now: Date,
  maxDays: number,
): RuleResult {
  const auth = row.auth as StoredAuth;
  const accessKeyId = accessKeyIdOf(auth);
  if (!accessKeyId || !row.secret) return undefined;
  if (!row.secretChangedAt) return 'unknown';
  const ageDays = Math.floor(
    (now.getTime() - new Date(row.secretChangedAt).getTime()) / DAY_MS,
  );
  if (!(ageDays > maxDays)) return undefined;
  const masked = maskAccessKeyId(accessKeyId);
  const newAuth = newKeyAuthOf(auth);
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

export function orphans(
  row: ResourceRow,
  catalog: CatalogFacts | undefined,
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
export function accessBroaderThanUsed(
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

export function awsAccountNotAllowed(
  row: ResourceRow,
  test: SweepTest,
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
