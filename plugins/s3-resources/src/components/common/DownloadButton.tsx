import { Button } from '@backstage/ui';
import { RiDownloadLine } from '@remixicon/react';

/** Saves a blob under `filename` through a temporary link. */
export function saveBlob(blob: Blob, filename: string) {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.appendChild(link);
  link.click();
  document.body.removeChild(link);
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/** Downloads `text` as a file (policies as .json). */
export function DownloadButton(props: {
  text: string;
  filename: string;
  /** Accessible name: "Download IAM policy". */
  label: string;
  mediaType?: string;
}) {
  return (
    <Button
      size="small"
      variant="secondary"
      iconStart={<RiDownloadLine />}
      aria-label={`${props.label} as ${props.filename}`}
      onPress={() =>
        saveBlob(
          new Blob([props.text], {
            type: props.mediaType ?? 'application/json',
          }),
          props.filename,
        )
      }
    >
      Download
    </Button>
  );
}
