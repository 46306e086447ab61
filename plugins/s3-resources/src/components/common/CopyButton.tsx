import { Button } from '@backstage/ui';
import { RiCheckLine, RiFileCopyLine } from '@remixicon/react';
import { useEffect, useState } from 'react';

async function writeClipboard(text: string) {
  if (navigator.clipboard?.writeText) {
    await navigator.clipboard.writeText(text);
    return;
  }
  // Older browsers and non-secure origins: a hidden textarea and execCommand.
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.opacity = '0';
  document.body.appendChild(area);
  area.select();
  const ok = document.execCommand('copy');
  document.body.removeChild(area);
  if (!ok) throw new Error('The browser refused to copy');
}

/** Copies `text`; the label turns into "Copied" (announced) for a moment. */
export function CopyButton(props: {
  text: string;
  /** What is copied, for the accessible name: "Copy IAM policy". */
  label: string;
  size?: 'small' | 'medium';
}) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  useEffect(() => {
    if (state === 'idle') return undefined;
    const timer = setTimeout(() => setState('idle'), 2500);
    return () => clearTimeout(timer);
  }, [state]);
  return (
    <>
      <Button
        size={props.size ?? 'small'}
        variant="secondary"
        iconStart={state === 'copied' ? <RiCheckLine /> : <RiFileCopyLine />}
        aria-label={props.label}
        onPress={() =>
          writeClipboard(props.text).then(
            () => setState('copied'),
            () => setState('failed'),
          )
        }
      >
        {state === 'copied' ? 'Copied' : 'Copy'}
      </Button>
      <span
        role="status"
        style={{
          position: 'absolute',
          width: 1,
          height: 1,
          overflow: 'hidden',
          clip: 'rect(0 0 0 0)',
        }}
      >
        {state === 'copied' && 'Copied to the clipboard'}
        {state === 'failed' && 'Copying failed: select the text and copy it'}
      </span>
    </>
  );
}
