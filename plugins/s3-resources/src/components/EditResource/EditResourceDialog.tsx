import { alertApiRef, useApi } from '@backstage/core-plugin-api';
import {
  Alert,
  Button,
  Checkbox,
  Dialog,
  DialogBody,
  DialogFooter,
  DialogHeader,
  Flex,
  PasswordField,
  Select,
  Text,
  TextAreaField,
  TextField,
} from '@backstage/ui';
import {
  OBJECT_CANNED_ACLS,
  PROVIDER_PROFILES,
  RuleViolation,
  S3Resource,
  TestRun,
} from '@s3-resources/plugin-s3-resources-common';
import { useState } from 'react';
import { s3ResourcesApiRef } from '../../api/S3ResourcesApi';
import { EntityRefPicker } from '../common/EntityRefPicker';
import { ErrorAlert } from '../common/ErrorAlert';
import { isConflict } from '../common/errors';
import { formatDateTime } from '../common/time';
import {
  EditFormValues,
  buildUpdate,
  canRotateAccessKey,
  failedSteps,
  formFieldOf,
  formValuesOf,
  sentence,
} from './editForm';

const ACCESS_LEVELS = [
  { id: 'read', label: 'Read' },
  { id: 'read-write', label: 'Read and write' },
  { id: 'full', label: 'Full (classic action list)' },
  { id: 'custom', label: 'Custom actions' },
];

const ACL_OPTIONS = [
  { id: 'none', label: 'None (send no ACL header)' },
  ...OBJECT_CANNED_ACLS.map(acl => ({ id: acl, label: acl })),
];

const UPLOAD_MODES = [
  { id: 'download-only', label: 'Download only' },
  { id: 'simple-put', label: 'Simple PUT (presigned PUT URLs)' },
  { id: 'presigned-post', label: 'Presigned POST (browser forms)' },
  { id: 'multipart', label: 'Multipart uploads' },
];

type Conflict = { yourVersion: number };

/**
 * Edits a resource's settings and rotates its access key. Only changed fields
 * are sent, with the version read; when someone else saved first (409) the
 * dialog explains it and reloads the latest version while keeping the edits.
 * New credentials are tested first, as the template tests them: a failed
 * test keeps the dialog open with the message at the field, nothing saved.
 */
export function EditResourceDialog(props: {
  resource: S3Resource;
  isOpen: boolean;
  onClose: () => void;
  onSaved: (
    resource: S3Resource,
    change: { credentialsChanged: boolean },
  ) => void;
}) {
  const api = useApi(s3ResourcesApiRef);
  const alertApi = useApi(alertApiRef);
  const [base, setBase] = useState(props.resource);
  const [values, setValues] = useState<EditFormValues>(() =>
    formValuesOf(props.resource),
  );
  const [touched, setTouched] = useState<Set<keyof EditFormValues>>(new Set());
  const [violations, setViolations] = useState<RuleViolation[]>([]);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>();
  const [conflict, setConflict] = useState<Conflict>();
  const [reloaded, setReloaded] = useState<S3Resource>();
  const [reloading, setReloading] = useState(false);
  /** The failed test of the new credentials, until they change. */
  const [refused, setRefused] = useState<TestRun>();
  const failed = refused ? failedSteps(refused) : undefined;

  const set = <K extends keyof EditFormValues>(
    key: K,
    value: EditFormValues[K],
  ) => {
    setValues(v => ({ ...v, [key]: value }));
    setTouched(t => new Set(t).add(key));
    setViolations(vs => vs.filter(v => formFieldOf(v.field) !== key));
    if (key === 'accessKeyId' || key === 'secretAccessKey') {
      setRefused(undefined);
    }
  };

  const messageFor = (key: keyof EditFormValues) => {
    const found = violations.find(v => formFieldOf(v.field) === key);
    // one plain message at the field; rule ids stay in the API's answers
    if (found) return sentence(found.message);
    return failed?.atField.get(key)?.message;
  };
  const unplaced = violations.filter(v => !formFieldOf(v.field));

  const save = async () => {
    setError(undefined);
    setConflict(undefined);
    setReloaded(undefined);
    setRefused(undefined);
    const { request, violations: found } = buildUpdate(base, values);
    setViolations(found);
    if (!request) return;
    if (Object.keys(request).length === 1) {
      props.onClose();
      return;
    }
    setSaving(true);
    try {
      if (request.auth) {
        // as the template does: new credentials are stored only once they
        // work (tested with the stored settings; the run is not stored)
        const run = await api.testResource(base.id, { auth: request.auth });
        if (run.status === 'fail') {
          setRefused(run);
          return;
        }
      }
      const saved = await api.updateResource(base.id, request);
      props.onSaved(saved, { credentialsChanged: !!request.auth });
      alertApi.post({
        message: request.auth
          ? `Saved ${
              saved.title || saved.name
            }: the new credentials passed the connection test`
          : `Saved ${saved.title || saved.name}`,
        severity: 'success',
        display: 'transient',
      });
      props.onClose();
    } catch (e) {
      if (isConflict(e)) setConflict({ yourVersion: base.version });
      else setError(e);
    } finally {
      setSaving(false);
    }
  };

  /** Takes the latest version as the new base; fields you changed keep your values. */
  const reloadLatest = async () => {
    setReloading(true);
    try {
      const latest = await api.getResource(base.id);
      const fresh = formValuesOf(latest);
      setValues(current => {
        const next = { ...fresh };
        touched.forEach(key => {
          (next as Record<string, unknown>)[key] = current[key];
        });
        return next;
      });
      setBase(latest);
      setConflict(undefined);
      setReloaded(latest);
    } catch (e) {
      setError(e);
    } finally {
      setReloading(false);
    }
  };

  const profile = PROVIDER_PROFILES[base.provider];
  const textField = (
    key: 'title' | 'tags',
    label: string,
    description?: string,
  ) => (
    <TextField
      label={label}
      description={description}
      value={values[key]}
      onChange={v => set(key, v)}
      validationBehavior="aria"
      validate={() => messageFor(key) ?? null}
    />
  );

  return (
    <Dialog
      isOpen={props.isOpen}
      onOpenChange={open => !open && props.onClose()}
      width={640}
    >
      <DialogHeader>Edit {base.title || base.name}</DialogHeader>
      <DialogBody>
        <form
          id="s3-resource-edit"
          onSubmit={e => {
            e.preventDefault();
            save();
          }}
        >
          <Flex direction="column" gap="4">
            {conflict && (
              <Alert
                role="alert"
                status="warning"
                icon
                title="Someone else changed this resource"
                description={`You were editing version ${conflict.yourVersion}, but another change was saved since you opened this dialog, so nothing of yours was saved. Reload the latest version: the fields you changed keep your values, the others take the new ones. Check them and save again.`}
                customActions={
                  <Button
                    size="small"
                    variant="primary"
                    onPress={reloadLatest}
                    isPending={reloading}
                  >
                    Reload latest version
                  </Button>
                }
              />
            )}
            {reloaded && (
              <Alert
                role="status"
                status="info"
                icon
                title={`Loaded version ${reloaded.version}`}
                description={`Changed by ${
                  reloaded.updatedBy
                } at ${formatDateTime(
                  reloaded.updatedAt,
                )}. Your edits are kept; review them and save again.`}
              />
            )}
            {error !== undefined && (
              <ErrorAlert error={error} action="save the resource" />
            )}
            {failed && failed.unplaced.length > 0 && (
              <Alert
                role="alert"
                status="danger"
                icon
                title="The new credentials failed the connection test; nothing was saved"
                description={failed.unplaced
                  .map(step => `${step.title}: ${step.message}`)
                  .join('; ')}
              />
            )}
            {unplaced.length > 0 && (
              <Alert
                role="alert"
                status="danger"
                icon
                title="Please fix these first"
                description={unplaced
                  .map(v => `${v.field}: ${v.message}`)
                  .join('; ')}
              />
            )}
            {textField('title', 'Title')}
            <TextAreaField
              label="Description"
              value={values.description}
              onChange={v => set('description', v)}
            />
            {textField(
              'tags',
              'Tags',
              'Separated by commas; lowercase letters, digits, : + # -',
            )}
            <EntityRefPicker
              label="Owner"
              description="A group or user from the catalog; any entity ref also works."
              kinds={['Group', 'User']}
              value={values.owner}
              onChange={v => set('owner', v)}
              error={messageFor('owner')}
            />
            <EntityRefPicker
              label="System"
              description="The system the bucket belongs to (optional)."
              kinds={['System']}
              value={values.system}
              onChange={v => set('system', v)}
              error={messageFor('system')}
            />
            <Select
              label="Access level"
              description="What the portal’s credentials may do; the policies follow."
              options={ACCESS_LEVELS.filter(
                o => o.id !== 'custom' || base.accessLevel === 'custom',
              )}
              value={values.accessLevel}
              onChange={key =>
                key && set('accessLevel', key as EditFormValues['accessLevel'])
              }
            />
            <Select
              label="Default ACL for uploads"
              description={
                profile.supportsAcl
                  ? 'Canned ACL sent with every upload; None is right for buckets with ACLs disabled.'
                  : `${profile.title} has no object ACLs: keep None.`
              }
              options={ACL_OPTIONS}
              value={values.defaultAcl}
              onChange={key =>
                key && set('defaultAcl', key as EditFormValues['defaultAcl'])
              }
            />
            <TextAreaField
              label="CORS origins"
              description="One origin per line, e.g. https://portal.example.com; empty means the portal’s base URL."
              value={values.corsOrigins}
              onChange={v => set('corsOrigins', v)}
              validationBehavior="aria"
              validate={() => messageFor('corsOrigins') ?? null}
            />
            <Select
              label="Upload mode"
              description="How browsers upload; decides the CORS methods."
              options={UPLOAD_MODES}
              value={values.uploadMode}
              onChange={key =>
                key && set('uploadMode', key as EditFormValues['uploadMode'])
              }
            />
            {messageFor('uploadMode') && (
              <Text as="p" color="danger" role="alert">
                {messageFor('uploadMode')}
              </Text>
            )}
            {canRotateAccessKey(base) && (
              <Flex direction="column" gap="3">
                <Checkbox
                  isSelected={values.rotateCredentials}
                  onChange={v => set('rotateCredentials', v)}
                >
                  Rotate credentials: replace the access key
                </Checkbox>
                {values.rotateCredentials && (
                  <>
                    <TextField
                      label="Access key ID"
                      description="Keep it to change only the secret."
                      value={values.accessKeyId}
                      onChange={v => set('accessKeyId', v)}
                      autoComplete="off"
                      validationBehavior="aria"
                      validate={() => messageFor('accessKeyId') ?? null}
                    />
                    <PasswordField
                      label="New secret access key"
                      description="Tested before it is saved; stored encrypted and never shown again."
                      value={values.secretAccessKey}
                      onChange={v => set('secretAccessKey', v)}
                      autoComplete="new-password"
                      validationBehavior="aria"
                      validate={() => messageFor('secretAccessKey') ?? null}
                    />
                  </>
                )}
              </Flex>
            )}
          </Flex>
        </form>
      </DialogBody>
      <DialogFooter>
        <Button variant="secondary" onPress={props.onClose}>
          Cancel
        </Button>
        <Button
          variant="primary"
          type="submit"
          form="s3-resource-edit"
          isPending={saving}
          isDisabled={!!conflict}
        >
          Save
        </Button>
      </DialogFooter>
    </Dialog>
  );
}
