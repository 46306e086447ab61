import {
  StorageFigures,
  UnknownStorageFigure,
} from '@s3-resources/plugin-s3-resources-common';

/** Where a listing stands: the token of a plain listing, or the markers of a versions listing. */
export type ListingCursor = {
  continuationToken?: string;
  keyMarker?: string;
  versionIdMarker?: string;
};

/** Counters only: their size does not grow with the bucket. */
export type ScanCounters = {
  objects: number;
  bytes: number;
  byStorageClass: Record<string, { objects: number; bytes: number }>;
  uploads: { count: number; bytes: number; oldestInitiated?: string };
  noncurrent?: { count: number; bytes: number };
  unknown: UnknownStorageFigure[];
};

/**
 * A scan under way, as JSON: where each listing stands and what it counted
 * so far. Saved between runs; its size does not grow with the bucket (at
 * most one page of folder names waits to be listed).
 */
export type StorageScanState = {
  /** `bucket/prefix` scanned: a resource moved since starts afresh. */
  location: string;
  startedAt: string;
  /** `versioning` until GetBucketVersioning answered, then `listing`. */
  phase: 'versioning' | 'listing' | 'done';
  keysScanned: number;
  /** How current objects are listed (versions when the bucket keeps them). */
  listing: 'objects' | 'versions';
  objects: {
    /**
     * The listing of the prefix itself. A plain listing uses a delimiter:
     * it counts the objects right under the prefix and hands out its
     * first-level folders, each then listed whole on its own.
     */
    root: ListingCursor & { done: boolean };
    /** Folders the root listing found that no listing has started. */
    pending: string[];
    /** Folders being listed. */
    folders: Array<ListingCursor & { prefix: string }>;
  };
  uploads: {
    done: boolean;
    /** The last upload counted: the listing goes on after it. */
    keyMarker?: string;
    uploadIdMarker?: string;
    /** An upload whose parts are being listed; counted once they all are. */
    parts?: {
      key: string;
      uploadId: string;
      initiated?: string;
      partNumberMarker?: string;
      bytes: number;
    };
    /** ListParts was refused: uploads are counted without their bytes. */
    partsUnknown?: boolean;
  };
  counters: ScanCounters;
};

export function startState(location: string, now: Date): StorageScanState {
  return {
    location,
    startedAt: now.toISOString(),
    phase: 'versioning',
    keysScanned: 0,
    listing: 'objects',
    objects: { root: { done: false }, pending: [], folders: [] },
    uploads: { done: false },
    counters: {
      objects: 0,
      bytes: 0,
      byStorageClass: {},
      uploads: { count: 0, bytes: 0 },
      unknown: [],
    },
  };
}

export function objectsDone(state: StorageScanState): boolean {
  const o = state.objects;
  return o.root.done && !o.pending.length && !o.folders.length;
}

/** Starts the objects over (the listing changes from versions to plain). */
export function restartObjects(state: StorageScanState) {
  const c = state.counters;
  c.objects = 0;
  c.bytes = 0;
  c.byStorageClass = {};
  state.objects = { root: { done: false }, pending: [], folders: [] };
}

export function countObject(
  c: ScanCounters,
  size: number,
  storageClass = 'STANDARD',
) {
  c.objects++;
  c.bytes += size;
  const byClass = (c.byStorageClass[storageClass] ??= {
    objects: 0,
    bytes: 0,
  });
  byClass.objects++;
  byClass.bytes += size;
}

export function addUnknown(
  state: StorageScanState,
  entry: UnknownStorageFigure,
) {
  const { unknown } = state.counters;
  if (!unknown.some(u => u.reason === entry.reason)) unknown.push(entry);
}

/** The figures a state has counted, as the shared types name them. */
export function figuresOf(state: StorageScanState): StorageFigures {
  const c = state.counters;
  return {
    objects: c.objects,
    bytes: c.bytes,
    byStorageClass: Object.entries(c.byStorageClass)
      .map(([storageClass, f]) => ({ storageClass, ...f }))
      .sort(
        (a, b) =>
          b.bytes - a.bytes ||
          b.objects - a.objects ||
          a.storageClass.localeCompare(b.storageClass),
      ),
    incompleteUploads: { ...c.uploads },
    ...(c.noncurrent ? { noncurrentVersions: { ...c.noncurrent } } : {}),
    unknown: [...c.unknown],
  };
}
