import { Config } from '@backstage/config';

/** Limits of the object routes, from `s3Resources.objects`. */
export type ObjectsConfig = {
  /** Life of a download or preview link. */
  linkSeconds: number;
  /** Life of an upload grant. */
  uploadSeconds: number;
  defaultShareSeconds: number;
  maxShareSeconds: number;
  maxUploadBytes: number;
  /** Part size of multipart uploads (at least S3's 5 MiB). */
  partBytes: number;
};

/** SigV4 query signatures live at most 7 days. */
const SIGV4_MAX_SECONDS = 7 * 24 * 3600;
const MIB = 1024 * 1024;

export const DEFAULT_OBJECTS_CONFIG: ObjectsConfig = {
  linkSeconds: 300,
  uploadSeconds: 3600,
  defaultShareSeconds: 3600,
  maxShareSeconds: 24 * 3600,
  maxUploadBytes: 5 * 1024 * MIB,
  partBytes: 16 * MIB,
};

export function readObjectsConfig(config: Config | undefined): ObjectsConfig {
  const read = (
    key: keyof ObjectsConfig,
    rule: { min: number; max: number; what: string },
  ) => {
    const value = config?.getOptionalNumber(`s3Resources.objects.${key}`);
    if (value === undefined) return DEFAULT_OBJECTS_CONFIG[key];
    if (!Number.isInteger(value) || value < rule.min || value > rule.max) {
      throw new Error(
        `s3Resources.objects.${key}: must be a whole number of ${rule.what} from ${rule.min} to ${rule.max}`,
      );
    }
    return value;
  };
  const seconds = { min: 1, max: SIGV4_MAX_SECONDS, what: 'seconds' };
  const out: ObjectsConfig = {
    linkSeconds: read('linkSeconds', seconds),
    uploadSeconds: read('uploadSeconds', seconds),
    defaultShareSeconds: read('defaultShareSeconds', seconds),
    maxShareSeconds: read('maxShareSeconds', seconds),
    maxUploadBytes: read('maxUploadBytes', {
      min: 1,
      max: 5 * 1024 * 1024 * MIB,
      what: 'bytes',
    }),
    partBytes: read('partBytes', {
      min: 5 * MIB,
      max: 5 * 1024 * MIB,
      what: 'bytes',
    }),
  };
  if (out.defaultShareSeconds > out.maxShareSeconds) {
    throw new Error(
      's3Resources.objects.defaultShareSeconds: must not exceed maxShareSeconds',
    );
  }
  return out;
}
