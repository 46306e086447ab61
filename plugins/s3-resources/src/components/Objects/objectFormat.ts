const UNITS = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB'];

/** "512 bytes", "1.5 MiB". */
export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  if (unit === 0) return `${bytes} ${bytes === 1 ? 'byte' : 'bytes'}`;
  return `${value.toFixed(value < 10 ? 1 : 0)} ${UNITS[unit]}`;
}

/** The last segment of a key or folder: what a listing shows as its name. */
export function baseName(keyOrFolder: string): string {
  const trimmed = keyOrFolder.endsWith('/')
    ? keyOrFolder.slice(0, -1)
    : keyOrFolder;
  return trimmed.slice(trimmed.lastIndexOf('/') + 1) || keyOrFolder;
}
