import { useApi } from '@backstage/core-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  Button,
  Dialog,
  DialogBody,
  DialogFooter,
  DialogHeader,
  Flex,
  Text,
} from '@backstage/ui';
import {
  ReconciliationEntry,
  s3ResourceUpdatePermission,
} from '@s3-resources/plugin-s3-resources-common';
import { useState } from 'react';
import { s3ResourcesApiRef } from '../../api/S3ResourcesApi';
import { CodeBlock } from '../common/CodeBlock';
import { CopyButton } from '../common/CopyButton';
import { ErrorAlert } from '../common/ErrorAlert';

/**
 * The two ways to align an owner: the resource takes the tag's owner (an
 * update, `s3.resource.update`), or the bucket's tag takes the catalog
 * owner (the AWS CLI command, which keeps the other tags).
 */
export function AlignOwnerDialog(props: {
  entry: ReconciliationEntry;
  onClose: () => void;
  onAligned: () => void;
}) {
  const { entry } = props;
  const api = useApi(s3ResourcesApiRef);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>();
  const mayUpdate = usePermission({
    permission: s3ResourceUpdatePermission,
    resourceRef: entry.resourceId,
  });

  const useTagOwner = async () => {
    setSaving(true);
    setError(undefined);
    try {
      const resource = await api.getResource(entry.resourceId!).catch(e => {
        throw new Error(
          `${entry.resourceName} could not be read to update it (${
            (e as Error).message
          }); updating its owner needs the right to read and update it`,
        );
      });
      await api.updateResource(resource.id, {
        version: resource.version,
        owner: entry.tagOwner!,
      });
      props.onAligned();
    } catch (e) {
      setError(e);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Dialog isOpen width={720} onOpenChange={open => !open && props.onClose()}>
      <DialogHeader>Align the owner of {entry.resourceName}</DialogHeader>
      <DialogBody>
        <Flex direction="column" gap="3">
          <Text as="p">{entry.message}.</Text>
          <Text as="h3" variant="body-medium" weight="bold">
            The catalog follows the tag
          </Text>
          <Text as="p">
            Make {entry.tagOwner} the owner of {entry.resourceName}. This needs
            the right to update the resource; the change is audited.
          </Text>
          {mayUpdate.allowed && (
            <Flex>
              <Button
                variant="primary"
                onPress={useTagOwner}
                isPending={saving}
              >
                Make {entry.tagOwner} the owner
              </Button>
            </Flex>
          )}
          {!mayUpdate.loading && !mayUpdate.allowed && (
            <Text as="p" color="secondary">
              You may not update {entry.resourceName}: its owner or the platform
              group can make this change.
            </Text>
          )}
          {error !== undefined && (
            <ErrorAlert error={error} action="update the owner" />
          )}
          {entry.alignCommand && (
            <>
              <Text as="h3" variant="body-medium" weight="bold">
                The tag follows the catalog
              </Text>
              <Text as="p">
                Set the tag {entry.tagKey} of bucket {entry.bucket} to{' '}
                {entry.owner} with credentials that may tag it. The command
                sends the whole tag set, the other tags as last read.
              </Text>
              <Flex align="start" gap="2">
                <CodeBlock label="put-bucket-tagging command" wrap>
                  {entry.alignCommand}
                </CodeBlock>
                <CopyButton
                  text={entry.alignCommand}
                  label="Copy put-bucket-tagging command"
                />
              </Flex>
            </>
          )}
        </Flex>
      </DialogBody>
      <DialogFooter>
        <Button variant="secondary" onPress={props.onClose}>
          Close
        </Button>
      </DialogFooter>
    </Dialog>
  );
}
