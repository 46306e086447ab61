// What the finding rules share: the finding record and the commands their
// fixes suggest.

import {
  FindingKind,
  FindingSeverity,
  ResourceSettings,
  TestRun,
  TestStepResult,
  shellQuote,
} from '@s3-resources/plugin-s3-resources-common';
import { NewFinding } from '../database/FindingStore';
import { ResourceRow } from '../database/ResourceStore';

/** A rule's verdict: a finding, none, or 'unknown' (the sweep could not tell). */
export type RuleResult = NewFinding | undefined | 'unknown';

export const API = '/api/s3-resources';

/** Items a finding's message lists at most; the rest are counted. */
export const MAX_LISTED = 10;

/** `a, b, c and 7 more`: a finding's message stays small however long the list. */
export function cappedList(items: readonly string[], separator = ', ') {
  const shown = items.slice(0, MAX_LISTED);
  const more = items.length - shown.length;
  return `${shown.join(separator)}${more > 0 ? ` and ${more} more` : ''}`;
}

export const endpointArg = (s: ResourceSettings) =>
  s.endpoint ? ` --endpoint-url ${shellQuote(s.endpoint)}` : '';

/** The PATCH that changes resource settings, as a person would send it. */
export function patchCommand(
  row: ResourceRow,
  change: Record<string, unknown>,
) {
  return `PATCH ${API}/resources/${row.id} with ${JSON.stringify({
    version: row.version,
    ...change,
  })} (or edit the resource on its page in the portal)`;
}

export function stepOf(run: TestRun, id: string): TestStepResult | undefined {
  return run.steps.find(s => s.id === id);
}

export function finding(
  kind: FindingKind,
  severity: FindingSeverity,
  text: { message: string; fix: string },
): NewFinding {
  return { kind, severity, ...text };
}
