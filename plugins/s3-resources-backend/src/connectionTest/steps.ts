import {
  TestStatus,
  TestStepResult,
} from '@s3-resources/plugin-s3-resources-common';

/** The worst status wins; skipped steps do not count. */
export function overallStatus(steps: TestStepResult[]): TestStatus {
  if (steps.some(s => s.status === 'fail')) return 'fail';
  if (steps.some(s => s.status === 'warn')) return 'warn';
  return 'pass';
}

/**
 * An STS RoleSessionName that names the Backstage user: 2-64 characters of
 * `[\w+=,.@-]`, e.g. `backstage-alice` for `user:default/alice`.
 */
export function sessionNameFor(initiatedBy: string): string {
  const match = initiatedBy.match(/^(?:user:)?(?:([^/]+)\/)?(.+)$/);
  const namespace = match?.[1];
  const name = match?.[2] ?? initiatedBy;
  const who =
    namespace && namespace !== 'default' ? `${namespace}.${name}` : name;
  const clean = `backstage-${who}`.replace(/[^\w+=,.@-]/g, '-');
  return clean.slice(0, 64);
}
