import {
  AuditRecord,
  TestStatus,
} from '@s3-resources/plugin-s3-resources-common';

const TEST_RESULT: Record<TestStatus, string> = {
  pass: '✓ Test passed',
  warn: '⚠ Test passed with warnings',
  fail: '✕ Test failed',
  skipped: '– Test skipped',
};

/**
 * What a trail row reports: for a connection test, the test's verdict (the
 * request succeeding only means the test ran); otherwise whether the request
 * succeeded.
 */
export function auditResult(record: AuditRecord): string {
  if (record.outcome === 'failure') return '✕ Failed';
  return record.verdict ? TEST_RESULT[record.verdict] : '✓ Succeeded';
}
