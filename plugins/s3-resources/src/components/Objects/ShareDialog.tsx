import { useApi } from '@backstage/core-plugin-api';
import {
  Button,
  Dialog,
  DialogBody,
  DialogFooter,
  DialogHeader,
  Flex,
  Text,
  TextField,
} from '@backstage/ui';
import {
  ObjectAccess,
  ShareLink,
} from '@s3-resources/plugin-s3-resources-common';
import { useState } from 'react';
import { s3ResourcesApiRef } from '../../api/S3ResourcesApi';
import { CopyButton } from '../common/CopyButton';
import { ErrorAlert } from '../common/ErrorAlert';
import { formatDateTime } from '../common/time';
import styles from './objects.module.css';

export const IRREVOCABLE =
  'A presigned link cannot be revoked before it expires; the maximum expiry is the control.';

/** "1 hour", "90 minutes", "7 days": a number of minutes in words. */
export function formatMinutes(minutes: number): string {
  if (minutes % 1440 === 0) {
    const days = minutes / 1440;
    return `${days} ${days === 1 ? 'day' : 'days'}`;
  }
  if (minutes % 60 === 0) {
    const hours = minutes / 60;
    return `${hours} ${hours === 1 ? 'hour' : 'hours'}`;
  }
  return `${minutes} ${minutes === 1 ? 'minute' : 'minutes'}`;
}

/** Why the typed expiry is refused, or nothing. */
export function expiryProblem(
  text: string,
  maxMinutes: number,
): string | undefined {
  const value = Number(text.trim());
  if (!/^\d+$/.test(text.trim()) || value < 1) {
    return 'Expires in: enter a whole number of minutes, at least 1.';
  }
  if (value > maxMinutes) {
    return `Expires in: at most ${maxMinutes} minutes (${formatMinutes(
      maxMinutes,
    )}), the maximum set for this portal.`;
  }
  return undefined;
}

/**
 * A share link for one object: the expiry is chosen up to the operator's
 * maximum, and the URL is shown once, with a copy button.
 */
export function ShareDialog(props: {
  resourceId: string;
  objectKey: string;
  access: ObjectAccess;
  onClose: () => void;
}) {
  const api = useApi(s3ResourcesApiRef);
  const maxMinutes = Math.max(1, Math.floor(props.access.maxShareSeconds / 60));
  const [minutes, setMinutes] = useState(
    String(
      Math.min(
        maxMinutes,
        Math.max(1, Math.round(props.access.defaultShareSeconds / 60)),
      ),
    ),
  );
  const [touched, setTouched] = useState(false);
  const [creating, setCreating] = useState(false);
  const [error, setError] = useState<unknown>();
  const [link, setLink] = useState<ShareLink>();
  const problem = expiryProblem(minutes, maxMinutes);

  const create = async () => {
    setTouched(true);
    if (problem) return;
    setCreating(true);
    setError(undefined);
    try {
      setLink(
        await api.createShareLink(props.resourceId, {
          key: props.objectKey,
          expiresInSeconds: Number(minutes) * 60,
        }),
      );
    } catch (e) {
      setError(e);
    } finally {
      setCreating(false);
    }
  };

  return (
    <Dialog isOpen onOpenChange={open => !open && props.onClose()}>
      <DialogHeader>Share {props.objectKey}</DialogHeader>
      <DialogBody>
        <Flex direction="column" gap="3">
          {link ? (
            <>
              <Text as="p">
                Anyone with this link can download the object until{' '}
                {formatDateTime(link.expiresAt)}. It is shown only now: copy it.
              </Text>
              <Text as="p" className={styles.url} aria-label="Share link">
                {link.url}
              </Text>
              <div>
                <CopyButton text={link.url} label="Copy share link" />
              </div>
            </>
          ) : (
            <TextField
              label="Expires in (minutes)"
              description={`At most ${formatMinutes(maxMinutes)}.`}
              value={minutes}
              onChange={value => {
                setMinutes(value);
                setTouched(true);
              }}
              inputMode="numeric"
              validationBehavior="aria"
              validate={() => (touched && problem) || null}
            />
          )}
          <Text as="p" color="secondary">
            {IRREVOCABLE}
          </Text>
          {error !== undefined && (
            <ErrorAlert error={error} action="create the share link" />
          )}
        </Flex>
      </DialogBody>
      <DialogFooter>
        <Button variant="secondary" onPress={props.onClose}>
          {link ? 'Done' : 'Cancel'}
        </Button>
        {!link && (
          <Button variant="primary" onPress={create} isPending={creating}>
            Create link
          </Button>
        )}
      </DialogFooter>
    </Dialog>
  );
}
