import { Button, VisuallyHidden } from '@backstage/ui';
import { RiCheckLine, RiFileCopyLine } from '@remixicon/react';
import { useEffect, useState } from 'react';
import useCopyToClipboard from 'react-use/esm/useCopyToClipboard';

/**
 * Copies `text`; the label turns into "Copied" (announced) for a moment.
 * A labelled button rather than core-components' icon-only CopyTextButton,
 * whose tooltip screen readers do not announce.
 */
export function CopyButton(props: {
  text: string;
  /** What is copied, for the accessible name: "Copy IAM policy". */
  label: string;
  size?: 'small' | 'medium';
}) {
  const [copy, copyToClipboard] = useCopyToClipboard();
  const [shown, setShown] = useState(false);
  useEffect(() => {
    if (!shown) return undefined;
    const timer = setTimeout(() => setShown(false), 2500);
    return () => clearTimeout(timer);
  }, [shown, copy]);
  const copied = shown && !copy.error;
  return (
    <>
      <Button
        size={props.size ?? 'small'}
        variant="secondary"
        iconStart={copied ? <RiCheckLine /> : <RiFileCopyLine />}
        aria-label={props.label}
        onPress={() => {
          copyToClipboard(props.text);
          setShown(true);
        }}
      >
        {copied ? 'Copied' : 'Copy'}
      </Button>
      <VisuallyHidden role="status">
        {copied && 'Copied to the clipboard'}
        {shown && copy.error && 'Copying failed: select the text and copy it'}
      </VisuallyHidden>
    </>
  );
}
