import '@testing-library/jest-dom';
import { configure } from '@testing-library/react';

// The suites run in parallel workers; give lazy UI and async updates time on a busy machine.
configure({ asyncUtilTimeout: 5000 });
jest.setTimeout(30_000);

// jsdom has no CSS namespace; react-aria's collections call CSS.escape.
if (typeof (globalThis as any).CSS === 'undefined') {
  (globalThis as any).CSS = {
    escape: (value: string) =>
      String(value).replace(/[^a-zA-Z0-9_-]/g, c => `\\${c}`),
    supports: () => false,
  };
}
