import {
  $Command,
  AbortMultipartUploadCommand,
  S3ClientResolvedConfig,
  ServiceInputTypes as S3Input,
  ServiceOutputTypes as S3Output,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  GetObjectTaggingCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { createPresignedPost } from '@aws-sdk/s3-presigned-post';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { InputError, NotAllowedError } from '@backstage/errors';
import {
  ObjectAccess,
  ObjectDetails,
  ObjectLink,
  ObjectListing,
  ResourceSettings,
  ShareLink,
  ShareLinkRecord,
  UploadGrant,
  s3ObjectDeletePermission,
  s3ObjectReadPermission,
  s3ObjectWritePermission,
  validateObjectKey,
} from '@s3-resources/plugin-s3-resources-common';
import { randomUUID } from 'node:crypto';
import { ResourceRow } from '../database/ResourceStore';
import { AuditEntry, AuditTrail } from '../service/AuditTrail';
import { RateLimiter } from '../service/RateLimiter';
import { ResourcePermissions } from '../service/ResourcePermissions';
import { CallContext, ResourceService } from '../service/ResourceService';
import { settingsOf } from '../service/resourceView';
import { bucketError } from './bucketErrors';
import { BucketSession, BucketSessions, SessionTarget } from './BucketSessions';
import { ObjectsConfig } from './objectsConfig';
import { objectTarget } from './objectTarget';
import {
  TEXT_PREVIEW_BYTES,
  attachmentDisposition,
  previewOf,
} from './previewKinds';
import { uploadCapability } from './uploadCapability';

/** Where share links are recorded (the audit view lists them). */
export type ShareLinkRecorder = {
  record(link: ShareLinkRecord): Promise<void>;
};

const MAX_PARTS = 10_000;
/** S3's limit on one PUT or POST. */
const MAX_SINGLE_UPLOAD_BYTES = 5 * 1024 ** 3;
/** type/subtype, then parameters; no CR, LF or other controls. */
const MEDIA_TYPE =
  /^[a-z0-9!#$&^_.+-]+\/[a-z0-9!#$&^_.+-]+(\s*;\s*[a-z0-9!#$&^_.+-]+=("[^"\p{Cc}]*"|[a-z0-9!#$&^_.+-]+))*$/iu;
const PAGE_SIZE = 1000;

type Op = {
  id: string;
  ctx: CallContext;
  permission:
    | typeof s3ObjectReadPermission
    | typeof s3ObjectWritePermission
    | typeof s3ObjectDeletePermission;
  refusal: (name: string) => string;
};

/**
 * What is in a resource's bucket, on the resource's own credentials and
 * within its prefix: listings, details, presigned downloads, previews and
 * uploads (the browser transfers; no object byte passes through here),
 * deletes and share links. Every call checks the caller's object permission
 * on the resource and the key against the prefix first; uploads, deletes
 * and links are audited.
 */
export class ObjectService {
  static create(options: {
    resources: ResourceService;
    permissions: ResourcePermissions;
    audit: AuditTrail;
    sessions: BucketSessions;
    config: ObjectsConfig;
    shareLinks: ShareLinkRecorder;
    shareRateLimiter: RateLimiter;
  }) {
    return new ObjectService(options);
  }

  private constructor(
    private readonly options: {
      resources: ResourceService;
      permissions: ResourcePermissions;
      audit: AuditTrail;
      sessions: BucketSessions;
      config: ObjectsConfig;
      shareLinks: ShareLinkRecorder;
      shareRateLimiter: RateLimiter;
    },
  ) {}

  async list(
    id: string,
    query: {
      folder?: string;
      search?: string;
      cursor?: string;
      limit?: number;
    },
    ctx: CallContext,
  ): Promise<ObjectListing> {
    const row = await this.authorized({
      id,
      ctx,
      permission: s3ObjectReadPermission,
      refusal: name => `You may not read the objects of resource ${name}`,
    });
    const settings = settingsOf(row);
    const prefix = settings.prefix ?? '';
    const folder = query.folder ?? prefix;
    checkKey(folder, prefix, 'folder', true);
    const search = query.search ?? '';
    if (search) checkKey(`${folder}${search}`, prefix, 'search');
    const limit = query.limit ?? PAGE_SIZE;
    if (limit < 1) throw new InputError('limit: must be at least 1');
    const session = await this.session(row, ctx);
    // what the caller may do is asked while the bucket answers
    const access = this.accessOf(row, settings, ctx);
    access.catch(() => undefined);
    const out = await send(
      session,
      new ListObjectsV2Command({
        Bucket: settings.bucket,
        Prefix: `${folder}${search}`,
        Delimiter: '/',
        MaxKeys: limit,
        ...(query.cursor ? { ContinuationToken: query.cursor } : {}),
      }),
      { action: 's3:ListBucket', target: `folder "${folder || '/'}"` },
    );
    return {
      prefix,
      folder,
      folders: (out.CommonPrefixes ?? [])
        .map(p => p.Prefix)
        .filter((p): p is string => !!p),
      objects: (out.Contents ?? [])
        .filter(o => o.Key !== undefined && o.Key !== folder)
        .map(o => ({
          key: o.Key!,
          size: o.Size ?? 0,
          ...(o.LastModified
            ? { lastModified: o.LastModified.toISOString() }
            : {}),
          ...(o.ETag ? { etag: o.ETag } : {}),
          ...(o.StorageClass ? { storageClass: o.StorageClass } : {}),
        })),
      ...(out.IsTruncated && out.NextContinuationToken
        ? { nextCursor: out.NextContinuationToken }
        : {}),
      access: await access,
    };
  }

  async details(id: string, key: string, ctx: CallContext) {
    const row = await this.authorized({
      id,
      ctx,
      permission: s3ObjectReadPermission,
      refusal: name => `You may not read the objects of resource ${name}`,
    });
    const settings = settingsOf(row);
    checkKey(key, settings.prefix ?? '');
    return this.head(await this.session(row, ctx), key);
  }

  async remove(id: string, key: string, ctx: CallContext): Promise<void> {
    await this.audited(ctx, id, 'object-delete', key, 'medium', async row => {
      const settings = await this.checked(row, ctx, key, {
        permission: s3ObjectDeletePermission,
        refusal: name => `You may not delete objects of resource ${name}`,
      });
      const refused = deleteUnavailable(settings);
      if (refused) throw new NotAllowedError(refused);
      await send(
        await this.session(row, ctx),
        new DeleteObjectCommand({ Bucket: settings.bucket, Key: key }),
        { action: 's3:DeleteObject', target: `object "${key}"` },
      );
    });
  }

  async link(
    id: string,
    request: { key: string; purpose: 'download' | 'preview' },
    ctx: CallContext,
  ): Promise<ObjectLink> {
    const action =
      request.purpose === 'download' ? 'object-download' : 'object-preview';
    return this.audited(ctx, id, action, request.key, 'low', async row => {
      await this.checked(row, ctx, request.key, {
        permission: s3ObjectReadPermission,
        refusal: name => `You may not read the objects of resource ${name}`,
      });
      const session = await this.session(row, ctx);
      const seconds = this.options.config.linkSeconds;
      if (request.purpose === 'download') {
        return {
          url: await this.signedGet(session, request.key, seconds, {
            ResponseContentDisposition: attachmentDisposition(request.key),
          }),
          expiresAt: expiry(session, seconds).toISOString(),
        };
      }
      const head = await this.head(session, request.key, { tags: false });
      const preview = previewOf(request.key, head.contentType);
      if (preview.kind === 'none') {
        return {
          url: await this.signedGet(session, request.key, seconds, {
            ResponseContentDisposition: attachmentDisposition(request.key),
          }),
          expiresAt: expiry(session, seconds).toISOString(),
          preview: 'none',
        };
      }
      return {
        url: await this.signedGet(session, request.key, seconds, {
          ResponseContentType: preview.responseType,
          ResponseContentDisposition: 'inline',
        }),
        expiresAt: expiry(session, seconds).toISOString(),
        preview: preview.kind,
        size: head.size,
        // a range on an empty object is answered 416
        ...(preview.kind === 'text' && head.size > 0
          ? { range: `bytes=0-${TEXT_PREVIEW_BYTES - 1}` }
          : {}),
      };
    });
  }

  async startUpload(
    id: string,
    request: { key: string; size: number; contentType?: string },
    ctx: CallContext,
  ): Promise<UploadGrant> {
    return this.audited(
      ctx,
      id,
      'object-upload',
      request.key,
      'medium',
      async row => {
        const settings = await this.checked(row, ctx, request.key, {
          permission: s3ObjectWritePermission,
          refusal: name => `You may not upload objects to resource ${name}`,
        });
        if (request.key.endsWith('/')) {
          throw new InputError(
            'key: must name an object, not a folder (ends with "/") [key-folder]',
          );
        }
        const capability = uploadCapability(settings);
        if (!capability.mode) throw new NotAllowedError(capability.unavailable);
        const { maxUploadBytes, uploadSeconds } = this.options.config;
        if (request.size > maxUploadBytes) {
          throw new InputError(
            `size: must be at most ${maxUploadBytes} bytes (s3Resources.objects.maxUploadBytes) [upload-size]`,
          );
        }
        if (capability.mode === 'post' && request.key.includes('${filename}')) {
          // the POST policy would then let the form choose any key under the prefix
          throw new InputError(
            'key: must not contain "${filename}" (a presigned POST would let the form choose the key) [key-placeholder]',
          );
        }
        if (
          request.contentType !== undefined &&
          !MEDIA_TYPE.test(request.contentType)
        ) {
          throw new InputError(
            'contentType: must be a media type such as text/plain or application/json; charset=utf-8 [content-type]',
          );
        }
        const partSize = partSizeFor(
          request.size,
          this.options.config.partBytes,
        );
        const multipart =
          capability.mode === 'multipart' && request.size > partSize;
        if (!multipart && request.size > MAX_SINGLE_UPLOAD_BYTES) {
          throw new InputError(
            `size: must be at most ${MAX_SINGLE_UPLOAD_BYTES} bytes in one request; larger files need the multipart upload mode [upload-size-single]`,
          );
        }
        return this.withSigningSession(
          row,
          ctx,
          uploadSeconds,
          async session => {
            const expiresAt = expiry(session, uploadSeconds);
            const options = uploadOptions(settings, request.contentType);
            if (multipart) {
              const created = await send(
                session,
                new CreateMultipartUploadCommand({
                  Bucket: settings.bucket,
                  Key: request.key,
                  ...options.params,
                }),
                { action: 's3:PutObject', target: `object "${request.key}"` },
              );
              const uploadId = created.UploadId!;
              const count = Math.ceil(request.size / partSize);
              const parts = await Promise.all(
                Array.from({ length: count }, async (_, i) => {
                  const length =
                    i === count - 1
                      ? request.size - partSize * (count - 1)
                      : partSize;
                  const url = await getSignedUrl(
                    session.s3,
                    new UploadPartCommand({
                      Bucket: settings.bucket,
                      Key: request.key,
                      UploadId: uploadId,
                      PartNumber: i + 1,
                      ContentLength: length,
                    }),
                    {
                      expiresIn: secondsUntil(expiresAt),
                      signableHeaders: new Set(['content-length']),
                    },
                  );
                  return { partNumber: i + 1, url };
                }),
              );
              return {
                mode: 'multipart',
                key: request.key,
                uploadId,
                partSize,
                parts,
                headers: {},
                expiresAt: expiresAt.toISOString(),
              };
            }
            if (capability.mode === 'post') {
              const post = await createPresignedPost(session.s3, {
                Bucket: settings.bucket,
                Key: request.key,
                Conditions: [
                  ['content-length-range', request.size, request.size],
                ],
                Fields: options.formFields,
                Expires: secondsUntil(expiresAt),
              });
              return {
                mode: 'post',
                key: request.key,
                url: post.url,
                fields: post.fields,
                expiresAt: expiresAt.toISOString(),
              };
            }
            const url = await getSignedUrl(
              session.s3,
              new PutObjectCommand({
                Bucket: settings.bucket,
                Key: request.key,
                ContentLength: request.size,
                ...options.params,
              }),
              {
                expiresIn: secondsUntil(expiresAt),
                signableHeaders: new Set([
                  'content-length',
                  ...Object.keys(options.headers),
                ]),
                unhoistableHeaders: new Set(Object.keys(options.headers)),
              },
            );
            return {
              mode: 'put' as const,
              key: request.key,
              url,
              headers: options.headers,
              expiresAt: expiresAt.toISOString(),
            };
          },
        );
      },
    );
  }

  async completeUpload(
    id: string,
    request: {
      key: string;
      uploadId: string;
      parts: Array<{ partNumber: number; etag: string }>;
    },
    ctx: CallContext,
  ): Promise<ObjectDetails> {
    return this.audited(
      ctx,
      id,
      'object-upload-complete',
      request.key,
      'medium',
      async row => {
        const settings = await this.checked(row, ctx, request.key, {
          permission: s3ObjectWritePermission,
          refusal: name => `You may not upload objects to resource ${name}`,
        });
        const session = await this.session(row, ctx);
        await send(
          session,
          new CompleteMultipartUploadCommand({
            Bucket: settings.bucket,
            Key: request.key,
            UploadId: request.uploadId,
            MultipartUpload: {
              Parts: [...request.parts]
                .sort((a, b) => a.partNumber - b.partNumber)
                .map(p => ({ PartNumber: p.partNumber, ETag: p.etag })),
            },
          }),
          { action: 's3:PutObject', target: `object "${request.key}"` },
        );
        return this.head(session, request.key);
      },
    );
  }

  async abortUpload(
    id: string,
    request: { key: string; uploadId: string },
    ctx: CallContext,
  ): Promise<void> {
    await this.audited(
      ctx,
      id,
      'object-upload-abort',
      request.key,
      'low',
      async row => {
        const settings = await this.checked(row, ctx, request.key, {
          permission: s3ObjectWritePermission,
          refusal: name => `You may not upload objects to resource ${name}`,
        });
        await send(
          await this.session(row, ctx),
          new AbortMultipartUploadCommand({
            Bucket: settings.bucket,
            Key: request.key,
            UploadId: request.uploadId,
          }),
          {
            action: 's3:AbortMultipartUpload',
            target: `object "${request.key}"`,
          },
        );
      },
    );
  }

  async share(
    id: string,
    request: { key: string; expiresInSeconds?: number },
    ctx: CallContext,
  ): Promise<ShareLink> {
    const { defaultShareSeconds, maxShareSeconds } = this.options.config;
    const actor = this.options.audit.actorOf(ctx.credentials);
    return this.audited(
      ctx,
      id,
      'share-link-create',
      request.key,
      'medium',
      async row => {
        await this.checked(row, ctx, request.key, {
          permission: s3ObjectReadPermission,
          refusal: name => `You may not share the objects of resource ${name}`,
        });
        const seconds = request.expiresInSeconds ?? defaultShareSeconds;
        if (seconds > maxShareSeconds) {
          throw new InputError(
            `expiresInSeconds: must be at most ${maxShareSeconds} (s3Resources.objects.maxShareSeconds) [share-expiry]`,
          );
        }
        await this.options.shareRateLimiter.take(actor);
        return this.withSigningSession(row, ctx, seconds, async session => {
          const head = await this.head(session, request.key, { tags: false });
          const url = await this.signedGet(session, request.key, seconds, {
            ResponseContentDisposition: attachmentDisposition(request.key),
          });
          const record: ShareLinkRecord = {
            id: randomUUID(),
            resourceId: row.id,
            resourceName: row.name,
            key: head.key,
            createdBy: actor,
            createdAt: new Date().toISOString(),
            expiresAt: expiry(session, seconds).toISOString(),
          };
          await this.options.shareLinks.record(record);
          return { ...record, url };
        });
      },
    );
  }

  /** What the caller may do with the objects of a resource they may read. */
  private async accessOf(
    row: ResourceRow,
    settings: ResourceSettings,
    ctx: CallContext,
  ): Promise<ObjectAccess> {
    const { permissions } = this.options;
    const [write, remove] = await Promise.all([
      permissions.allowsOn(s3ObjectWritePermission, row, ctx.credentials),
      permissions.allowsOn(s3ObjectDeletePermission, row, ctx.credentials),
    ]);
    const capability = uploadCapability(settings);
    const deleteRefused = deleteUnavailable(settings);
    const { maxUploadBytes, defaultShareSeconds, maxShareSeconds } =
      this.options.config;
    const uploadRefused = write
      ? capability.unavailable
      : `You may not upload objects to resource ${row.name}`;
    const removeRefused = remove
      ? deleteRefused
      : `You may not delete objects of resource ${row.name}`;
    return {
      read: true,
      upload: !uploadRefused,
      delete: !removeRefused,
      ...(uploadRefused ? { uploadUnavailable: uploadRefused } : {}),
      ...(removeRefused ? { deleteUnavailable: removeRefused } : {}),
      ...(capability.mode ? { uploadMode: capability.mode } : {}),
      maxUploadBytes,
      defaultShareSeconds,
      maxShareSeconds,
    };
  }

  private async head(
    session: BucketSession,
    key: string,
    options: { tags: boolean } = { tags: true },
  ): Promise<ObjectDetails> {
    const { bucket } = session.settings;
    const target = `object "${key}"`;
    const [head, tags] = await Promise.all([
      send(session, new HeadObjectCommand({ Bucket: bucket, Key: key }), {
        action: 's3:GetObject',
        target,
      }),
      options.tags
        ? session.s3
            .send(new GetObjectTaggingCommand({ Bucket: bucket, Key: key }))
            .then(
              out => ({
                tags: Object.fromEntries(
                  (out.TagSet ?? []).map(t => [t.Key ?? '', t.Value ?? '']),
                ),
              }),
              () => ({
                tagsUnavailable:
                  "The resource's credentials may not read this object's tags (s3:GetObjectTagging)",
              }),
            )
        : Promise.resolve({}),
    ]);
    return {
      key,
      size: head.ContentLength ?? 0,
      ...(head.LastModified
        ? { lastModified: head.LastModified.toISOString() }
        : {}),
      ...(head.ETag ? { etag: head.ETag } : {}),
      ...(head.StorageClass ? { storageClass: head.StorageClass } : {}),
      ...(head.ContentType ? { contentType: head.ContentType } : {}),
      ...(head.ContentDisposition
        ? { contentDisposition: head.ContentDisposition }
        : {}),
      ...(head.CacheControl ? { cacheControl: head.CacheControl } : {}),
      ...(head.VersionId ? { versionId: head.VersionId } : {}),
      ...(head.ServerSideEncryption
        ? { serverSideEncryption: head.ServerSideEncryption }
        : {}),
      metadata: head.Metadata ?? {},
      ...tags,
      preview: previewOf(key, head.ContentType).kind,
    };
  }

  private signedGet(
    session: BucketSession,
    key: string,
    seconds: number,
    response: {
      ResponseContentType?: string;
      ResponseContentDisposition?: string;
    },
  ): Promise<string> {
    return getSignedUrl(
      session.s3,
      new GetObjectCommand({
        Bucket: session.settings.bucket,
        Key: key,
        ...response,
      }),
      { expiresIn: secondsUntil(expiry(session, seconds)) },
    );
  }

  /** Loads the resource and checks the object permission (404 when hidden, 403 when refused). */
  private async authorized(op: Op): Promise<ResourceRow> {
    const row = await this.options.resources.access.actionable(
      op.id,
      op.ctx.credentials,
      { permission: op.permission, refusal: r => op.refusal(r.name) },
    );
    this.options.resources.assertOwnerMayUseAccounts(row);
    return row;
  }

  /**
   * Checks the object permission on a loaded row and `key` against its
   * prefix; answers the resource's settings.
   */
  private async checked(
    row: ResourceRow,
    ctx: CallContext,
    key: string,
    op: Pick<Op, 'permission' | 'refusal'>,
  ): Promise<ResourceSettings> {
    if (
      !(await this.options.permissions.allowsOn(
        op.permission,
        row,
        ctx.credentials,
      ))
    ) {
      throw new NotAllowedError(op.refusal(row.name));
    }
    this.options.resources.assertOwnerMayUseAccounts(row);
    const settings = settingsOf(row);
    checkKey(key, settings.prefix ?? '');
    return settings;
  }

  /** Runs a write or a link as one audit event naming the resource and the key. */
  private async audited<T>(
    ctx: CallContext,
    id: string,
    action: string,
    key: string,
    severityLevel: AuditEntry['severityLevel'],
    fn: (row: ResourceRow) => Promise<T>,
  ): Promise<T> {
    return this.options.audit.run(
      ctx,
      {
        action,
        severityLevel,
        resourceId: id,
        objectKey: printable(key).slice(0, 1024),
      },
      async describe => {
        const row = await this.options.resources.access.readable(
          id,
          ctx.credentials,
        );
        describe({ resourceName: row.name });
        return fn(row);
      },
    );
  }

  private async session(
    row: ResourceRow,
    ctx: CallContext,
  ): Promise<BucketSession> {
    const target = await this.resolveTarget(row);
    return this.options.sessions.session(
      target,
      this.options.audit.actorOf(ctx.credentials),
    );
  }

  /**
   * Runs `fn` with a session fit to sign for `seconds`: a role's session of
   * its own (the cached one may end sooner), closed afterwards; otherwise
   * the cached session.
   */
  private async withSigningSession<T>(
    row: ResourceRow,
    ctx: CallContext,
    seconds: number,
    fn: (session: BucketSession) => Promise<T>,
  ): Promise<T> {
    const target = await this.resolveTarget(row);
    if (target.auth.method !== 'assume-role') {
      return fn(await this.session(row, ctx));
    }
    const session = await this.options.sessions.dedicated(
      target,
      this.options.audit.actorOf(ctx.credentials),
      seconds,
    );
    try {
      return await fn(session);
    } finally {
      session.close();
    }
  }

  private async resolveTarget(row: ResourceRow): Promise<SessionTarget> {
    return objectTarget(row, await this.options.resources.secretOf(row));
  }
}

function checkKey(key: string, prefix: string, field = 'key', folder = false) {
  const violation = validateObjectKey(key, { prefix, field, folder });
  if (violation) {
    throw new InputError(
      `${violation.field}: ${violation.message} [${violation.rule}]`,
    );
  }
}

/**
 * A key as the audit trail shows it: one that was refused may hold control
 * or bidi characters, written out as \u{…} so a row cannot mislead.
 */
function printable(key: string): string {
  return key.replace(
    /[\p{Cc}\p{Cs}\p{Cf}\p{Zl}\p{Zp}]/gu,
    c => `\\u{${c.codePointAt(0)!.toString(16)}}`,
  );
}

/** Why deletes are not offered for a resource's access level, or nothing. */
function deleteUnavailable(settings: ResourceSettings): string | undefined {
  if (
    settings.accessLevel === 'read-write' ||
    settings.accessLevel === 'full'
  ) {
    return undefined;
  }
  if (
    settings.accessLevel === 'custom' &&
    (settings.customActions ?? []).some(a =>
      ['s3:DeleteObject', 's3:*'].includes(a),
    )
  ) {
    return undefined;
  }
  return `Resource ${settings.name} is registered for ${settings.accessLevel} access: its policy does not allow deleting objects`;
}

/** The part size: the configured one, larger when the file would need more than 10,000 parts. */
function partSizeFor(size: number, partBytes: number): number {
  return Math.max(partBytes, Math.ceil(size / MAX_PARTS));
}

/** The resource's default ACL and KMS key, as SDK parameters and as the headers a browser sends. */
function uploadOptions(settings: ResourceSettings, contentType?: string) {
  const acl = settings.defaultAcl !== 'none' ? settings.defaultAcl : undefined;
  const kms = settings.kmsKeyArn;
  const headers: Record<string, string> = {
    ...(contentType ? { 'content-type': contentType } : {}),
    ...(acl ? { 'x-amz-acl': acl } : {}),
    ...(kms
      ? {
          'x-amz-server-side-encryption': 'aws:kms',
          'x-amz-server-side-encryption-aws-kms-key-id': kms,
        }
      : {}),
  };
  return {
    headers,
    params: {
      ...(contentType ? { ContentType: contentType } : {}),
      ...(acl ? { ACL: acl } : {}),
      ...(kms
        ? { ServerSideEncryption: 'aws:kms' as const, SSEKMSKeyId: kms }
        : {}),
    },
    formFields: {
      ...(contentType ? { 'Content-Type': contentType } : {}),
      ...(acl ? { acl } : {}),
      ...(kms
        ? {
            'x-amz-server-side-encryption': 'aws:kms',
            'x-amz-server-side-encryption-aws-kms-key-id': kms,
          }
        : {}),
    },
  };
}

/** When a link signed now for `seconds` stops working: a role's session may end first. */
function expiry(session: BucketSession, seconds: number): Date {
  const wanted = new Date(Date.now() + seconds * 1000);
  return session.expiresAt && session.expiresAt < wanted
    ? session.expiresAt
    : wanted;
}

function secondsUntil(at: Date): number {
  return Math.max(1, Math.floor((at.getTime() - Date.now()) / 1000));
}

async function send<I extends S3Input, O extends S3Output>(
  session: BucketSession,
  command: $Command<I, O, S3ClientResolvedConfig, S3Input, S3Output>,
  call: { action: string; target: string },
): Promise<O> {
  try {
    return await session.s3.send(command);
  } catch (error) {
    throw bucketError(error, { ...call, settings: session.settings });
  }
}
