/* eslint-disable jsx-a11y/no-noninteractive-tabindex -- a scrollable region must be reachable by keyboard to scroll it (WCAG 2.1.1) */
import { CSSProperties } from 'react';

const style: CSSProperties = {
  margin: 0,
  padding: 'var(--bui-space-3)',
  background: 'var(--bui-bg-neutral-2)',
  border: '1px solid var(--bui-border-1)',
  borderRadius: 'var(--bui-radius-2)',
  fontFamily: 'var(--bui-font-monospace)',
  fontSize: 'var(--bui-font-size-2)',
  lineHeight: 1.5,
  overflow: 'auto',
  maxHeight: 420,
  whiteSpace: 'pre',
};

/**
 * Preformatted text (policy JSON, CLI commands); focusable so keyboard users
 * can scroll it.
 */
export function CodeBlock(props: {
  children: string;
  label: string;
  /** Wrap long lines (commands) instead of scrolling sideways. */
  wrap?: boolean;
}) {
  return (
    <pre
      style={
        props.wrap
          ? { ...style, whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }
          : style
      }
      tabIndex={0}
      role="region"
      aria-label={props.label}
    >
      <code>{props.children}</code>
    </pre>
  );
}
