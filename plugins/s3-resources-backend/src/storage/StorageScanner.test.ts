import {
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  GetBucketVersioningCommand,
  ListMultipartUploadsCommand,
  ListObjectVersionsCommand,
  PutBucketPolicyCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import {
  TestBucket,
  createTestBucket,
  failureStatus,
  requireEnforcingServer,
  s3ClientFor,
  userArn,
} from '@internal/s3-test-harness';
import {
  StorageScanBudget,
  StorageScanError,
  StorageScanState,
  StorageScanner,
  figuresOf,
} from './StorageScanner';

jest.setTimeout(120_000);

const WHOLE: StorageScanBudget = {
  maxKeys: 1_000_000,
  maxMs: 60_000,
  maxRequests: 10_000,
};

const body = (size: number) => new Uint8Array(size).fill(97);

describe('StorageScanner against Ceph RGW', () => {
  const buckets: TestBucket[] = [];
  const s3 = s3ClientFor('tester');
  const other = s3ClientFor('other');

  beforeAll(() => requireEnforcingServer('the storage scanner tests'));

  afterAll(async () => {
    await Promise.all(buckets.map(b => b.cleanup()));
    s3.destroy();
    other.destroy();
  });

  async function bucket(prefix: string) {
    const b = await createTestBucket(prefix);
    buckets.push(b);
    return b.bucket;
  }

  async function put(Bucket: string, objects: Record<string, number>) {
    for (const [Key, size] of Object.entries(objects)) {
      await s3.send(new PutObjectCommand({ Bucket, Key, Body: body(size) }));
    }
  }

  /** An upload left incomplete with one part of `size` bytes per entry of `parts`. */
  async function incompleteUpload(
    Bucket: string,
    Key: string,
    parts: number[],
  ) {
    const { UploadId } = await s3.send(
      new CreateMultipartUploadCommand({ Bucket, Key }),
    );
    for (const [i, size] of parts.entries()) {
      await s3.send(
        new UploadPartCommand({
          Bucket,
          Key,
          UploadId,
          PartNumber: i + 1,
          Body: body(size),
        }),
      );
    }
    return UploadId!;
  }

  /** Runs with `budget` until the scan completes; every state goes through JSON, as it is saved. */
  async function scanInRuns(
    scanner: StorageScanner,
    budget: StorageScanBudget,
  ) {
    let state: StorageScanState = scanner.start();
    for (let runs = 1; runs <= 500; runs++) {
      const run = await scanner.run(state, budget);
      expect(run.requests).toBeLessThanOrEqual(budget.maxRequests);
      expect(run.keys).toBeLessThanOrEqual(budget.maxKeys);
      state = JSON.parse(JSON.stringify(run.state));
      if (run.complete) return { state, runs };
    }
    throw new Error('the scan did not complete in 500 runs');
  }

  /** A prefix of 23 objects of several sizes, two incomplete uploads, and objects and an upload outside it. */
  async function filledPrefix() {
    const b = await bucket('scan-filled');
    const inside: Record<string, number> = {
      'data/empty': 0,
      'data/one': 1,
      'data/ten': 10,
      'data/kilo': 1000,
      'data/sub/deep': 5000,
    };
    for (let i = 0; i < 18; i++) inside[`data/many/${i}`] = i;
    await put(b, inside);
    await put(b, { 'datax/outside': 50, 'other/outside': 100, top: 7 });
    await incompleteUpload(b, 'data/big', [1234]);
    await incompleteUpload(b, 'data/sub/two-parts', [100, 200]);
    await incompleteUpload(b, 'other/upload', [999]);
    const bytes = Object.values(inside).reduce((a, n) => a + n, 0);
    return { bucket: b, objects: Object.keys(inside).length, bytes };
  }

  it('counts the objects, bytes and incomplete uploads of a prefix exactly', async () => {
    const filled = await filledPrefix();
    const listed = await s3.send(
      new ListMultipartUploadsCommand({ Bucket: filled.bucket }),
    );
    const initiated = listed
      .Uploads!.filter(u => u.Key!.startsWith('data/'))
      .map(u => u.Initiated!.toISOString())
      .sort();
    const scanner = StorageScanner.create({
      s3,
      bucket: filled.bucket,
      prefix: 'data/',
    });
    const run = await scanner.run(scanner.start(), WHOLE);
    expect(run.complete).toBe(true);
    expect(figuresOf(run.state)).toEqual({
      objects: 23,
      bytes: filled.bytes,
      byStorageClass: [
        { storageClass: 'STANDARD', objects: 23, bytes: filled.bytes },
      ],
      incompleteUploads: {
        count: 2,
        bytes: 1234 + 100 + 200,
        oldestInitiated: initiated[0],
      },
      unknown: [],
    });
    // never versioned: no noncurrent figure at all; 23 objects and 2 uploads listed
    expect(run.state.keysScanned).toBe(25);
    expect(filled.bytes).toBe(6011 + 153);

    // the whole bucket
    const whole = StorageScanner.create({ s3, bucket: filled.bucket });
    const all = await whole.run(whole.start(), WHOLE);
    expect(figuresOf(all.state)).toMatchObject({
      objects: 26,
      bytes: filled.bytes + 157,
      incompleteUploads: { count: 3, bytes: 1234 + 300 + 999 },
    });
  });

  it('gives the one-run totals across many runs of a small budget', async () => {
    const filled = await filledPrefix();
    const scanner = StorageScanner.create({
      s3,
      bucket: filled.bucket,
      prefix: 'data/',
    });
    const once = await scanInRuns(scanner, WHOLE);
    expect(once.runs).toBe(1);
    for (const budget of [
      { ...WHOLE, maxKeys: 7 },
      { ...WHOLE, maxRequests: 2 },
      { ...WHOLE, maxKeys: 1, maxRequests: 1 },
    ]) {
      const inRuns = await scanInRuns(scanner, budget);
      expect(inRuns.runs).toBeGreaterThanOrEqual(3);
      expect(figuresOf(inRuns.state)).toEqual(figuresOf(once.state));
      expect(inRuns.state.keysScanned).toBe(once.state.keysScanned);
      expect(inRuns.state.startedAt <= new Date().toISOString()).toBe(true);
    }
  });

  it('counts noncurrent versions apart in a versioned bucket; delete markers are no objects', async () => {
    const b = await bucket('scan-versioned');
    await s3.send(
      new PutBucketVersioningCommand({
        Bucket: b,
        VersioningConfiguration: { Status: 'Enabled' },
      }),
    );
    await put(b, { 'v/a': 10 });
    await put(b, { 'v/a': 20, 'v/b': 5, 'v/c': 3, 'w/outside': 1000 });
    await s3.send(new DeleteObjectCommand({ Bucket: b, Key: 'v/b' }));
    const versions = await s3.send(
      new ListObjectVersionsCommand({ Bucket: b, Prefix: 'v/' }),
    );
    expect(versions.DeleteMarkers?.length).toBe(1);

    const scanner = StorageScanner.create({ s3, bucket: b, prefix: 'v/' });
    const once = await scanInRuns(scanner, WHOLE);
    expect(figuresOf(once.state)).toEqual({
      objects: 2,
      bytes: 23,
      byStorageClass: [{ storageClass: 'STANDARD', objects: 2, bytes: 23 }],
      incompleteUploads: { count: 0, bytes: 0 },
      noncurrentVersions: { count: 2, bytes: 15 },
      unknown: [],
    });
    // four versions and the delete marker
    expect(once.state.keysScanned).toBe(5);
    const inRuns = await scanInRuns(scanner, { ...WHOLE, maxKeys: 2 });
    expect(figuresOf(inRuns.state)).toEqual(figuresOf(once.state));
    expect(inRuns.state.keysScanned).toBe(5);
  });

  it('leaves a denied figure unknown, naming the call and the action to grant', async () => {
    const filled = await filledPrefix();
    await s3.send(
      new PutBucketPolicyCommand({
        Bucket: filled.bucket,
        Policy: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Effect: 'Allow',
              Principal: { AWS: [userArn('other')] },
              Action: [
                's3:ListBucket',
                's3:GetBucketVersioning',
                's3:ListBucketMultipartUploads',
              ],
              Resource: [`arn:aws:s3:::${filled.bucket}`],
            },
            {
              Effect: 'Deny',
              Principal: { AWS: [userArn('other')] },
              Action: ['s3:ListBucketMultipartUploads'],
              Resource: [`arn:aws:s3:::${filled.bucket}`],
            },
          ],
        }),
      }),
    );
    // the server really refuses it
    expect(
      await failureStatus(
        other.send(new ListMultipartUploadsCommand({ Bucket: filled.bucket })),
      ),
    ).toBe(403);

    const scanner = StorageScanner.create({
      s3: other,
      bucket: filled.bucket,
      prefix: 'data/',
    });
    const run = await scanner.run(scanner.start(), WHOLE);
    expect(run.complete).toBe(true);
    expect(figuresOf(run.state)).toEqual({
      objects: 23,
      bytes: filled.bytes,
      byStorageClass: [
        { storageClass: 'STANDARD', objects: 23, bytes: filled.bytes },
      ],
      incompleteUploads: { count: 0, bytes: 0 },
      unknown: [
        {
          figure: 'incompleteUploads',
          reason:
            'ListMultipartUploads was denied: grant s3:ListBucketMultipartUploads',
        },
      ],
    });
  });

  it('counts current objects of a versioned bucket when versions may not be listed, saying which figure is missing', async () => {
    const b = await bucket('scan-versions-denied');
    await s3.send(
      new PutBucketVersioningCommand({
        Bucket: b,
        VersioningConfiguration: { Status: 'Enabled' },
      }),
    );
    await put(b, { 'v/a': 10 });
    await put(b, { 'v/a': 20, 'v/b': 5 });
    const policy = (denied: string) =>
      s3.send(
        new PutBucketPolicyCommand({
          Bucket: b,
          Policy: JSON.stringify({
            Version: '2012-10-17',
            Statement: [
              {
                Effect: 'Allow',
                Principal: { AWS: [userArn('other')] },
                Action: [
                  's3:ListBucket',
                  's3:ListBucketVersions',
                  's3:GetBucketVersioning',
                  's3:ListBucketMultipartUploads',
                ],
                Resource: [`arn:aws:s3:::${b}`],
              },
              {
                Effect: 'Deny',
                Principal: { AWS: [userArn('other')] },
                Action: [denied],
                Resource: [`arn:aws:s3:::${b}`],
              },
            ],
          }),
        }),
      );
    const scanner = StorageScanner.create({
      s3: other,
      bucket: b,
      prefix: 'v/',
    });
    const current = {
      objects: 2,
      bytes: 25,
      byStorageClass: [{ storageClass: 'STANDARD', objects: 2, bytes: 25 }],
      incompleteUploads: { count: 0, bytes: 0 },
    };

    await policy('s3:ListBucketVersions');
    expect(
      await failureStatus(
        other.send(new ListObjectVersionsCommand({ Bucket: b })),
      ),
    ).toBe(403);
    const fallback = await scanInRuns(scanner, WHOLE);
    expect(figuresOf(fallback.state)).toEqual({
      ...current,
      unknown: [
        {
          figure: 'noncurrentVersions',
          reason: 'ListObjectVersions was denied: grant s3:ListBucketVersions',
        },
      ],
    });

    await policy('s3:GetBucketVersioning');
    expect(
      await failureStatus(
        other.send(new GetBucketVersioningCommand({ Bucket: b })),
      ),
    ).toBe(403);
    const unasked = await scanInRuns(scanner, WHOLE);
    expect(figuresOf(unasked.state)).toEqual({
      ...current,
      unknown: [
        {
          figure: 'noncurrentVersions',
          reason:
            'GetBucketVersioning was denied: grant s3:GetBucketVersioning',
        },
      ],
    });
  });

  it('fails a run on a missing bucket with a clear error and leaves the state it started from', async () => {
    const scanner = StorageScanner.create({
      s3,
      bucket: `${await bucket('scan-gone')}-missing`,
    });
    const from = scanner.start();
    const before = JSON.stringify(from);
    const error = await scanner.run(from, WHOLE).catch(e => e);
    expect(error).toBeInstanceOf(StorageScanError);
    expect(error.message).toMatch(
      /^(GetBucketVersioning|ListObjectsV2|ListMultipartUploads) of bucket "t-scan-gone-\w+-missing" failed: NoSuchBucket \(HTTP 404\)/,
    );
    expect(JSON.stringify(from)).toBe(before);
  });

  it('fails on a network error, naming the call', async () => {
    const unreachable = new S3Client({
      endpoint: 'http://127.0.0.1:9',
      region: 'us-east-1',
      forcePathStyle: true,
      maxAttempts: 1,
      credentials: { accessKeyId: 'x', secretAccessKey: 'y' },
    });
    const scanner = StorageScanner.create({ s3: unreachable, bucket: 'b' });
    await expect(scanner.run(scanner.start(), WHOLE)).rejects.toThrow(
      /^GetBucketVersioning of bucket "b" failed: .*ECONNREFUSED/,
    );
    unreachable.destroy();
  });
});
