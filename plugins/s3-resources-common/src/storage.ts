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

/**
 * One resource in the fleet view: its latest storage figures, growth and
 * findings. Flat, so it exports as one CSV row.
 *
 * @public
 */
export type FleetStorageRow = {
  resourceId: string;
  resourceName: string;
  /** Entity ref of the owner. */
  owner: string;
  provider: string;
  bucket: string;
  prefix?: string;
  /** When its latest complete scan finished; absent when never scanned whole. */
  scannedAt?: string;
  objects?: number;
  bytes?: number;
  incompleteUploads?: number;
  incompleteUploadBytes?: number;
  noncurrentVersions?: number;
  noncurrentBytes?: number;
  /** Incomplete uploads' and noncurrent versions' bytes together. */
  wasteBytes?: number;
  /** Bytes gained since `growthSince` (negative when it shrank). */
  growthBytes?: number;
  /** The scan growth is measured from: the first complete scan within the period. */
  growthSince?: string;
  /** Figures its latest scan could not gather: absent above, never zero. */
  unknownFigures?: Array<UnknownStorageFigure['figure']>;
  highFindings: number;
  mediumFindings: number;
  lowFindings: number;
  infoFindings: number;
};

/**
 * Totals of a group of resources (all, one owner, one provider).
 *
 * @public
 */
export type FleetStorageGroup = {
  /** The owner's entity ref, the provider id, or `all`. */
  key: string;
  resources: number;
  /** Resources with a complete scan (the byte and object totals count only these). */
  scanned: number;
  objects: number;
  bytes: number;
  wasteBytes: number;
  highFindings: number;
  mediumFindings: number;
  lowFindings: number;
  infoFindings: number;
};

/**
 * The platform team's view of every resource's storage.
 *
 * @public
 */
export type FleetStorage = {
  generatedAt: string;
  /** Growth is measured over this many days. */
  periodDays: number;
  totals: FleetStorageGroup;
  byOwner: FleetStorageGroup[];
  byProvider: FleetStorageGroup[];
  /** The largest resources by bytes (at most 10). */
  largest: FleetStorageRow[];
  /** The resources that grew most over the period (at most 10, growth > 0). */
  fastestGrowing: FleetStorageRow[];
  /** The resources wasting most (incomplete uploads and noncurrent versions, at most 10). */
  waste: FleetStorageRow[];
};
