import { ProviderId } from './types';

/**
 * Defaults and capabilities of a storage service.
 *
 * @public
 */
export type ProviderProfile = {
  id: ProviderId;
  title: string;
  /** A custom endpoint must be given (everything but AWS). */
  requiresEndpoint: boolean;
  /** Example endpoint shown as a hint in forms. */
  endpointHint?: string;
  defaultRegion: string;
  forcePathStyle: boolean;
  /** Whether the service honours object ACLs at all. */
  supportsAcl: boolean;
  /** Whether the service has an STS endpoint (GetCallerIdentity / AssumeRole). */
  supportsSts: boolean;
  /** Whether ARNs, IAM policies and the AWS console apply. */
  isAws: boolean;
};

/** @public */
export const PROVIDER_PROFILES: Record<ProviderId, ProviderProfile> = {
  aws: {
    id: 'aws',
    title: 'Amazon S3',
    requiresEndpoint: false,
    defaultRegion: 'us-east-1',
    forcePathStyle: false,
    supportsAcl: true,
    supportsSts: true,
    isAws: true,
  },
  minio: {
    id: 'minio',
    title: 'MinIO',
    requiresEndpoint: true,
    endpointHint: 'https://minio.example.com:9000',
    defaultRegion: 'us-east-1',
    forcePathStyle: true,
    supportsAcl: false,
    supportsSts: true,
    isAws: false,
  },
  'ceph-rgw': {
    id: 'ceph-rgw',
    title: 'Ceph RADOS Gateway',
    requiresEndpoint: true,
    endpointHint: 'https://rgw.example.com',
    defaultRegion: 'us-east-1',
    forcePathStyle: true,
    supportsAcl: true,
    supportsSts: true,
    isAws: false,
  },
  r2: {
    id: 'r2',
    title: 'Cloudflare R2',
    requiresEndpoint: true,
    endpointHint: 'https://<account-id>.r2.cloudflarestorage.com',
    defaultRegion: 'auto',
    forcePathStyle: true,
    supportsAcl: false,
    supportsSts: false,
    isAws: false,
  },
  wasabi: {
    id: 'wasabi',
    title: 'Wasabi',
    requiresEndpoint: true,
    endpointHint: 'https://s3.us-east-1.wasabisys.com',
    defaultRegion: 'us-east-1',
    forcePathStyle: false,
    supportsAcl: true,
    supportsSts: true,
    isAws: false,
  },
  gcs: {
    id: 'gcs',
    title: 'Google Cloud Storage (XML API)',
    requiresEndpoint: true,
    endpointHint: 'https://storage.googleapis.com',
    defaultRegion: 'auto',
    forcePathStyle: true,
    supportsAcl: true,
    supportsSts: false,
    isAws: false,
  },
  other: {
    id: 'other',
    title: 'Other S3-compatible service',
    requiresEndpoint: true,
    endpointHint: 'https://s3.example.com',
    defaultRegion: 'us-east-1',
    forcePathStyle: true,
    supportsAcl: true,
    supportsSts: false,
    isAws: false,
  },
};

/** @public */
export const PROVIDER_IDS = Object.keys(PROVIDER_PROFILES) as ProviderId[];

/** @public */
export function getProviderProfile(id: ProviderId): ProviderProfile {
  return PROVIDER_PROFILES[id];
}
