import { InputError } from '@backstage/errors';

/** What `s3:resource:register` reads of the `s3:connection:test` step's output. */
export type ConnectionTestVerdict = {
  status: 'pass' | 'warn' | 'fail' | 'skipped';
  steps?: Array<{
    title: string;
    status: string;
    message: string;
    field?: string;
  }>;
};

/**
 * A refusal the person can act on. The task log prints an error's stack;
 * for a user mistake the frames say nothing, so only the message is kept.
 */
function refusal(message: string): InputError {
  const error = new InputError(message);
  error.stack = `${error.name}: ${message}`;
  return error;
}

/**
 * Registration needs a connection test that passed (or passed with
 * warnings) with these settings: refuses a missing or failed test before
 * anything is stored. A dry run's skipped test is let through in a dry run
 * only.
 */
export function requirePassingTest(
  verdict: ConnectionTestVerdict | undefined,
  isDryRun: boolean,
): void {
  if (!verdict?.status) {
    throw refusal(
      'connectionTest: missing. Register a bucket only after its connection test: run s3:connection:test on the same resource first and pass its output (connectionTest: ${{ steps.test.output }}). Nothing was registered.',
    );
  }
  if (verdict.status === 'pass' || verdict.status === 'warn') return;
  if (verdict.status === 'skipped' && isDryRun) return;
  if (verdict.status === 'skipped') {
    throw refusal(
      'connectionTest: the connection test was skipped, so the settings are unproven. Nothing was registered.',
    );
  }
  const failed = (verdict.steps ?? [])
    .filter(s => s.status === 'fail')
    .map(s => `${s.title}: ${s.message}${s.field ? ` (${s.field})` : ''}`);
  throw refusal(
    `The connection test failed${
      failed.length ? ` — ${failed.join('; ')}` : ''
    }. Fix the settings and run the template again. Nothing was registered.`,
  );
}
