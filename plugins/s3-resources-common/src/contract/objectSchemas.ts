import { z } from 'zod';

/* What is in a bucket: listings, an object's details, presigned transfers and share links. */

/** @public */
export const objectSummarySchema = z
  .object({
    key: z.string().describe('The whole key, prefix included'),
    size: z.number().int(),
    lastModified: z.string().optional(),
    etag: z.string().optional(),
    storageClass: z.string().optional(),
  })
  .strict();

/** @public */
export const objectAccessSchema = z
  .object({
    read: z.boolean(),
    upload: z.boolean(),
    delete: z.boolean(),
    /** Why upload is not offered, in a sentence; absent when it is. */
    uploadUnavailable: z.string().optional(),
    deleteUnavailable: z.string().optional(),
    uploadMode: z.enum(['put', 'post', 'multipart']).optional(),
    maxUploadBytes: z.number().int(),
    defaultShareSeconds: z.number().int(),
    maxShareSeconds: z.number().int(),
  })
  .strict()
  .describe('What the caller may do with the objects, and the limits');

/** @public */
export const objectListingSchema = z
  .object({
    prefix: z.string().describe("The resource's prefix ('' for the bucket)"),
    folder: z.string().describe('The folder listed, prefix included'),
    folders: z.array(z.string()).describe('Sub-folders, each ending with /'),
    objects: z.array(objectSummarySchema),
    nextCursor: z.string().optional(),
    access: objectAccessSchema,
  })
  .strict();

/** @public */
export const objectDetailsSchema = objectSummarySchema
  .extend({
    contentType: z.string().optional(),
    contentDisposition: z.string().optional(),
    cacheControl: z.string().optional(),
    versionId: z.string().optional(),
    serverSideEncryption: z.string().optional(),
    metadata: z.record(z.string()).describe('User metadata (x-amz-meta-*)'),
    tags: z.record(z.string()).optional(),
    tagsUnavailable: z
      .string()
      .optional()
      .describe('Why the tags could not be read'),
    preview: z
      .enum(['image', 'text', 'pdf', 'none'])
      .describe('How the portal previews it; none for HTML, SVG and unknowns'),
  })
  .strict();

/** @public */
export const objectLinkRequestSchema = z
  .object({
    key: z.string(),
    purpose: z
      .enum(['download', 'preview'])
      .describe('download: an attachment; preview: a safe inline type'),
  })
  .strict();

/** @public */
export const objectLinkSchema = z
  .object({
    url: z.string(),
    expiresAt: z.string(),
    preview: z.enum(['image', 'text', 'pdf', 'none']).optional(),
    /** For text previews: the bytes fetched (a Range header). */
    range: z.string().optional(),
    /** For previews: the object's size, so a partial text says it is partial. */
    size: z.number().int().nonnegative().optional(),
  })
  .strict();

/** @public */
export const uploadRequestSchema = z
  .object({
    key: z.string(),
    size: z.number().int().nonnegative(),
    contentType: z.string().max(255).optional(),
  })
  .strict();

const headers = z
  .record(z.string())
  .describe('Headers the browser must send with the upload');

/** @public */
export const uploadGrantSchema = z.discriminatedUnion('mode', [
  z
    .object({
      mode: z.literal('put'),
      key: z.string(),
      url: z.string(),
      headers,
      expiresAt: z.string(),
    })
    .strict(),
  z
    .object({
      mode: z.literal('post'),
      key: z.string(),
      url: z.string(),
      fields: z.record(z.string()).describe('Form fields before the file'),
      expiresAt: z.string(),
    })
    .strict(),
  z
    .object({
      mode: z.literal('multipart'),
      key: z.string(),
      uploadId: z.string(),
      partSize: z.number().int(),
      parts: z.array(
        z.object({ partNumber: z.number().int(), url: z.string() }).strict(),
      ),
      headers,
      expiresAt: z.string(),
    })
    .strict(),
]);

/** @public */
export const completeUploadRequestSchema = z
  .object({
    key: z.string(),
    uploadId: z.string().min(1),
    parts: z
      .array(
        z
          .object({
            partNumber: z.number().int().min(1).max(10_000),
            etag: z.string().min(1),
          })
          .strict(),
      )
      .min(1)
      .max(10_000),
  })
  .strict();

/** @public */
export const abortUploadRequestSchema = z
  .object({ key: z.string(), uploadId: z.string().min(1) })
  .strict();

/** @public */
export const shareLinkRequestSchema = z
  .object({
    key: z.string(),
    expiresInSeconds: z.number().int().positive().optional(),
  })
  .strict();

/** @public */
export const shareLinkRecordSchema = z
  .object({
    id: z.string(),
    resourceId: z.string(),
    resourceName: z.string(),
    key: z.string(),
    createdBy: z.string(),
    createdAt: z.string(),
    expiresAt: z.string(),
  })
  .strict();

/** @public */
export const shareLinkSchema = shareLinkRecordSchema
  .extend({
    url: z
      .string()
      .describe('Shown once; the portal keeps no copy and cannot revoke it'),
  })
  .strict();

/** @public */
export const shareLinkPageSchema = z
  .object({
    items: z.array(shareLinkRecordSchema),
    nextCursor: z.string().optional(),
  })
  .strict();

/** @public */
export type ObjectSummary = z.infer<typeof objectSummarySchema>;
/** @public */
export type ObjectAccess = z.infer<typeof objectAccessSchema>;
/** @public */
export type ObjectListing = z.infer<typeof objectListingSchema>;
/** @public */
export type ObjectDetails = z.infer<typeof objectDetailsSchema>;
/** @public */
export type ObjectLink = z.infer<typeof objectLinkSchema>;
/** @public */
export type UploadGrant = z.infer<typeof uploadGrantSchema>;
/** @public */
export type ShareLinkRecord = z.infer<typeof shareLinkRecordSchema>;
/** @public */
export type ShareLink = z.infer<typeof shareLinkSchema>;
