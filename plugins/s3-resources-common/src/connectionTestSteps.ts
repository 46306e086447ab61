import type { TestStatus } from './types';

/**
 * Every step of a connection test, in the order results are listed.
 *
 * @public
 */
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
  'versioning',
  'lifecycle',
  'logging',
  'object-lock',
  'replication',
  'bucket-policy',
  'bucket-acl',
  'storage',
] as const;

/** @public */
export type StepId = (typeof STEP_IDS)[number];

/** @public */
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
  versioning: 'Versioning',
  lifecycle: 'Lifecycle rules',
  logging: 'Access logging',
  'object-lock': 'Object lock',
  replication: 'Replication',
  'bucket-policy': 'Bucket policy',
  'bucket-acl': 'Bucket ACL',
  storage: 'Storage scan',
};

/** @public */
export function isStepId(id: string): id is StepId {
  return (STEP_IDS as readonly string[]).includes(id);
}

/**
 * Steps in STEP_IDS order, whatever order they finished in; ids this
 * version does not know (a run stored by another version) keep their order,
 * after the known ones.
 *
 * @public
 */
export function inStepOrder<T extends { id: string }>(steps: T[]): T[] {
  const rank = (id: string) =>
    isStepId(id) ? STEP_IDS.indexOf(id) : STEP_IDS.length;
  // sort is stable: unknown ids keep the order they came in
  return [...steps].sort((a, b) => rank(a.id) - rank(b.id));
}

/**
 * A test's verdict in words, where a person reads it (the template's Review
 * step and task output): never the raw status.
 *
 * @public
 */
export const TEST_VERDICT_TEXT: Record<TestStatus, string> = {
  pass: 'Passed',
  warn: 'Passed with warnings',
  fail: 'Failed',
  skipped: 'Not run',
};
