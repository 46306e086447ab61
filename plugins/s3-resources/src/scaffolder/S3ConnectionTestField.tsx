import { FieldSurface } from './FieldSurface';
import { identityApiRef, useApi } from '@backstage/core-plugin-api';
import {
  FieldExtensionComponentProps,
  useTemplateSecrets,
} from '@backstage/plugin-scaffolder-react';
import { Button, Checkbox, Flex, Text } from '@backstage/ui';
import { RiPlayLine } from '@remixicon/react';
import { useCallback, useEffect, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { s3ResourcesApiRef } from '../api/S3ResourcesApi';
import { CopyButton } from '../components/common/CopyButton';
import { ErrorAlert } from '../components/common/ErrorAlert';
import { TestRunSummary } from '../components/ConnectionTest/TestRunSummary';
import { TestStepList } from '../components/ConnectionTest/TestStepList';
import { useConnectionTest } from '../components/ConnectionTest/useConnectionTest';
import {
  ConnectionTestUiOptions,
  DEFAULT_SECRET_NAME,
  buildConnectionRequest,
  listInWords,
} from './connectionRequest';
import {
  ConnectionTestValue,
  fieldErrorsOf,
  formDataOf,
} from './connectionTestValue';

export type { ConnectionTestValue } from './connectionTestValue';
export { formDataOf } from './connectionTestValue';

/**
 * What each shown result was tested with, by run id: a digest of the
 * secret, kept in memory only (never in form data), so that a result is
 * dropped when the secret changes, even after the field was remounted.
 */
const testedSecrets = new Map<string, string>();
function digestOf(secret: string | undefined): string {
  let h = 5381;
  for (const c of secret ?? '') h = Math.imul(h, 33) ^ c.charCodeAt(0);
  return (h >>> 0).toString(36);
}

/**
 * `S3ConnectionTest`: tests the values entered so far against the real
 * bucket (`POST /test`, nothing stored) and shows the steps as they finish.
 */
export function S3ConnectionTestField(
  props: FieldExtensionComponentProps<
    ConnectionTestValue,
    ConnectionTestUiOptions
  >,
) {
  const api = useApi(s3ResourcesApiRef);
  const identityApi = useApi(identityApiRef);
  const { secrets } = useTemplateSecrets();
  const options = (props.uiSchema?.['ui:options'] ??
    {}) as ConnectionTestUiOptions;
  const [writeProbe, setWriteProbe] = useState(false);
  const { value: identity } = useAsync(
    () => identityApi.getBackstageIdentity(),
    [identityApi],
  );

  const data = formDataOf(props);
  const assumesRole =
    data[options.fields?.authMethod ?? 'authMethod'] === 'assume-role';
  const externalId = props.formData?.externalId;
  const { onChange, formData } = props;
  // A role's trust policy names the ExternalId before the resource exists:
  // the portal issues one to this user once, and the form keeps it.
  const issued = useAsync(async () => {
    if (!assumesRole || externalId) return undefined;
    const id = await api.issueExternalId();
    onChange({ ...formData, externalId: id });
    return id;
  }, [assumesRole, externalId]);
  const secret = secrets[options.secretName ?? DEFAULT_SECRET_NAME];
  const built = buildConnectionRequest(data, secret, {
    keys: options.fields,
    fallbackOwner: identity?.userEntityRef ?? 'user:default/guest',
    ...(assumesRole && externalId ? { externalId } : {}),
  });

  const { request } = built;
  const start = useCallback(
    (o: Parameters<typeof api.testConfiguration>[1]) => {
      if (!request) throw new Error('Fill in the bucket settings first');
      return api.testConfiguration(request, o);
    },
    [api, request],
  );
  const test = useConnectionTest(start);

  // A result stands for the inputs it was tested with: endpoint, provider,
  // region, bucket, prefix, auth and the secret. When any changes, the
  // result leaves the screen and the form data (the ExternalId stays).
  const tested = `${built.signature}|${digestOf(secret)}`;
  const [shownFor, setShownFor] = useState<string>();
  const [changed, setChanged] = useState(false);
  const result = formData?.status ? formData : undefined;
  const current =
    !!result?.runId &&
    result.signature === built.signature &&
    testedSecrets.get(result.runId) === digestOf(secret);
  useEffect(() => {
    if (result && !current && !test.running) {
      setChanged(true);
      onChange(externalId ? { externalId } : {});
    } else if (formData === undefined) {
      // present in the form data from the start, so that the form runs
      // this field's validation (`requirePass`) even before a first test
      onChange({});
    }
  }, [result, current, test.running, externalId, formData, onChange]);
  const showRun = test.running || shownFor === tested;

  const run = async () => {
    setShownFor(tested);
    setChanged(false);
    const outcome = await test.start({ writeProbe });
    if (outcome) {
      testedSecrets.set(outcome.id, digestOf(secret));
      const fieldErrors = fieldErrorsOf(outcome);
      const value: ConnectionTestValue = {
        status: outcome.status,
        runId: outcome.id,
        testedAt: outcome.startedAt,
        signature: built.signature,
        ...(fieldErrors ? { fieldErrors } : {}),
        ...(externalId ? { externalId } : {}),
      };
      onChange(value);
    }
  };

  return (
    <FieldSurface>
      <Flex direction="column" gap="3">
        <Text as="h3" variant="title-x-small">
          {props.schema.title ?? 'Connection test'}
        </Text>
        <Text as="p" color="secondary">
          {props.schema.description ??
            'Checks the settings entered so far against the real bucket. Nothing is stored.'}
        </Text>
        {assumesRole && externalId && (
          <Flex direction="column" gap="1">
            <Text as="p">
              The role&apos;s trust policy must allow sts:AssumeRole with the
              condition sts:ExternalId equal to this ExternalId; the resource
              keeps it once registered.
            </Text>
            <Flex gap="2" align="center">
              <code aria-label="ExternalId">{externalId}</code>
              <CopyButton text={externalId} label="Copy ExternalId" />
            </Flex>
          </Flex>
        )}
        {issued.error && (
          <ErrorAlert error={issued.error} action="issue an ExternalId" />
        )}
        {built.missing.length > 0 && (
          <Text as="p" role="status">
            To test, enter {listInWords(built.missing)}.
          </Text>
        )}
        {options.allowWriteProbe !== false && (
          <Checkbox
            isSelected={writeProbe}
            onChange={setWriteProbe}
            isDisabled={test.running || props.disabled}
          >
            Include write probe (uploads a small sentinel object, then deletes
            it)
          </Checkbox>
        )}
        <Button
          variant="secondary"
          iconStart={<RiPlayLine />}
          onPress={run}
          isDisabled={!request || props.disabled}
          isPending={test.running}
          style={{ alignSelf: 'start' }}
        >
          {test.running ? 'Testing…' : 'Test connection'}
        </Button>
        {changed && !showRun && (
          <Text as="p" role="status" color="warning">
            The settings changed since the last test: test again.
          </Text>
        )}
        <div aria-live="polite" aria-busy={test.running}>
          {showRun && (
            <Flex direction="column" gap="3">
              {test.run && <TestRunSummary run={test.run} />}
              {test.error !== undefined && (
                <ErrorAlert
                  error={test.error}
                  action="run the connection test"
                />
              )}
              {(test.steps.length > 0 || test.running) && (
                <TestStepList steps={test.steps} running={test.running} />
              )}
            </Flex>
          )}
        </div>
        {props.rawErrors?.length ? (
          <Text as="p" color="danger" role="alert">
            {props.rawErrors.join('; ')}
          </Text>
        ) : null}
      </Flex>
    </FieldSurface>
  );
}
