import { Alert, Button, Flex, Text, VisuallyHidden } from '@backstage/ui';
import { RiUploadLine } from '@remixicon/react';
import { ObjectAccess } from '@s3-resources/plugin-s3-resources-common';
import { useRef } from 'react';
import { ErrorAlert } from '../common/ErrorAlert';
import { CorsFix } from './CorsFix';
import { formatBytes } from './objectFormat';
import styles from './objects.module.css';
import { UploadState, useUpload } from './useUpload';

function UploadStatus(props: { state: UploadState; resourceId: string }) {
  const { state } = props;
  switch (state.phase) {
    case 'uploading':
      return (
        <Flex direction="column" gap="1">
          <Text as="span" role="status">
            Uploading {state.key}: {formatBytes(state.loaded)} of{' '}
            {formatBytes(state.total)}
          </Text>
          <progress
            className={styles.progress}
            aria-label={`Upload of ${state.key}`}
            value={state.loaded}
            max={Math.max(state.total, 1)}
          />
        </Flex>
      );
    case 'done':
      return (
        <Text as="span" role="status">
          Uploaded {state.key}.
        </Text>
      );
    case 'too-large':
      return (
        <Alert
          role="alert"
          status="warning"
          icon
          title="The file is too large"
          description={state.message}
        />
      );
    case 'blocked':
      return <CorsFix resourceId={props.resourceId} message={state.message} />;
    case 'failed':
      return <ErrorAlert error={state.error} action={`upload ${state.key}`} />;
    default:
      return null;
  }
}

/**
 * "Upload" into the folder listed, when the caller may; otherwise the reason
 * why not.
 */
export function UploadButton(props: {
  resourceId: string;
  access: ObjectAccess;
  folder: string;
  onUploaded: (key: string) => void;
}) {
  const input = useRef<HTMLInputElement>(null);
  const { state, upload, dismiss } = useUpload({
    resourceId: props.resourceId,
    access: props.access,
    onUploaded: props.onUploaded,
  });
  if (!props.access.upload) {
    return (
      <Text as="p" color="secondary">
        {props.access.uploadUnavailable ??
          'Uploads are not offered for this resource.'}
      </Text>
    );
  }
  return (
    <Flex direction="column" gap="2">
      <Flex gap="2" align="center">
        <Button
          variant="secondary"
          iconStart={<RiUploadLine />}
          onPress={() => input.current?.click()}
          isPending={state.phase === 'uploading'}
        >
          Upload
        </Button>
        <Text as="span" variant="body-small" color="secondary">
          Up to {formatBytes(props.access.maxUploadBytes)}, into this folder.
        </Text>
        <VisuallyHidden>
          <input
            ref={input}
            type="file"
            aria-label="File to upload"
            tabIndex={-1}
            onChange={event => {
              const file = event.target.files?.[0];
              event.target.value = '';
              if (file) {
                dismiss();
                upload(file, props.folder);
              }
            }}
          />
        </VisuallyHidden>
      </Flex>
      <UploadStatus state={state} resourceId={props.resourceId} />
    </Flex>
  );
}
