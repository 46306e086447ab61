import { FieldSurface } from './FieldSurface';
import { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import { Flex, Text } from '@backstage/ui';
import { useEffect } from 'react';
import {
  ProviderEndpointInputs,
  defaultsFor,
} from '../components/common/ProviderEndpointInputs';
import { ProviderEndpointValue, providerEndpointErrors } from './validation';

export { defaultsFor };

/**
 * `S3ProviderEndpoint`: where the bucket lives. Picking a provider applies
 * its profile (region, path-style addressing) and explains what differs
 * (no ACLs, no STS).
 */
export function S3ProviderEndpointField(
  props: FieldExtensionComponentProps<ProviderEndpointValue>,
) {
  const { formData, onChange, schema, disabled } = props;
  const value = formData?.provider ? formData : undefined;
  // Each message is shown once, at its input: endpoint and region by the
  // inputs themselves, the missing provider here (the template sets
  // `ui:hideError` so the form does not repeat them under the field).
  const submitted = Boolean(props.rawErrors?.length);

  // A template default such as `{ provider: minio }` still gets its profile's region and addressing.
  useEffect(() => {
    if (formData?.provider && formData.region === undefined) {
      onChange({ ...defaultsFor(formData.provider), ...formData });
    }
  }, [formData, onChange]);

  return (
    <FieldSurface>
      <Flex direction="column" gap="3">
        {schema.title && (
          <Text as="h3" variant="title-x-small">
            {schema.title}
          </Text>
        )}
        <ProviderEndpointInputs
          value={value}
          onChange={onChange}
          description={schema.description}
          isRequired={props.required}
          isDisabled={disabled}
          showMissing={submitted}
        />
        {submitted && !value && (
          <Text as="p" color="danger" role="alert">
            {providerEndpointErrors(value).provider}
          </Text>
        )}
      </Flex>
    </FieldSurface>
  );
}
