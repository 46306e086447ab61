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
import { useState } from 'react';
import { s3ResourcesApiRef } from '../../api/S3ResourcesApi';
import { ErrorAlert } from '../common/ErrorAlert';
import styles from './objects.module.css';

/** Asks before deleting an object, naming its whole key. */
export function DeleteObjectDialog(props: {
  resourceId: string;
  objectKey: string;
  onClose: () => void;
  onDeleted: () => void;
}) {
  const api = useApi(s3ResourcesApiRef);
  const [deleting, setDeleting] = useState(false);
  const [error, setError] = useState<unknown>();

  const remove = async () => {
    setDeleting(true);
    setError(undefined);
    try {
      await api.deleteObject(props.resourceId, props.objectKey);
      props.onDeleted();
    } catch (e) {
      setError(e);
      setDeleting(false);
    }
  };

  return (
    <Dialog isOpen onOpenChange={open => !open && props.onClose()}>
      <DialogHeader>Delete this object?</DialogHeader>
      <DialogBody>
        <Flex direction="column" gap="3">
          <Text as="p" className={styles.url}>
            {props.objectKey}
          </Text>
          <Text as="p">
            It is deleted from the bucket. On a bucket with versioning, earlier
            versions stay until its lifecycle rules remove them.
          </Text>
          {error !== undefined && (
            <ErrorAlert error={error} action="delete the object" />
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
