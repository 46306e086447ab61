import { Text } from '@backstage/ui';
import { Discovery } from './importReducer';
import { plural } from './plural';

/** Announces how the discovery goes and how many buckets it found. */
export function DiscoveryStatus(props: {
  discovery: Discovery;
  found: number;
}) {
  const { discovery, found } = props;
  let text = '';
  if (discovery.phase === 'running') {
    text = `Discovering buckets… ${plural(
      found,
      'bucket',
      'buckets',
    )} found so far`;
  } else if (discovery.phase === 'done') {
    text = found
      ? `Found ${plural(found, 'bucket', 'buckets')}.`
      : 'These credentials see no buckets.';
  } else if (discovery.phase === 'cancelled') {
    text = `Discovery cancelled after ${plural(found, 'bucket', 'buckets')}.`;
  }
  return (
    <Text as="p" role="status" weight="bold">
      {text}
    </Text>
  );
}
