import {
  GetBucketVersioningCommand,
  ListMultipartUploadsCommand,
  ListObjectVersionsCommand,
  ListObjectsV2Command,
  ListObjectsV2CommandOutput,
  ListPartsCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { classifyError } from '../connectionTest/providerErrors';
import { ScanCallResult, scanCall } from './scanCalls';
import { BudgetSpent, ScanSpending, StorageScanBudget } from './scanSpending';
import {
  ListingCursor,
  StorageScanState,
  addUnknown,
  countObject,
  objectsDone,
  restartObjects,
  startState,
} from './scanState';

export { StorageScanError } from './scanCalls';
export type { StorageScanBudget } from './scanSpending';
export { figuresOf } from './scanState';
export type { StorageScanState } from './scanState';

export type StorageScanRun = {
  state: StorageScanState;
  complete: boolean;
  /** What this run cost. */
  requests: number;
  keys: number;
};

const PAGE = 1000;
/** Folders listed at the same time (the uploads are listed beside them). */
const FOLDER_LISTINGS = 4;

/** What the folder listings of one run share: who lists what, and the root page under way. */
type RunShare = {
  busy: Set<StorageScanState['objects']['folders'][number]>;
  rootPage?: Promise<void>;
};

/**
 * Counts what one prefix of a bucket holds: current objects and their bytes
 * by storage class, noncurrent versions (when the bucket keeps versions),
 * and incomplete multipart uploads with the bytes of their parts. A run
 * spends at most its budget and returns the state to go on from, so a
 * bucket of any size is scanned across runs with no key counted twice or
 * skipped.
 *
 * What goes on at once: the uploads beside the objects; the first page of
 * objects beside GetBucketVersioning (it counts unless the bucket keeps
 * versions); and, in a bucket that keeps none, the first-level folders of
 * the prefix, each listed whole on its own, {@link FOLDER_LISTINGS} at a
 * time. A versions listing goes one page after another.
 *
 * A call the credentials may not make (403), or the provider does not
 * support (501), leaves its figure unknown with the reason; any other
 * failure ends the run with a StorageScanError.
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
    return startState(this.location, now);
  }

  /** Scans on from `from` (not changed) within `budget`. */
  async run(
    from: StorageScanState,
    budget: StorageScanBudget,
    signal?: AbortSignal,
  ): Promise<StorageScanRun> {
    const state: StorageScanState = JSON.parse(JSON.stringify(from));
    const spend = new ScanSpending(budget, signal);
    const failure: { error?: unknown } = {};
    const settle = (error: unknown) => {
      if (error instanceof BudgetSpent) return;
      failure.error ??= error;
      spend.halt();
    };
    // A listing that found the keys left held by another goes on once
    // that one ended.
    for (;;) {
      const before = spend.requests;
      await Promise.all([
        this.objects(state, spend, settle).catch(settle),
        this.uploads(state, spend).catch(settle),
      ]);
      if (failure.error) throw failure.error;
      if (
        state.phase === 'listing' &&
        objectsDone(state) &&
        state.uploads.done
      ) {
        state.phase = 'done';
      }
      if (
        state.phase === 'done' ||
        spend.exhausted ||
        spend.requests === before
      ) {
        break;
      }
    }
    return {
      state,
      complete: state.phase === 'done',
      requests: spend.requests,
      keys: spend.keys,
    };
  }

  private async objects(
    state: StorageScanState,
    spend: ScanSpending,
    settle: (error: unknown) => void,
  ) {
    if (state.phase === 'versioning') await this.versioning(state, spend);
    if (state.listing === 'versions') await this.listVersions(state, spend);
    if (state.listing !== 'objects' || objectsDone(state)) return;
    const share: RunShare = { busy: new Set() };
    await Promise.all(
      Array.from({ length: FOLDER_LISTINGS }, () =>
        this.listFolders(state, spend, share).catch(settle),
      ),
    );
  }

  /**
   * GetBucketVersioning, with the first page of the plain listing beside
   * it: most buckets keep no versions, and then that page counts.
   */
  private async versioning(state: StorageScanState, spend: ScanSpending) {
    const { s3, bucket } = this.options;
    const asked = scanCall(spend, bucket, 'GetBucketVersioning', signal =>
      s3.send(new GetBucketVersioningCommand({ Bucket: bucket }), {
        abortSignal: signal,
      }),
    );
    const first = this.fetchRoot(state, spend).catch(error => {
      if (error instanceof BudgetSpent) return undefined;
      throw error;
    });
    first.catch(() => undefined); // awaited below, unless the versioning fails
    const versioning = await asked;
    if (versioning.refused) addUnknown(state, versioning.refused);
    else if (
      versioning.out.Status === 'Enabled' ||
      versioning.out.Status === 'Suspended'
    ) {
      state.listing = 'versions';
      state.counters.noncurrent = { count: 0, bytes: 0 };
    }
    const page = await first;
    state.phase = 'listing';
    if (page) {
      if (state.listing === 'objects')
        this.countRoot(state, spend, page.result);
      spend.releaseKeys(page.reserved);
    }
  }

  /** A page of the prefix's plain listing (with a delimiter), not counted yet. */
  private async fetchRoot(state: StorageScanState, spend: ScanSpending) {
    const { s3, bucket, prefix } = this.options;
    const reserved = spend.reserveKeys(PAGE);
    try {
      const result = await scanCall(spend, bucket, 'ListObjectsV2', signal =>
        s3.send(
          new ListObjectsV2Command({
            Bucket: bucket,
            Prefix: prefix || undefined,
            Delimiter: '/',
            MaxKeys: reserved,
            ContinuationToken: state.objects.root.continuationToken,
          }),
          { abortSignal: signal },
        ),
      );
      return { reserved, result };
    } catch (error) {
      spend.releaseKeys(reserved);
      throw error;
    }
  }

  /** Counts the objects right under the prefix; its folders wait to be listed. */
  private countRoot(
    state: StorageScanState,
    spend: ScanSpending,
    result: ScanCallResult<ListObjectsV2CommandOutput>,
  ) {
    const root = state.objects.root;
    if (result.refused) {
      addUnknown(state, result.refused);
      root.done = true;
      return;
    }
    const { out } = result;
    const contents = out.Contents ?? [];
    for (const o of contents) {
      countObject(state.counters, o.Size ?? 0, o.StorageClass);
    }
    for (const p of out.CommonPrefixes ?? []) {
      if (p.Prefix) state.objects.pending.push(p.Prefix);
    }
    spend.counted(state, contents.length);
    if (out.IsTruncated && out.NextContinuationToken) {
      root.continuationToken = out.NextContinuationToken;
    } else root.done = true;
  }

  /**
   * One of the folder listings: lists a folder under way or waiting, else
   * the root's next page (once, for all), until nothing is left. The root
   * goes on only when no folder waits, so at most a page of them does.
   */
  private async listFolders(
    state: StorageScanState,
    spend: ScanSpending,
    share: RunShare,
  ) {
    const o = state.objects;
    for (;;) {
      let folder = o.folders.find(f => !share.busy.has(f));
      if (!folder && o.pending.length) {
        folder = { prefix: o.pending.shift()! };
        o.folders.push(folder);
      }
      if (folder) {
        share.busy.add(folder);
        try {
          await this.listFolder(state, spend, folder);
        } finally {
          share.busy.delete(folder);
        }
        continue;
      }
      if (o.root.done) return;
      share.rootPage ??= this.fetchRoot(state, spend)
        .then(page => {
          this.countRoot(state, spend, page.result);
          spend.releaseKeys(page.reserved);
        })
        .finally(() => {
          share.rootPage = undefined;
        });
      await share.rootPage;
    }
  }

  /** Lists one folder to its end (no delimiter: everything under it). */
  private async listFolder(
    state: StorageScanState,
    spend: ScanSpending,
    folder: ListingCursor & { prefix: string },
  ) {
    const { s3, bucket } = this.options;
    for (;;) {
      const reserved = spend.reserveKeys(PAGE);
      try {
        const result = await scanCall(spend, bucket, 'ListObjectsV2', s =>
          s3.send(
            new ListObjectsV2Command({
              Bucket: bucket,
              Prefix: folder.prefix,
              MaxKeys: reserved,
              ContinuationToken: folder.continuationToken,
            }),
            { abortSignal: s },
          ),
        );
        let done = true;
        if (result.refused) addUnknown(state, result.refused);
        else {
          const contents = result.out.Contents ?? [];
          for (const o of contents) {
            countObject(state.counters, o.Size ?? 0, o.StorageClass);
          }
          spend.counted(state, contents.length);
          if (result.out.IsTruncated && result.out.NextContinuationToken) {
            folder.continuationToken = result.out.NextContinuationToken;
            done = false;
          }
        }
        if (done) {
          state.objects.folders = state.objects.folders.filter(
            f => f !== folder,
          );
          return;
        }
      } finally {
        spend.releaseKeys(reserved);
      }
    }
  }

  /** Versions one page after another; where they may not be listed, the plain listing. */
  private async listVersions(state: StorageScanState, spend: ScanSpending) {
    const { s3, bucket, prefix } = this.options;
    const root = state.objects.root;
    const c = state.counters;
    while (!root.done) {
      const reserved = spend.reserveKeys(PAGE);
      try {
        const result = await scanCall(spend, bucket, 'ListObjectVersions', s =>
          s3.send(
            new ListObjectVersionsCommand({
              Bucket: bucket,
              Prefix: prefix || undefined,
              MaxKeys: reserved,
              KeyMarker: root.keyMarker,
              VersionIdMarker: root.versionIdMarker,
            }),
            { abortSignal: s },
          ),
        );
        if (result.refused) {
          addUnknown(state, result.refused);
          state.listing = 'objects';
          delete c.noncurrent;
          restartObjects(state);
          return;
        }
        const { out } = result;
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
          root.keyMarker = out.NextKeyMarker;
          root.versionIdMarker = out.NextVersionIdMarker;
        } else root.done = true;
      } finally {
        spend.releaseKeys(reserved);
      }
    }
  }

  /**
   * Incomplete uploads, each with its parts: the markers move one upload at
   * a time, so a run may stop between any two uploads, or between two pages
   * of one upload's parts.
   */
  private async uploads(state: StorageScanState, spend: ScanSpending) {
    const { s3, bucket, prefix } = this.options;
    const cursor = state.uploads;
    for (;;) {
      if (cursor.parts) await this.countUpload(state, spend);
      if (cursor.done) return;
      const reserved = spend.reserveKeys(PAGE);
      try {
        const result = await scanCall(
          spend,
          bucket,
          'ListMultipartUploads',
          s =>
            s3.send(
              new ListMultipartUploadsCommand({
                Bucket: bucket,
                Prefix: prefix || undefined,
                MaxUploads: reserved,
                KeyMarker: cursor.keyMarker,
                UploadIdMarker: cursor.uploadIdMarker,
              }),
              { abortSignal: s },
            ),
        );
        if (result.refused) {
          addUnknown(state, result.refused);
          cursor.done = true;
          state.counters.uploads = { count: 0, bytes: 0 };
          return;
        }
        const { out } = result;
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
        spend.releaseKeys(reserved);
      }
    }
  }

  /** Lists the rest of the parts of the upload under way, then counts it. */
  private async countUpload(state: StorageScanState, spend: ScanSpending) {
    const { s3, bucket } = this.options;
    const cursor = state.uploads;
    const parts = cursor.parts!;
    let gone = false;
    while (!cursor.partsUnknown) {
      let result;
      try {
        result = await scanCall(spend, bucket, 'ListParts', s =>
          s3.send(
            new ListPartsCommand({
              Bucket: bucket,
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
      if (result.refused) {
        addUnknown(state, result.refused);
        cursor.partsUnknown = true;
        break;
      }
      for (const p of result.out.Parts ?? []) parts.bytes += p.Size ?? 0;
      if (!result.out.IsTruncated || !result.out.NextPartNumberMarker) break;
      parts.partNumberMarker = result.out.NextPartNumberMarker;
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
}
