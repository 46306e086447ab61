/**
 * Stands in for the browser's copy command, which jsdom lacks, and returns
 * a mock called with each copied text.
 */
export function mockClipboard(): jest.Mock<void, [string]> {
  const copied = jest.fn<void, [string]>();
  Object.defineProperty(document, 'execCommand', {
    configurable: true,
    value: (command: string) => {
      if (command !== 'copy') return false;
      copied(document.getSelection()?.toString() ?? '');
      return true;
    },
  });
  return copied;
}
