import {
  TEST_VERDICT_TEXT as VERDICT_WORDS,
  TestRun,
} from '@s3-resources/plugin-s3-resources-common';

/**
 * The run as Markdown for the task's output page: the verdict, then every
 * step with its message and, where it failed or warned, the whole
 * remediation (fixes are never cut to their first line here).
 */
export function connectionTestReport(
  run: Pick<TestRun, 'status' | 'steps'>,
): string {
  const lines = [`**${VERDICT_WORDS[run.status]}**`, ''];
  for (const step of run.steps) {
    lines.push(
      `- **${VERDICT_WORDS[step.status]}** · ${step.title}: ${step.message}`,
    );
    if (
      (step.status === 'fail' || step.status === 'warn') &&
      step.remediation
    ) {
      lines.push('', ...step.remediation.split('\n').map(l => `  ${l}`), '');
    }
  }
  return lines.join('\n');
}
