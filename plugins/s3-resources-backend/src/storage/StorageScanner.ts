import {
  GetBucketVersioningCommand,
  ListMultipartUploadsCommand,
  ListObjectVersionsCommand,
  ListObjectsV2Command,
  ListPartsCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import {
  StorageFigures,
  UnknownStorageFigure,
} from '@s3-resources/plugin-s3-resources-common';
import { classifyError } from '../connectionTest/providerErrors';

/** The most a run may do; the next run goes on from where it stopped. */
export type StorageScanBudget = {
  /** Objects, versions (delete markers included) and uploads listed. */
  maxKeys: number;
  maxMs: number;
  /** Calls to the bucket, ListParts pages included. */
  maxRequests: number;
};

/** Counters only: their size does not grow with the bucket. */
type Counters = {
  objects: number;
  bytes: number;
  byStorageClass: Record<string, { objects: number; bytes: number }>;
  uploads: { count: number; bytes: number; oldestInitiated?: string };
  noncurrent?: { count: number; bytes: number };
  unknown: UnknownStorageFigure[];
};

/**
 * A scan under way, as JSON: where each listing stands and what it counted
 * so far. Saved between runs; never holds a list of keys.
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
    done: boolean;
    continuationToken?: string;
    keyMarker?: string;
    versionIdMarker?: string;
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
  counters: Counters;
};

export type StorageScanRun = {
  state: StorageScanState;
  complete: boolean;
  /** What this run cost. */
  requests: number;
  keys: number;
};

/** A call that failed for a reason other than a refusal: the run ends, its state is not advanced. */
export class StorageScanError extends Error {
  name = 'StorageScanError';
}

const PAGE = 1000;

/** Calls a refusal only makes a figure unknown: the IAM action to grant, and the figure. */
const CALLS = {
  GetBucketVersioning: {
    action: 's3:GetBucketVersioning',
    figure: 'noncurrentVersions',
  },
  ListObjectVersions: {
    action: 's3:ListBucketVersions',
    figure: 'noncurrentVersions',
  },
  ListObjectsV2: { action: 's3:ListBucket', figure: 'objects' },
  ListMultipartUploads: {
    action: 's3:ListBucketMultipartUploads',
    figure: 'incompleteUploads',
  },
  ListParts: {
    action: 's3:ListMultipartUploadParts',
    figure: 'incompleteUploads',
  },
} as const;
type CallName = keyof typeof CALLS;

/** Stops the run: the budget is spent (not an error). */
class BudgetSpent {}

/**
 * Counts what one prefix of a bucket holds: current objects and their bytes
 * by storage class, noncurrent versions (when the bucket keeps versions),
 * and incomplete multipart uploads with the bytes of their parts. A run
 * spends at most its budget and returns the state to go on from, so a
 * bucket of any size is scanned across runs with no key counted twice or
 * skipped. The uploads are listed while the objects are.
 *
 * A call the credentials may not make (403), or the provider does not
 * support (501), leaves its figure unknown with the reason; any other
 * failure ends the run with a {@link StorageScanError}.
 */
export class StorageScanner {
  static create(options: { s3: S3Client; bucket: string; prefix?: string }) {
    return new StorageScanner(options);
  }

  private constructor(
    private readonly options: { s3: S3Client; bucket: string; prefix?: string },
  ) {}

  /** Where this scanner counts, as its states name it. */
  get location(): string {
    return `${this.options.bucket}/${this.options.prefix ?? ''}`;
  }

  /** The state a scan starts from. */
  start(now = new Date()): StorageScanState {
    return {
      location: this.location,
      startedAt: now.toISOString(),
      phase: 'versioning',
      keysScanned: 0,
      listing: 'objects',
      objects: { done: false },
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

  /** Scans on from `from` (not changed) within `budget`. */
  async run(
    from: StorageScanState,
    budget: StorageScanBudget,
    signal?: AbortSignal,
  ): Promise<StorageScanRun> {
    const state: StorageScanState = JSON.parse(JSON.stringify(from));
    const spend = new Spending(budget, signal);
    try {
      if (state.phase === 'versioning') await this.versioning(state, spend);
      // both listings go on at once; a failure stops the other. One that
      // found the keys left held by the other goes on once that one ends.
      while (state.phase === 'listing') {
        const failure: { error?: unknown } = {};
        const requestsBefore = spend.requests;
        const settle = (error: unknown) => {
          if (error instanceof BudgetSpent) return;
          failure.error ??= error;
          spend.halt();
        };
        await Promise.all([
          this.objects(state, spend).catch(settle),
          this.uploads(state, spend).catch(settle),
        ]);
        if (failure.error) throw failure.error;
        if (state.objects.done && state.uploads.done) state.phase = 'done';
        else if (spend.exhausted || spend.requests === requestsBefore) break;
      }
    } catch (error) {
      if (!(error instanceof BudgetSpent)) throw error;
    }
    return {
      state,
      complete: state.phase === 'done',
      requests: spend.requests,
      keys: spend.keys,
    };
  }

  private async versioning(state: StorageScanState, spend: Spending) {
    const out = await this.call(state, spend, 'GetBucketVersioning', s =>
      this.options.s3.send(
        new GetBucketVersioningCommand({ Bucket: this.options.bucket }),
        { abortSignal: s },
      ),
    );
    // never versioned: no Status; refused or unsupported: current objects only
    if (out?.Status === 'Enabled' || out?.Status === 'Suspended') {
      state.listing = 'versions';
      state.counters.noncurrent = { count: 0, bytes: 0 };
    }
    state.phase = 'listing';
  }

  private async objects(state: StorageScanState, spend: Spending) {
    const { s3, bucket, prefix } = this.options;
    const cursor = state.objects;
    const c = state.counters;
    while (!cursor.done) {
      const maxKeys = spend.reserveKeys(PAGE);
      try {
        if (state.listing === 'versions') {
          const out = await this.call(state, spend, 'ListObjectVersions', s =>
            s3.send(
              new ListObjectVersionsCommand({
                Bucket: bucket,
                Prefix: prefix || undefined,
                MaxKeys: maxKeys,
                KeyMarker: cursor.keyMarker,
                VersionIdMarker: cursor.versionIdMarker,
              }),
              { abortSignal: s },
            ),
          );
          if (!out) {
            // versions may not be listed: current objects from the plain listing
            state.listing = 'objects';
            delete c.noncurrent;
            resetObjects(state);
            continue;
          }
          const versions = out.Versions ?? [];
          for (const v of versions) {
            const size = v.Size ?? 0;
            if (v.IsLatest) countObject(c, size, v.StorageClass);
            else {
              c.noncurrent!.count++;
              c.noncurrent!.bytes += size;
            }
          }
          // delete markers are no objects, but the listing returned them
          spend.counted(
            state,
            versions.length + (out.DeleteMarkers ?? []).length,
          );
          if (out.IsTruncated && out.NextKeyMarker) {
            cursor.keyMarker = out.NextKeyMarker;
            cursor.versionIdMarker = out.NextVersionIdMarker;
          } else cursor.done = true;
        } else {
          const out = await this.call(state, spend, 'ListObjectsV2', s =>
            s3.send(
              new ListObjectsV2Command({
                Bucket: bucket,
                Prefix: prefix || undefined,
                MaxKeys: maxKeys,
                ContinuationToken: cursor.continuationToken,
              }),
              { abortSignal: s },
            ),
          );
          if (!out) {
            cursor.done = true;
            continue;
          }
          const contents = out.Contents ?? [];
          for (const o of contents) countObject(c, o.Size ?? 0, o.StorageClass);
          spend.counted(state, contents.length);
          if (out.IsTruncated && out.NextContinuationToken) {
            cursor.continuationToken = out.NextContinuationToken;
          } else cursor.done = true;
        }
      } finally {
        spend.releaseKeys(maxKeys);
      }
    }
  }

  /**
   * Incomplete uploads, each with its parts: the markers move one upload at
   * a time, so a run may stop between any two uploads, or between two pages
   * of one upload's parts.
   */
  private async uploads(state: StorageScanState, spend: Spending) {
    const { s3, bucket, prefix } = this.options;
    const cursor = state.uploads;
    for (;;) {
      if (cursor.parts) await this.countUpload(state, spend);
      if (cursor.done) return;
      const maxUploads = spend.reserveKeys(PAGE);
      try {
        const out = await this.call(state, spend, 'ListMultipartUploads', s =>
          s3.send(
            new ListMultipartUploadsCommand({
              Bucket: bucket,
              Prefix: prefix || undefined,
              MaxUploads: maxUploads,
              KeyMarker: cursor.keyMarker,
              UploadIdMarker: cursor.uploadIdMarker,
            }),
            { abortSignal: s },
          ),
        );
        if (!out) {
          cursor.done = true;
          state.counters.uploads = { count: 0, bytes: 0 };
          return;
        }
        for (const u of out.Uploads ?? []) {
          if (!u.Key || !u.UploadId) continue;
          cursor.keyMarker = u.Key;
          cursor.uploadIdMarker = u.UploadId;
          cursor.parts = {
            key: u.Key,
            uploadId: u.UploadId,
            ...(u.Initiated ? { initiated: u.Initiated.toISOString() } : {}),
            bytes: 0,
          };
          // a key once its parts start: one that a run stops before is listed again
          spend.counted(state, 1);
          await this.countUpload(state, spend);
        }
        if (!out.IsTruncated) cursor.done = true;
        else if (out.NextKeyMarker) {
          cursor.keyMarker = out.NextKeyMarker;
          cursor.uploadIdMarker = out.NextUploadIdMarker;
        }
      } finally {
        spend.releaseKeys(maxUploads);
      }
    }
  }

  /** Lists the rest of the parts of the upload under way, then counts it. */
  private async countUpload(state: StorageScanState, spend: Spending) {
    const cursor = state.uploads;
    const parts = cursor.parts!;
    let gone = false;
    while (!cursor.partsUnknown) {
      let out;
      try {
        out = await this.call(state, spend, 'ListParts', s =>
          this.options.s3.send(
            new ListPartsCommand({
              Bucket: this.options.bucket,
              Key: parts.key,
              UploadId: parts.uploadId,
              MaxParts: PAGE,
              PartNumberMarker: parts.partNumberMarker,
            }),
            { abortSignal: s },
          ),
        );
      } catch (error) {
        // completed or aborted since it was listed: not incomplete any more
        if (classifyError(error).code !== 'NoSuchUpload') throw error;
        gone = true;
        break;
      }
      if (!out) {
        cursor.partsUnknown = true;
        break;
      }
      for (const p of out.Parts ?? []) parts.bytes += p.Size ?? 0;
      if (!out.IsTruncated || !out.NextPartNumberMarker) break;
      parts.partNumberMarker = out.NextPartNumberMarker;
    }
    if (!gone) {
      const c = state.counters.uploads;
      c.count++;
      if (!cursor.partsUnknown) c.bytes += parts.bytes;
      if (
        parts.initiated &&
        (!c.oldestInitiated || parts.initiated < c.oldestInitiated)
      ) {
        c.oldestInitiated = parts.initiated;
      }
    }
    delete cursor.parts;
  }

  /**
   * Sends one call within the budget. Undefined when it was refused (403)
   * or is not supported (501): its figure is then unknown, with the reason.
   */
  private async call<T>(
    state: StorageScanState,
    spend: Spending,
    name: CallName,
    send: (signal: AbortSignal | undefined) => Promise<T>,
  ): Promise<T | undefined> {
    spend.request();
    try {
      return await send(spend.signal);
    } catch (error) {
      const e = classifyError(error);
      if (e.code === 'NoSuchUpload') throw error;
      const { action, figure } = CALLS[name];
      if (e.kind === 'denied') {
        addUnknown(state, {
          figure,
          reason: `${name} was denied: grant ${action}`,
        });
        return undefined;
      }
      if (e.kind === 'not-available') {
        addUnknown(state, {
          figure,
          reason: `the provider does not support ${name}`,
        });
        return undefined;
      }
      if (spend.signal?.aborted) {
        throw new StorageScanError(
          `The scan of bucket "${this.options.bucket}" was stopped during ${name}`,
        );
      }
      const what =
        e.code ??
        e.networkCode ??
        (e.kind === 'other' ? (error as Error)?.message : undefined) ??
        e.kind;
      throw new StorageScanError(
        `${name} of bucket "${this.options.bucket}" failed: ${what}${
          e.httpStatus ? ` (HTTP ${e.httpStatus})` : ''
        }${e.providerMessage ? `: ${e.providerMessage}` : ''}`,
      );
    }
  }
}

function countObject(c: Counters, size: number, storageClass = 'STANDARD') {
  c.objects++;
  c.bytes += size;
  const byClass = (c.byStorageClass[storageClass] ??= {
    objects: 0,
    bytes: 0,
  });
  byClass.objects++;
  byClass.bytes += size;
}

function resetObjects(state: StorageScanState) {
  const c = state.counters;
  c.objects = 0;
  c.bytes = 0;
  c.byStorageClass = {};
  state.objects = { done: false };
}

function addUnknown(state: StorageScanState, entry: UnknownStorageFigure) {
  const { unknown } = state.counters;
  if (!unknown.some(u => u.reason === entry.reason)) unknown.push(entry);
}

/** What a run may still spend, shared by the listings that go on at once. */
class Spending {
  requests = 0;
  keys = 0;
  private reserved = 0;
  private halted = false;
  private readonly deadline: number;

  constructor(
    private readonly budget: StorageScanBudget,
    readonly signal?: AbortSignal,
  ) {
    this.deadline = Date.now() + budget.maxMs;
  }

  /** The other listing stops after its call under way. */
  halt() {
    this.halted = true;
  }

  /** Nothing more may be sent in this run. */
  get exhausted(): boolean {
    return (
      this.requests >= this.budget.maxRequests ||
      Date.now() >= this.deadline ||
      this.keys >= this.budget.maxKeys
    );
  }

  /** Takes one request, or ends the run when none is left. */
  request() {
    if (
      this.halted ||
      this.requests >= this.budget.maxRequests ||
      Date.now() >= this.deadline
    ) {
      throw new BudgetSpent();
    }
    this.requests++;
  }

  /** Keys a page may list: up to `page`, within what is left. */
  reserveKeys(page: number): number {
    const left = this.budget.maxKeys - this.keys - this.reserved;
    if (left <= 0 || this.halted) throw new BudgetSpent();
    const n = Math.min(page, left);
    this.reserved += n;
    return n;
  }

  releaseKeys(n: number) {
    this.reserved -= n;
  }

  counted(state: StorageScanState, n: number) {
    this.keys += n;
    state.keysScanned += n;
  }
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
