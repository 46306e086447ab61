import '@testing-library/jest-dom';

// jsdom has no CSS namespace; react-aria's collections call CSS.escape.
if (typeof (globalThis as any).CSS === 'undefined') {
  (globalThis as any).CSS = {
    escape: (value: string) =>
      String(value).replace(/[^a-zA-Z0-9_-]/g, c => `\\${c}`),
    supports: () => false,
  };
}

