import {
  PutObjectCommand,
  AbortMultipartUploadCommand,
  CreateBucketCommand,
  DeleteBucketCommand,
  DeleteObjectsCommand,
  ListMultipartUploadsCommand,
  ListObjectVersionsCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { s3ClientFor } from './clients';
import { TestUser } from './env';
import { httpStatusOf } from './errors';
import { uniqueBucketName } from './names';

export interface TestBucket {
  bucket: string;
  owner: TestUser;
  /** Deletes every object version, delete marker and open upload, then the bucket. */
  cleanup(): Promise<void>;
}

/**
 * Creates a uniquely named bucket owned by `owner` (default `tester`); each test makes its own.
 * On RGW, creating a bucket that you already own answers 200 (AWS: 409 outside us-east-1), so
 * a name is never reused here: it is random.
 */
export async function createTestBucket(
  prefix?: string,
  owner: TestUser = 'tester',
): Promise<TestBucket> {
  const bucket = uniqueBucketName(prefix);
  const client = s3ClientFor(owner);
  try {
    await client.send(new CreateBucketCommand({ Bucket: bucket }));
  } finally {
    client.destroy();
  }
  let cleaned = false;
  return {
    bucket,
    owner,
    async cleanup() {
      if (cleaned) return;
      const c = s3ClientFor(owner);
      try {
        await emptyAndDeleteBucket(c, bucket);
        cleaned = true;
      } finally {
        c.destroy();
      }
    },
  };
}

/** Empties (all versions, delete markers, multipart uploads) and deletes a bucket; a bucket that is already gone is fine. */
export async function emptyAndDeleteBucket(
  client: S3Client,
  bucket: string,
): Promise<void> {
  try {
    await emptyBucket(client, bucket);
    await client.send(new DeleteBucketCommand({ Bucket: bucket }));
  } catch (error) {
    if (httpStatusOf(error) === 404) return;
    throw error;
  }
}

async function emptyBucket(client: S3Client, bucket: string): Promise<void> {
  let keyMarker: string | undefined;
  let versionIdMarker: string | undefined;
  for (;;) {
    const page = await client.send(
      new ListObjectVersionsCommand({
        Bucket: bucket,
        KeyMarker: keyMarker,
        VersionIdMarker: versionIdMarker,
      }),
    );
    const objects = [...(page.Versions ?? []), ...(page.DeleteMarkers ?? [])]
      .filter(v => v.Key !== undefined)
      .map(v => ({ Key: v.Key!, VersionId: v.VersionId }));
    if (objects.length > 0) {
      const out = await client.send(
        new DeleteObjectsCommand({
          Bucket: bucket,
          Delete: { Objects: objects, Quiet: true },
        }),
      );
      if (out.Errors?.length) {
        const first = out.Errors[0];
        throw new Error(
          `Could not empty ${bucket}: ${out.Errors.length} objects not deleted (first: ${first.Key} ${first.Code})`,
        );
      }
    }
    if (!page.IsTruncated) break;
    keyMarker = page.NextKeyMarker;
    versionIdMarker = page.NextVersionIdMarker;
  }

  const uploads = await client.send(
    new ListMultipartUploadsCommand({ Bucket: bucket }),
  );
  for (const upload of uploads.Uploads ?? []) {
    await client.send(
      new AbortMultipartUploadCommand({
        Bucket: bucket,
        Key: upload.Key,
        UploadId: upload.UploadId,
      }),
    );
  }
}

/** Puts objects into a test bucket as its owner: key → body, or body and content type. */
export async function putTestObjects(
  bucket: TestBucket,
  objects: Record<string, string | { body: string; contentType: string }>,
): Promise<void> {
  const client = s3ClientFor(bucket.owner);
  try {
    for (const [Key, object] of Object.entries(objects)) {
      const { body, contentType } =
        typeof object === 'string'
          ? { body: object, contentType: undefined }
          : object;
      await client.send(
        new PutObjectCommand({
          Bucket: bucket.bucket,
          Key,
          Body: body,
          ContentType: contentType,
        }),
      );
    }
  } finally {
    client.destroy();
  }
}
