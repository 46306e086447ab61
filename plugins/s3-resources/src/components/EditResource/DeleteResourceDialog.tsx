import { useApi } from '@backstage/core-plugin-api';
import {
  Button,
  Dialog,
  DialogBody,
  DialogFooter,
  DialogHeader,
  Flex,
  Text,
} from '@backstage/ui';
import { S3Resource } from '@s3-resources/plugin-s3-resources-common';
import { useState } from 'react';
import { s3ResourcesApiRef } from '../../api/S3ResourcesApi';
import { ErrorAlert } from '../common/ErrorAlert';

/**
 * Asks before deleting; says what goes and what stays. Reconciliation
 * retires a ghost resource with it, saying why in `reason`.
 */
export function DeleteResourceDialog(props: {
  resource: Pick<S3Resource, 'id' | 'name' | 'bucket'> & { title?: string };
  reason?: string;
  isOpen: boolean;
  onClose: () => void;
  onDeleted: () => void;
}) {
  const api = useApi(s3ResourcesApiRef);
  const [deleting, setDeleting] = useState(false);
  const [error, setError] = useState<unknown>();
  const name = props.resource.title || props.resource.name;

  const remove = async () => {
    setDeleting(true);
    setError(undefined);
    try {
      await api.deleteResource(props.resource.id);
      props.onDeleted();
    } catch (e) {
      setError(e);
    } finally {
      setDeleting(false);
    }
  };

  return (
    <Dialog
      isOpen={props.isOpen}
      onOpenChange={open => !open && props.onClose()}
    >
      <DialogHeader>Delete {name}?</DialogHeader>
      <DialogBody>
        <Flex direction="column" gap="3">
          {props.reason && <Text as="p">{props.reason}.</Text>}
          <Text as="p">
            This removes the registration of bucket{' '}
            <strong>{props.resource.bucket}</strong> from the portal, with its
            stored credentials and test history. Its catalog entity disappears
            at the next sync.
          </Text>
          <Text as="p">
            The bucket and its objects are not touched, and neither are the IAM
            policies you applied.
          </Text>
          {error !== undefined && (
            <ErrorAlert error={error} action="delete the resource" />
          )}
        </Flex>
      </DialogBody>
      <DialogFooter>
        <Button variant="secondary" onPress={props.onClose}>
          Cancel
        </Button>
        <Button
          variant="primary"
          destructive
          onPress={remove}
          isPending={deleting}
        >
          Delete
        </Button>
      </DialogFooter>
    </Dialog>
  );
}
