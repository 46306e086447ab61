import {
  FindingKind,
  StorageSample,
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
import { RuleResult } from './findingText';
import {
  CatalogFacts,
  SweepTest,
  accessBroaderThanUsed,
  accessKeyStale,
  awsAccountNotAllowed,
  orphans,
  testFailing,
} from './resourceFindings';
import { settingsOf } from './resourceView';

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
  return { findings, unknown };
}
