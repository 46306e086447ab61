import { mockServices } from '@backstage/backend-test-utils';
import {
  TestBucket,
  createTestBucket,
  createTestDatabases,
  getTestS3,
  putTestObjects,
} from '@internal/s3-test-harness';
import { Knex } from 'knex';
import {
  PortalBackend,
  allowLocalEndpoint,
  startPortalBackend,
} from './__testUtils__/portalBackend';

jest.setTimeout(180_000);

/**
 * A resource's objects on Ceph RGW through the portal with the shipped
 * policy: confinement to the prefix however the key is written, previews
 * that never serve active content, uploads (single and multipart) that go
 * straight to the bucket, deletes, and share links that are capped,
 * recorded and visible to their issuer and the platform only. Users:
 * alice in team-a (owner), bob in team-b, carol in platform-team.
 */

const API = '/api/s3-resources';
const MIB = 1024 * 1024;

describe('objects of a registered bucket', () => {
  const databases = createTestDatabases();

  describe.each(databases.eachSupportedId())('on %p', databaseId => {
    let knex: Knex;
    let portal: PortalBackend;
    let bucket: TestBucket;
    let id = '';
    let readOnlyId = '';
    let postId = '';
    let goneId = '';

    beforeAll(async () => {
      const s3 = getTestS3();
      bucket = await createTestBucket('objects');
      await putTestObjects(bucket, {
        'app/a.txt': 'inside',
        'app/empty.txt': '',
        'app/page.html': {
          body: '<script>alert(1)</script>',
          contentType: 'text/html',
        },
        // HTML under a .txt name
        'app/lying.txt': {
          body: '<script>alert(1)</script>',
          contentType: 'text/html',
        },
        'app/drawing.svg': {
          body: '<svg onload="alert(1)"/>',
          contentType: 'image/svg+xml',
        },
        'web/secret.txt': 'outside the prefix',
      });

      knex = await databases.init(databaseId);
      portal = await startPortalBackend({
        database: mockServices.database.factory({ knex }),
        s3Resources: {
          ...allowLocalEndpoint(s3.endpoint),
          objects: {
            maxUploadBytes: 8 * MIB,
            partBytes: 5 * MIB,
            maxShareSeconds: 600,
            defaultShareSeconds: 300,
          },
        },
      });
      const register = async (name: string, extra: object) => {
        const res = await portal.call('alice', 'POST', `${API}/resources`, {
          name,
          owner: 'group:default/team-a',
          provider: 'ceph-rgw',
          bucket: bucket.bucket,
          endpoint: s3.endpoint,
          prefix: 'app/',
          auth: {
            method: 'access-key',
            accessKeyId: s3.users.tester.accessKeyId,
            secretAccessKey: s3.users.tester.secretAccessKey,
          },
          ...extra,
        });
        expect([res.status, res.json?.error?.message]).toEqual([
          201,
          undefined,
        ]);
        return res.json.id as string;
      };
      id = await register(`objects-rw-${databaseId.toLowerCase()}`, {
        accessLevel: 'read-write',
        cors: { origins: ['http://localhost:3000'], uploadMode: 'multipart' },
      });
      readOnlyId = await register(`objects-ro-${databaseId.toLowerCase()}`, {
        accessLevel: 'read',
        prefix: 'web/',
      });
      postId = await register(`objects-post-${databaseId.toLowerCase()}`, {
        accessLevel: 'read-write',
        prefix: 'post/',
        cors: {
          origins: ['http://localhost:3000'],
          uploadMode: 'presigned-post',
        },
      });
      goneId = await register(`objects-gone-${databaseId.toLowerCase()}`, {
        bucket: `${bucket.bucket}-gone`,
      });
    });
    afterAll(async () => {
      await portal?.stop();
      await bucket?.cleanup();
    });

    const objects = (query: string, user = 'alice') =>
      portal.call(user, 'GET', `${API}/resources/${id}/objects${query}`);
    const details = (key: string, user = 'alice') =>
      portal.call(
        user,
        'GET',
        `${API}/resources/${id}/objects/details?key=${encodeURIComponent(key)}`,
      );
    const link = (key: string, purpose: 'download' | 'preview') =>
      portal.call('alice', 'POST', `${API}/resources/${id}/objects/links`, {
        key,
        purpose,
      });

    it('lists only what is under the prefix, and refuses keys outside it however written', async () => {
      const root = await objects('');
      expect(root.status).toBe(200);
      expect(root.json.folder).toBe('app/');
      expect(root.json.objects.map((o: { key: string }) => o.key)).toEqual([
        'app/a.txt',
        'app/drawing.svg',
        'app/empty.txt',
        'app/lying.txt',
        'app/page.html',
      ]);
      expect(root.json.access).toMatchObject({
        read: true,
        upload: true,
        delete: true,
        uploadMode: 'multipart',
      });

      expect((await details('app/a.txt')).json).toMatchObject({
        key: 'app/a.txt',
        size: 6,
        preview: 'text',
      });
      const outside = [
        'web/secret.txt',
        'app/../web/secret.txt',
        '/app/../web/secret.txt',
        'app/%2e%2e/web/secret.txt',
        'app/%2E%2E%2Fweb/secret.txt',
        'app/\uFF0E\uFF0E/web/secret.txt',
        'app//../web/secret.txt',
      ];
      for (const key of outside) {
        const res = await details(key);
        expect([key, res.status, res.json?.error?.message]).toEqual([
          key,
          400,
          expect.stringMatching(/^key: .*\[key-[a-z-]+\]$/),
        ]);
      }
      const folder = await objects('?folder=web/');
      expect([folder.status, folder.json.error.message]).toEqual([
        400,
        expect.stringMatching(/^folder: .*\[key-outside-prefix\]$/),
      ]);
    });

    it('links downloads as attachments and previews as inert content', async () => {
      const download = await link('app/a.txt', 'download');
      expect(download.status).toBe(200);
      expect(new URL(download.json.url).origin).toBe(getTestS3().endpoint);
      const file = await fetch(download.json.url);
      expect(await file.text()).toBe('inside');
      expect(file.headers.get('content-disposition')).toMatch(/^attachment/);

      // stored as HTML under a .txt name: no preview, only a download
      const lying = await link('app/lying.txt', 'preview');
      expect(lying.json.preview).toBe('none');
      const lyingFile = await fetch(lying.json.url);
      expect(lyingFile.headers.get('content-disposition')).toMatch(
        /^attachment/,
      );
      for (const key of ['app/page.html', 'app/drawing.svg']) {
        expect((await link(key, 'preview')).json.preview).toBe('none');
      }

      const text = await link('app/a.txt', 'preview');
      expect(text.json).toMatchObject({
        preview: 'text',
        range: 'bytes=0-65535',
      });
      const shown = await fetch(text.json.url, {
        headers: { range: text.json.range },
      });
      expect(shown.headers.get('content-type')).toBe(
        'text/plain; charset=utf-8',
      );
    });

    it('uploads straight to the bucket, in parts when large, within the size limit', async () => {
      const start = (key: string, size: number) =>
        portal.call('alice', 'POST', `${API}/resources/${id}/objects/uploads`, {
          key,
          size,
          contentType: 'text/plain',
        });
      const small = await start('app/up/small.txt', 5);
      expect(small.json.mode).toBe('put');
      const put = await fetch(small.json.url, {
        method: 'PUT',
        headers: small.json.headers,
        body: 'small',
      });
      expect(put.status).toBe(200);
      // the signed length is the announced one
      const longer = await fetch(small.json.url, {
        method: 'PUT',
        headers: small.json.headers,
        body: 'longer than announced',
      });
      expect(longer.status).toBe(403);

      const size = 6 * MIB + 7;
      const big = await start('app/up/big.bin', size);
      expect([big.json.mode, big.json.parts.length, big.json.partSize]).toEqual(
        ['multipart', 2, 5 * MIB],
      );
      const parts = [];
      for (const part of big.json.parts) {
        const from = (part.partNumber - 1) * big.json.partSize;
        const length = Math.min(big.json.partSize, size - from);
        const res = await fetch(part.url, {
          method: 'PUT',
          body: Buffer.alloc(length, part.partNumber),
        });
        expect(res.status).toBe(200);
        parts.push({
          partNumber: part.partNumber,
          etag: res.headers.get('etag'),
        });
      }
      const done = await portal.call(
        'alice',
        'POST',
        `${API}/resources/${id}/objects/uploads/complete`,
        { key: 'app/up/big.bin', uploadId: big.json.uploadId, parts },
      );
      expect([done.status, done.json.size]).toEqual([200, size]);

      const tooBig = await start('app/up/huge.bin', 8 * MIB + 1);
      expect([tooBig.status, tooBig.json.error.message]).toEqual([
        400,
        expect.stringMatching(
          /^size: must be at most 8388608 bytes .*\[upload-size\]$/,
        ),
      ]);
      const outside = await start('web/planted.txt', 5);
      expect(outside.status).toBe(400);

      const readOnly = await portal.call(
        'alice',
        'POST',
        `${API}/resources/${readOnlyId}/objects/uploads`,
        { key: 'web/x.txt', size: 1 },
      );
      expect([readOnly.status, readOnly.json.error.message]).toEqual([
        403,
        expect.stringContaining('registered for read access'),
      ]);
      const listing = await portal.call(
        'alice',
        'GET',
        `${API}/resources/${readOnlyId}/objects`,
      );
      expect(listing.json.access).toMatchObject({
        upload: false,
        delete: false,
      });
    });

    it('uploads by presigned POST, and refuses a key the form could choose', async () => {
      const start = (body: object) =>
        portal.call(
          'alice',
          'POST',
          `${API}/resources/${postId}/objects/uploads`,
          body,
        );
      const placeholder = await start({ key: 'post/${filename}', size: 5 });
      expect([placeholder.status, placeholder.json.error.message]).toEqual([
        400,
        expect.stringMatching(/^key: .*\[key-placeholder\]$/),
      ]);
      const header = await start({
        key: 'post/a.txt',
        size: 5,
        contentType: 'text/plain\r\nx-amz-acl: public-read',
      });
      expect([header.status, header.json.error.message]).toEqual([
        400,
        expect.stringMatching(/^contentType: .*\[content-type\]$/),
      ]);
      const grant = await start({
        key: 'post/a.txt',
        size: 5,
        contentType: 'text/plain',
      });
      expect(grant.json.mode).toBe('post');
      const form = new FormData();
      for (const [name, value] of Object.entries(grant.json.fields)) {
        form.append(name, value as string);
      }
      form.append('file', new Blob(['hello']), 'a.txt');
      const posted = await fetch(grant.json.url, {
        method: 'POST',
        body: form,
      });
      expect(posted.status).toBe(204);
      const stored = await portal.call(
        'alice',
        'GET',
        `${API}/resources/${postId}/objects/details?key=post/a.txt`,
      );
      expect([stored.json.size, stored.json.contentType]).toEqual([
        5,
        'text/plain',
      ]);
    });

    it('says what is missing, the bucket or the upload, and previews an empty text', async () => {
      const gone = await portal.call(
        'alice',
        'GET',
        `${API}/resources/${goneId}/objects`,
      );
      expect([gone.status, gone.json.error.message]).toEqual([
        404,
        `Bucket "${bucket.bucket}-gone" does not exist.`,
      ]);
      const abort = await portal.call(
        'alice',
        'POST',
        `${API}/resources/${id}/objects/uploads/abort`,
        { key: 'app/none.bin', uploadId: 'no-such-upload' },
      );
      expect([abort.status, abort.json.error.message]).toEqual([
        404,
        expect.stringMatching(
          /^The upload of object "app\/none.bin" no longer exists/,
        ),
      ]);
      const empty = await link('app/empty.txt', 'preview');
      expect(empty.json).toMatchObject({ preview: 'text', size: 0 });
      expect(empty.json.range).toBeUndefined();
      expect((await fetch(empty.json.url)).status).toBe(200);
    });

    it('writes a refused key to the trail with its hidden characters spelled out', async () => {
      const res = await link('app/\u202etxt.exe', 'download');
      expect(res.status).toBe(400);
      const [row] = await knex('s3_resource_audit')
        .where({
          action: 'object-download',
          resource_id: id,
          outcome: 'failure',
        })
        .select('object_key');
      expect(row.object_key).toBe('app/\\u{202e}txt.exe');
    });

    it('deletes for the owner only, and audits it with the key', async () => {
      const key = 'app/up/small.txt';
      const path = `${API}/resources/${id}/objects?key=${key}`;
      expect((await portal.call('bob', 'DELETE', path)).status).toBe(403);
      expect((await portal.call('alice', 'DELETE', path)).status).toBe(204);
      expect((await details(key)).status).toBe(404);
      const rows = await knex('s3_resource_audit')
        .where({ action: 'object-delete', resource_id: id })
        .orderBy('seq')
        .select('actor', 'outcome', 'object_key');
      expect(rows).toEqual([
        { actor: 'user:default/bob', outcome: 'failure', object_key: key },
        { actor: 'user:default/alice', outcome: 'success', object_key: key },
      ]);
    });

    it('caps, records and shows share links to their issuer and the platform', async () => {
      const share = (body: object, user = 'alice') =>
        portal.call(user, 'POST', `${API}/resources/${id}/share-links`, body);
      const tooLong = await share({ key: 'app/a.txt', expiresInSeconds: 601 });
      expect([tooLong.status, tooLong.json.error.message]).toEqual([
        400,
        expect.stringMatching(/^expiresInSeconds: must be at most 600 /),
      ]);
      expect((await share({ key: 'app/a.txt' }, 'bob')).status).toBe(403);
      const shared = await share({ key: 'app/a.txt', expiresInSeconds: 120 });
      expect(shared.status).toBe(201);
      expect(await (await fetch(shared.json.url)).text()).toBe('inside');
      const lifetime =
        Date.parse(shared.json.expiresAt) - Date.parse(shared.json.createdAt);
      expect(Math.abs(lifetime - 120_000)).toBeLessThan(2_000);

      const list = (user: string, query = '') =>
        portal.call(user, 'GET', `${API}/share-links${query}`);
      const mine = await list('alice', `?resourceId=${id}`);
      expect(mine.json.items).toEqual([
        {
          id: shared.json.id,
          resourceId: id,
          resourceName: shared.json.resourceName,
          key: 'app/a.txt',
          createdBy: 'user:default/alice',
          createdAt: shared.json.createdAt,
          expiresAt: shared.json.expiresAt,
        },
      ]);
      expect(JSON.stringify(mine.json)).not.toContain('X-Amz-Signature');
      expect((await list('bob')).json.items).toEqual([]);
      const spying = await list('bob', '?createdBy=user:default/alice');
      expect([spying.status, spying.json.error.message]).toEqual([
        403,
        expect.stringMatching(/^createdBy: /),
      ]);
      const platform = await list('carol', `?resourceId=${id}`);
      expect(platform.json.items.map((l: { id: string }) => l.id)).toEqual([
        shared.json.id,
      ]);
      const csv = await list('carol', `?resourceId=${id}&format=csv`);
      expect(csv.text.split('\n')[0]).toBe(
        'createdAt,expiresAt,createdBy,resourceName,key,resourceId,id',
      );
      const audit = await knex('s3_resource_audit')
        .where({ action: 'share-link-create', resource_id: id })
        .orderBy('seq')
        .select('actor', 'outcome', 'object_key');
      expect(audit).toEqual([
        {
          actor: 'user:default/alice',
          outcome: 'failure',
          object_key: 'app/a.txt',
        },
        {
          actor: 'user:default/bob',
          outcome: 'failure',
          object_key: 'app/a.txt',
        },
        {
          actor: 'user:default/alice',
          outcome: 'success',
          object_key: 'app/a.txt',
        },
      ]);
    });
  });
});
