/**
 * How often the scaffolder's task broker polls a claimed task's events (the
 * watch that turns a 'cancelled' event into an abort). The watch only ends at
 * the first poll that sees the task's completion, up to this long after the
 * task ended.
 */
export const SCAFFOLDER_EVENT_POLL_MS = 1_000;

/**
 * Waits until the broker's event watch of a task that has ended has seen the
 * end and stopped. Call it after the last task of a test ends and before the
 * backend and its databases stop: a watch still polling then queries a
 * destroyed database ("Unable to acquire a connection"), which fails the test
 * file after its tests passed.
 */
export async function settleEndedScaffolderTask(): Promise<void> {
  await new Promise(resolve =>
    setTimeout(resolve, SCAFFOLDER_EVENT_POLL_MS + 500),
  );
}
