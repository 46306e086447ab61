import {
  PROVIDER_PROFILES,
  ResourceSettings,
  StepId,
} from '@s3-resources/plugin-s3-resources-common';
import { bucketStep, listStep, regionStep, writeStep } from './accessSteps';
import {
  corsStep,
  encryptionStep,
  ownershipStep,
  publicAccessStep,
} from './configurationSteps';
import {
  bucketPolicyStep,
  lifecycleStep,
  loggingStep,
  objectLockStep,
  replicationStep,
  storageStep,
  versioningStep,
} from './inspectionSteps';
import { bucketAclStep } from './bucketAclStep';
import { BucketStep } from './stepKit';

/** The steps that run on the bucket once credentials are known, all at once. */
export const BUCKET_STEPS: Array<[StepId, BucketStep]> = [
  ['bucket', bucketStep],
  ['region', regionStep],
  ['list', listStep],
  ['write', writeStep],
  ['cors', corsStep],
  ['ownership', ownershipStep],
  ['public-access', publicAccessStep],
  ['encryption', encryptionStep],
  ['versioning', versioningStep],
  ['lifecycle', lifecycleStep],
  ['logging', loggingStep],
  ['object-lock', objectLockStep],
  ['replication', replicationStep],
  ['bucket-policy', bucketPolicyStep],
  ['bucket-acl', bucketAclStep],
  ['storage', storageStep],
];

/** Steps that need no network for these settings and options. */
export function needsNoNetwork(
  id: StepId,
  settings: ResourceSettings,
  writeProbe: boolean,
): boolean {
  if (id === 'write') return !writeProbe || settings.accessLevel === 'read';
  if (id === 'cors') return settings.cors.origins.length === 0;
  if (id === 'ownership' || id === 'bucket-acl')
    return !PROVIDER_PROFILES[settings.provider].supportsAcl;
  return false;
}
