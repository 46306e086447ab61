/**
 * Bytes and objects of one storage class within a resource's prefix.
 *
 * @public
 */
export type StorageClassFigures = {
  /** As the provider names it (STANDARD, STANDARD_IA, GLACIER, …). */
  storageClass: string;
  objects: number;
  bytes: number;
};

/**
 * A storage figure the scan could not gather, and why (a denied call, a
 * call the provider does not support).
 *
 * @public
 */
export type UnknownStorageFigure = {
  figure: 'objects' | 'incompleteUploads' | 'noncurrentVersions';
  /** In words, naming the call: "ListMultipartUploads was denied (grant s3:ListBucketMultipartUploads)". */
  reason: string;
};

/**
 * What a resource's prefix holds, as one scan counted it.
 *
 * @public
 */
export type StorageFigures = {
  /** Current objects (the latest version of each key). */
  objects: number;
  /** Their bytes. */
  bytes: number;
  /** Current objects by storage class, the largest first. */
  byStorageClass: StorageClassFigures[];
  /** Multipart uploads started and neither completed nor aborted. */
  incompleteUploads: {
    count: number;
    /** Bytes of the parts already uploaded. */
    bytes: number;
    /** When the oldest of them was started. */
    oldestInitiated?: string;
  };
  /** Present when the bucket keeps versions (versioning enabled or suspended). */
  noncurrentVersions?: { count: number; bytes: number };
  /** Figures the scan could not gather; the numbers above leave them out. */
  unknown: UnknownStorageFigure[];
};

/**
 * One scan of a resource's prefix: finished (`complete`), or the progress of
 * one still under way across sweeps.
 *
 * @public
 */
export type StorageSample = StorageFigures & {
  /** When the scan started. */
  startedAt: string;
  /** When it finished, or last made progress when not complete. */
  takenAt: string;
  complete: boolean;
  /** Keys (objects, versions and uploads) listed so far. */
  keysScanned: number;
  /** About how many keys the whole scan lists (the previous complete scan's count). */
  estimatedKeys?: number;
};

/**
 * A resource's storage: its latest complete scan, the scan under way and
 * the history of complete scans (oldest first).
 *
 * @public
 */
export type ResourceStorage = {
  resourceId: string;
  latest?: StorageSample;
  /** A scan still under way (large buckets are scanned across sweeps). */
  inProgress?: StorageSample;
  /** The last complete scans, oldest first (at most 30). */
  history: StorageSample[];
};
