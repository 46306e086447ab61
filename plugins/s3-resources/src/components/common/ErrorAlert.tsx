import { Alert, Button } from '@backstage/ui';
import { describeError } from './errors';

/** An API error as a titled alert with the backend's explanation and an optional retry. */
export function ErrorAlert(props: {
  error: unknown;
  action?: string;
  onRetry?: () => void;
}) {
  const described = describeError(props.error, props.action);
  return (
    <Alert
      role="alert"
      status="danger"
      icon
      title={described.title}
      description={described.description}
      customActions={
        props.onRetry ? (
          <Button size="small" variant="secondary" onPress={props.onRetry}>
            Retry
          </Button>
        ) : undefined
      }
    />
  );
}
