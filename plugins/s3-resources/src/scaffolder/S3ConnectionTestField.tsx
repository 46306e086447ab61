import { FieldSurface } from './FieldSurface';
import { identityApiRef, useApi } from '@backstage/core-plugin-api';
import {
  FieldExtensionComponentProps,
  useTemplateSecrets,
} from '@backstage/plugin-scaffolder-react';
import { Button, Checkbox, Flex, Text } from '@backstage/ui';
import { RiPlayLine } from '@remixicon/react';
import { TestStatus } from '@s3-resources/plugin-s3-resources-common';
import { useCallback, useState } from 'react';
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
} from './connectionRequest';

/**
 * Value of the S3ConnectionTest field: the outcome of the last test and what
 * it tested, and for a role the ExternalId the portal issued (the template
 * passes it on, so the registered resource keeps it).
 *
 * @public
 */
export type ConnectionTestValue = {
  status?: TestStatus;
  runId?: string;
  testedAt?: string;
  /** The settings tested; a later change makes the result stale. */
  signature?: string;
  /** Issued for the role to trust (assume-role only); not a secret. */
  externalId?: string;
};

/** Form data of every step so far, from the scaffolder's form context. */
export function formDataOf(props: {
  formContext?: unknown;
  registry?: { formContext?: unknown };
}): Record<string, unknown> {
  const context = (props.formContext ?? props.registry?.formContext) as
    | { formData?: Record<string, unknown> }
    | undefined;
  return context?.formData ?? {};
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
  const built = buildConnectionRequest(
    data,
    secrets[options.secretName ?? DEFAULT_SECRET_NAME],
    {
      keys: options.fields,
      fallbackOwner: identity?.userEntityRef ?? 'user:default/guest',
      ...(assumesRole && externalId ? { externalId } : {}),
    },
  );

  const { request } = built;
  const start = useCallback(
    (o: Parameters<typeof api.testConfiguration>[1]) => {
      if (!request) throw new Error('Fill in the bucket settings first');
      return api.testConfiguration(request, o);
    },
    [api, request],
  );
  const test = useConnectionTest(start);
  const stale = props.formData && props.formData.signature !== built.signature;

  const run = async () => {
    const result = await test.start({ writeProbe });
    if (result) {
      props.onChange({
        status: result.status,
        runId: result.id,
        testedAt: result.startedAt,
        signature: built.signature,
        ...(externalId ? { externalId } : {}),
      });
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
            To test, enter {built.missing.join(', ')} first.
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
        {stale && !test.running && (
          <Text as="p" role="status" color="warning">
            The settings changed since the last test: test again.
          </Text>
        )}
        <div aria-live="polite" aria-busy={test.running}>
          <Flex direction="column" gap="3">
            {test.run && <TestRunSummary run={test.run} />}
            {test.error !== undefined && (
              <ErrorAlert error={test.error} action="run the connection test" />
            )}
            {(test.steps.length > 0 || test.running) && (
              <TestStepList steps={test.steps} running={test.running} />
            )}
          </Flex>
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
