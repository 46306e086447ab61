import { useApi } from '@backstage/core-plugin-api';
import {
  Button,
  Dialog,
  DialogBody,
  DialogFooter,
  DialogHeader,
  Flex,
  Skeleton,
  Text,
} from '@backstage/ui';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { s3ResourcesApiRef } from '../../api/S3ResourcesApi';
import { CodeBlock } from '../common/CodeBlock';
import { ErrorAlert } from '../common/ErrorAlert';
import styles from './objects.module.css';

type Preview =
  | { kind: 'image' | 'pdf'; url: string }
  | { kind: 'text'; text: string; truncated: boolean }
  | { kind: 'none' };

/** Said when the browser could not read the bucket's answer at all. */
export const PREVIEW_BLOCKED =
  "The bucket's CORS rules blocked the preview from this origin: apply the CORS configuration of the Policies tab to the bucket, or download the object instead.";

/** The first bytes of a text object, fetched from the bucket with the link's Range. */
async function readText(url: string, range: string | undefined, size?: number) {
  let response: Response;
  try {
    response = await fetch(url, {
      headers: range ? { Range: range } : undefined,
    });
  } catch {
    // a network error here is what a CORS refusal looks like to a page
    throw new Error(PREVIEW_BLOCKED);
  }
  if (!response.ok) {
    throw new Error(`The bucket refused the preview (HTTP ${response.status})`);
  }
  const text = await response.text();
  return {
    text,
    truncated:
      size !== undefined && size > new TextEncoder().encode(text).length,
  };
}

/**
 * Shows an object from the bucket's own origin, never as HTML in the
 * portal's: an image in <img>, text as text in <pre>, a PDF in <object>.
 */
export function PreviewDialog(props: {
  resourceId: string;
  objectKey: string;
  onDownload: () => void;
  onClose: () => void;
}) {
  const api = useApi(s3ResourcesApiRef);
  const preview = useAsyncRetry(async (): Promise<Preview> => {
    const link = await api.linkObject(
      props.resourceId,
      props.objectKey,
      'preview',
    );
    if (link.preview === 'image' || link.preview === 'pdf') {
      return { kind: link.preview, url: link.url };
    }
    if (link.preview === 'text') {
      return {
        kind: 'text',
        ...(await readText(link.url, link.range, link.size)),
      };
    }
    return { kind: 'none' };
  }, [api, props.resourceId, props.objectKey]);

  const value = preview.value;
  return (
    <Dialog isOpen onOpenChange={open => !open && props.onClose()} width={880}>
      <DialogHeader>Preview of {props.objectKey}</DialogHeader>
      <DialogBody>
        <Flex direction="column" gap="3">
          {preview.loading && (
            <Skeleton
              width="100%"
              height={240}
              aria-label="Loading the preview"
            />
          )}
          {preview.error && (
            <ErrorAlert
              error={preview.error}
              action="preview the object"
              onRetry={preview.retry}
            />
          )}
          {value?.kind === 'image' && (
            <img
              className={styles.image}
              src={value.url}
              alt={`Preview of ${props.objectKey}`}
            />
          )}
          {value?.kind === 'pdf' && (
            <object
              className={styles.pdf}
              data={value.url}
              type="application/pdf"
              aria-label={`Preview of ${props.objectKey}`}
            >
              <Text as="p">This browser does not show PDFs: download it.</Text>
            </object>
          )}
          {value?.kind === 'text' && (
            <>
              <CodeBlock label={`Text of ${props.objectKey}`} wrap>
                {value.text}
              </CodeBlock>
              {value.truncated && (
                <Text as="p" color="secondary">
                  Only the beginning is shown; download the object for all of
                  it.
                </Text>
              )}
            </>
          )}
          {value?.kind === 'none' && (
            <Text as="p">
              The portal does not preview this type of object; download it
              instead.
            </Text>
          )}
        </Flex>
      </DialogBody>
      <DialogFooter>
        <Button variant="secondary" onPress={props.onDownload}>
          Download
        </Button>
      </DialogFooter>
    </Dialog>
  );
}
