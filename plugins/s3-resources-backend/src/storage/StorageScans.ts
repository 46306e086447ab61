import { S3Client } from '@aws-sdk/client-s3';
import {
  ResourceStorage,
  StorageSample,
} from '@s3-resources/plugin-s3-resources-common';
import { ResourceRow } from '../database/ResourceStore';
import { StorageStore, progressOf } from '../database/StorageStore';
import { BucketSessions } from '../objects/BucketSessions';
import { objectTarget } from '../objects/objectTarget';
import { SecretMaterial } from '../service/ResourceCredentials';
import { settingsOf } from '../service/resourceView';
import { StorageScanBudget, StorageScanner, figuresOf } from './StorageScanner';
import { StorageScanError } from './scanCalls';

/** A 400 answer: the request (a saved cursor) is wrong, sending it again cannot help. */
const isBadRequest = (error: unknown) =>
  error instanceof StorageScanError && error.httpStatus === 400;

/** A role's session for one run: the shortest STS grants. */
const SESSION_SECONDS = 900;

/**
 * Storage scans of resources, one run at a time: a run goes on from the
 * saved state within the configured budget, then saves where it stopped,
 * or records the complete sample and ends the scan. A failed run saves
 * nothing: the next one goes on from the state before it.
 */
export class StorageScans {
  static create(options: {
    store: StorageStore;
    budget: StorageScanBudget;
    /** For {@link StorageScans.scanOwn}: the resource's own credentials. */
    sessions?: BucketSessions;
    secretOf?: (row: ResourceRow) => Promise<SecretMaterial | undefined>;
  }) {
    return new StorageScans(options);
  }

  private constructor(
    private readonly options: Parameters<typeof StorageScans.create>[0],
  ) {}

  /** What the budget lets one run take, in milliseconds at most (its last calls finish after). */
  get maxMs(): number {
    return this.options.budget.maxMs;
  }

  /** One run of the resource's scan with `s3`: the complete sample, or the progress so far. */
  async scan(
    row: ResourceRow,
    s3: S3Client,
    signal?: AbortSignal,
  ): Promise<StorageSample> {
    const { store, budget } = this.options;
    const scanner = StorageScanner.create({
      s3,
      bucket: row.bucket,
      prefix: settingsOf(row).prefix,
    });
    const saved = await store.loadScan(row.id);
    const from =
      saved && saved.location === scanner.location ? saved : scanner.start();
    let run: Awaited<ReturnType<typeof scanner.run>>;
    try {
      run = await scanner.run(from, budget, signal);
    } catch (error) {
      // a saved cursor the provider refuses would fail every sweep: start over
      if (saved && from === saved && isBadRequest(error)) {
        await store.clearScan(row.id);
      }
      throw error;
    }
    const takenAt = new Date().toISOString();
    if (!run.complete) {
      await store.saveScan(row.id, run.state);
      return progressOf(run.state, takenAt);
    }
    const sample: StorageSample = {
      ...figuresOf(run.state),
      startedAt: run.state.startedAt,
      takenAt,
      complete: true,
      keysScanned: run.state.keysScanned,
    };
    await store.recordSample(row.id, sample);
    return sample;
  }

  /**
   * One run with the resource's own credentials, on a bucket session of
   * its own (as the object routes open them), closed after the run: a
   * sweep does not fill the session cache with every resource.
   */
  async scanOwn(
    row: ResourceRow,
    actor: string,
    signal?: AbortSignal,
  ): Promise<StorageSample> {
    const { sessions, secretOf } = this.options;
    if (!sessions || !secretOf) {
      throw new Error('StorageScans was created without bucket sessions');
    }
    const session = await sessions.dedicated(
      objectTarget(row, await secretOf(row)),
      actor,
      SESSION_SECONDS,
    );
    try {
      return await this.scan(row, session.s3, signal);
    } finally {
      session.close();
    }
  }

  async storageOf(resourceId: string): Promise<ResourceStorage> {
    return this.options.store.storageOf(resourceId);
  }

  /** The latest complete sample, if any. */
  async latestOf(resourceId: string): Promise<StorageSample | undefined> {
    return (await this.options.store.latestForMany([resourceId])).get(
      resourceId,
    );
  }
}
