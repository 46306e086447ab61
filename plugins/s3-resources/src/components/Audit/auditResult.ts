import {
  AuditRecord,
  TEST_VERDICT_TEXT,
  TestStatus,
} from '@s3-resources/plugin-s3-resources-common';

const MARK: Record<TestStatus, string> = {
  pass: '✓',
  warn: '⚠',
  fail: '✕',
  skipped: '–',
};

/**
 * What a trail row reports: for a connection test, the test's verdict (the
 * request succeeding only means the test ran) in the words the template
 * uses; otherwise whether the request succeeded.
 */
export function auditResult(record: AuditRecord): string {
  if (record.outcome === 'failure') return '✕ Failed';
  if (!record.verdict) return '✓ Succeeded';
  const words = TEST_VERDICT_TEXT[record.verdict];
  return `${MARK[record.verdict]} Test ${words.toLowerCase()}`;
}
