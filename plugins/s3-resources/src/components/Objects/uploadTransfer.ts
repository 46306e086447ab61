import { UploadGrant } from '@s3-resources/plugin-s3-resources-common';

/**
 * The browser could not reach the bucket at all (status 0): what a CORS
 * refusal looks like from a page, since the browser hides the reason.
 */
export class UploadBlockedError extends Error {
  name = 'UploadBlockedError';
}

/** The bucket answered with an error status. */
export class UploadRefusedError extends Error {
  name = 'UploadRefusedError';
}

type Progress = (loaded: number) => void;

/** The <Message> of an S3 error document, if there is one. */
function s3Message(body: string): string | undefined {
  return body.match(/<Message>([^<]*)<\/Message>/)?.[1];
}

/** Sends one request with XMLHttpRequest, for its upload progress events. */
function send(
  method: 'PUT' | 'POST',
  url: string,
  body: Blob | FormData,
  headers: Record<string, string>,
  onProgress: Progress,
  signal?: AbortSignal,
): Promise<XMLHttpRequest> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open(method, url);
    for (const [name, value] of Object.entries(headers)) {
      xhr.setRequestHeader(name, value);
    }
    xhr.upload.onprogress = event => onProgress(event.loaded);
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        resolve(xhr);
        return;
      }
      const detail = s3Message(xhr.responseText ?? '') ?? xhr.statusText;
      reject(
        new UploadRefusedError(
          `The bucket refused the upload (HTTP ${xhr.status})${
            detail ? `: ${detail}` : ''
          }`,
        ),
      );
    };
    xhr.onerror = () =>
      reject(
        new UploadBlockedError(
          "The bucket's CORS rules blocked the upload from this origin",
        ),
      );
    xhr.onabort = () => reject(new DOMException('Aborted', 'AbortError'));
    signal?.addEventListener('abort', () => xhr.abort());
    xhr.send(body);
  });
}

/**
 * Sends `file` as the grant says: one PUT, a POST form (its fields first,
 * the file last), or the parts of a multipart upload, one after another.
 * Returns the ETags of the parts for a multipart upload.
 */
export async function transfer(
  grant: UploadGrant,
  file: Blob,
  onProgress: Progress,
  signal?: AbortSignal,
): Promise<Array<{ partNumber: number; etag: string }>> {
  if (grant.mode === 'put') {
    await send('PUT', grant.url, file, grant.headers, onProgress, signal);
    return [];
  }
  if (grant.mode === 'post') {
    const form = new FormData();
    for (const [name, value] of Object.entries(grant.fields)) {
      form.append(name, value);
    }
    form.append('file', file);
    await send('POST', grant.url, form, {}, onProgress, signal);
    return [];
  }
  const etags: Array<{ partNumber: number; etag: string }> = [];
  let done = 0;
  for (const part of grant.parts) {
    const start = (part.partNumber - 1) * grant.partSize;
    const slice = file.slice(start, start + grant.partSize);
    const before = done;
    const xhr = await send(
      'PUT',
      part.url,
      slice,
      grant.headers,
      loaded => onProgress(before + loaded),
      signal,
    );
    const etag = xhr.getResponseHeader('ETag');
    if (!etag) {
      throw new UploadBlockedError(
        "The bucket's CORS rules do not expose the ETag header, so the parts cannot be put together",
      );
    }
    etags.push({ partNumber: part.partNumber, etag });
    done += slice.size;
    onProgress(done);
  }
  return etags;
}
