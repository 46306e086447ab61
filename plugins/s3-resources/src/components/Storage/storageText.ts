import { StorageSample } from '@s3-resources/plugin-s3-resources-common';
import { formatRelativeTime } from '../common/time';

const compact = new Intl.NumberFormat('en-US', {
  notation: 'compact',
  maximumFractionDigits: 1,
});
const whole = new Intl.NumberFormat('en-US');

/** "950", "12,400", "2.1 M": exact below 100,000, compact above. */
export function formatCount(n: number): string {
  if (n < 100_000) return whole.format(n);
  return compact.format(n).replace(/(\d)([KMBT])$/, '$1 $2');
}

/** How far a scan got, in words: "2.1 M of about 5 M keys". */
export function scanProgressText(sample: StorageSample): string {
  const scanned = formatCount(sample.keysScanned);
  if (sample.complete) {
    return `scanned ${scanned} ${
      sample.keysScanned === 1 ? 'key' : 'keys'
    } ${formatRelativeTime(sample.takenAt)}`;
  }
  return sample.estimatedKeys
    ? `scanned ${scanned} of about ${formatCount(
        sample.estimatedKeys,
      )} keys so far`
    : `scanned ${scanned} keys so far`;
}
