import { Alert, Button, Flex } from '@backstage/ui';
import { ErrorAlert } from '../common/ErrorAlert';
import { describeError } from '../common/errors';

/**
 * Why the folder could not be listed. A refusal (403) or a missing bucket
 * (404) is the state of the resource, said as a warning with the
 * backend's sentence; anything else is an error to retry.
 */
export function ListingError(props: {
  error: unknown;
  onRetry: () => void;
  /** Offered when the URL asked for a folder or key: back to the start. */
  onReset?: () => void;
}) {
  const described = describeError(props.error, 'list the objects');
  const known = described.status === 403 || described.status === 404;
  return (
    <Flex direction="column" gap="3" align="start">
      {known ? (
        <Alert
          role="alert"
          status="warning"
          icon
          title={
            described.status === 403
              ? 'The objects cannot be listed: refused'
              : 'The objects cannot be listed: not found'
          }
          description={`${described.description}${
            described.status === 404
              ? ' The connection test on the Connection tab says what the bucket answers.'
              : ''
          }`}
        />
      ) : (
        <ErrorAlert
          error={props.error}
          action="list the objects"
          onRetry={props.onRetry}
        />
      )}
      {props.onReset && (
        <Button variant="secondary" onPress={props.onReset}>
          Open the resource’s own folder
        </Button>
      )}
    </Flex>
  );
}
