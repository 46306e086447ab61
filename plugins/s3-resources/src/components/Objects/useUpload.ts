import { useApi } from '@backstage/core-plugin-api';
import { ObjectAccess } from '@s3-resources/plugin-s3-resources-common';
import { useCallback, useRef, useState } from 'react';
import { s3ResourcesApiRef } from '../../api/S3ResourcesApi';
import { formatBytes } from './objectFormat';
import { UploadBlockedError, transfer } from './uploadTransfer';

export type UploadState =
  | { phase: 'idle' }
  | { phase: 'uploading'; key: string; loaded: number; total: number }
  | { phase: 'done'; key: string }
  | { phase: 'too-large'; message: string }
  | { phase: 'blocked'; key: string; message: string }
  | { phase: 'failed'; key: string; error: unknown };

/**
 * Uploads a file straight from the browser to the bucket with a grant of
 * the backend; a multipart upload that fails is aborted so its parts do
 * not linger.
 */
export function useUpload(options: {
  resourceId: string;
  access: ObjectAccess;
  onUploaded: (key: string) => void;
}) {
  const api = useApi(s3ResourcesApiRef);
  const { resourceId, access, onUploaded } = options;
  const [state, setState] = useState<UploadState>({ phase: 'idle' });
  const busy = useRef(false);

  const upload = useCallback(
    async (file: File, folder: string) => {
      if (busy.current) return;
      const key = `${folder}${file.name}`;
      if (file.size > access.maxUploadBytes) {
        setState({
          phase: 'too-large',
          message: `${file.name} is ${formatBytes(
            file.size,
          )}; this resource takes files of at most ${formatBytes(
            access.maxUploadBytes,
          )}. Nothing was uploaded.`,
        });
        return;
      }
      busy.current = true;
      setState({ phase: 'uploading', key, loaded: 0, total: file.size });
      let uploadId: string | undefined;
      try {
        const grant = await api.startUpload(resourceId, {
          key,
          size: file.size,
          contentType: file.type || undefined,
        });
        if (grant.mode === 'multipart') uploadId = grant.uploadId;
        const parts = await transfer(grant, file, loaded =>
          setState({ phase: 'uploading', key, loaded, total: file.size }),
        );
        if (grant.mode === 'multipart') {
          await api.completeUpload(resourceId, {
            key,
            uploadId: grant.uploadId,
            parts,
          });
        }
        setState({ phase: 'done', key });
        onUploaded(key);
      } catch (error) {
        if (uploadId) {
          // best effort: the bucket's lifecycle rule is the backstop
          await api
            .abortUpload(resourceId, { key, uploadId })
            .catch(() => undefined);
        }
        setState(
          error instanceof UploadBlockedError
            ? { phase: 'blocked', key, message: error.message }
            : { phase: 'failed', key, error },
        );
      } finally {
        busy.current = false;
      }
    },
    [api, resourceId, access.maxUploadBytes, onUploaded],
  );

  return {
    state,
    upload,
    dismiss: useCallback(() => setState({ phase: 'idle' }), []),
  };
}
