import {
  TestStatus,
  TestStepResult,
} from '@s3-resources/plugin-s3-resources-common';

/** Every step of a connection test, in the order results are listed. */
export const STEP_IDS = [
  'endpoint',
  'credentials',
  'assume-role',
  'bucket',
  'region',
  'list',
  'write',
  'cors',
  'ownership',
  'public-access',
  'encryption',
] as const;

export type StepId = (typeof STEP_IDS)[number];

export const STEP_TITLES: Record<StepId, string> = {
  endpoint: 'Endpoint policy',
  credentials: 'Credentials',
  'assume-role': 'Assume role',
  bucket: 'Bucket reachable',
  region: 'Region',
  list: 'List objects',
  write: 'Write probe',
  cors: 'CORS',
  ownership: 'Object ownership and ACLs',
  'public-access': 'Public access block',
  encryption: 'Default encryption',
};

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
