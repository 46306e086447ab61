/** How the portal shows an object inline. */
export type PreviewKind = 'image' | 'text' | 'pdf' | 'none';

/** Raster images only: an SVG can carry script, so it is never previewed. */
const IMAGE_TYPES: Record<string, string> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  avif: 'image/avif',
  bmp: 'image/bmp',
};

const TEXT_EXTENSIONS = new Set([
  'txt',
  'text',
  'log',
  'csv',
  'tsv',
  'json',
  'ndjson',
  'jsonl',
  'md',
  'yaml',
  'yml',
  'toml',
  'ini',
  'conf',
]);

const TEXT_TYPES = new Set([
  'text/plain',
  'text/csv',
  'text/tab-separated-values',
  'text/markdown',
  'application/json',
  'application/x-ndjson',
  'application/yaml',
  'text/yaml',
]);

/** The first bytes of a text shown in a preview. */
export const TEXT_PREVIEW_BYTES = 64 * 1024;

/**
 * What a preview forces the bucket to answer with: never the type the
 * object was stored with (an uploader chooses it), but a fixed, inert one
 * for each kind. HTML, SVG, XML and anything unknown get no preview.
 */
export function previewOf(
  key: string,
  contentType: string | undefined,
): { kind: PreviewKind; responseType?: string } {
  const type = (contentType ?? '').split(';')[0].trim().toLowerCase();
  const extension = key.includes('.')
    ? key.slice(key.lastIndexOf('.') + 1).toLowerCase()
    : '';
  if (type.includes('html') || type.includes('svg') || type.includes('xml')) {
    return { kind: 'none' };
  }
  if (['html', 'htm', 'xhtml', 'svg', 'svgz', 'xml'].includes(extension)) {
    return { kind: 'none' };
  }
  const image =
    Object.values(IMAGE_TYPES).find(t => t === type) ?? IMAGE_TYPES[extension];
  if (
    image &&
    (type === '' ||
      type.startsWith('image/') ||
      type === 'application/octet-stream')
  ) {
    return { kind: 'image', responseType: image };
  }
  if (type === 'application/pdf' || extension === 'pdf') {
    return { kind: 'pdf', responseType: 'application/pdf' };
  }
  if (TEXT_TYPES.has(type) || TEXT_EXTENSIONS.has(extension)) {
    return { kind: 'text', responseType: 'text/plain; charset=utf-8' };
  }
  return { kind: 'none' };
}

/** `attachment` with the key's last segment as the file name, ASCII-safe and UTF-8. */
export function attachmentDisposition(key: string): string {
  const name = key.split('/').filter(Boolean).pop() ?? 'download';
  const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(
    name,
  )}`;
}
