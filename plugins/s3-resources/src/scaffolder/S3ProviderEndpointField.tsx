import { FieldSurface } from './FieldSurface';
import { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import { Alert, Flex, Select, Switch, Text, TextField } from '@backstage/ui';
import {
  PROVIDER_IDS,
  PROVIDER_PROFILES,
  ProviderId,
} from '@s3-resources/plugin-s3-resources-common';
import { useEffect } from 'react';
import { ProviderEndpointValue, providerEndpointErrors } from './validation';

const OPTIONS = PROVIDER_IDS.map(id => ({
  id,
  label: PROVIDER_PROFILES[id].title,
}));

/** The value a provider starts with: its profile's region and addressing. */
export function defaultsFor(provider: ProviderId): ProviderEndpointValue {
  const profile = PROVIDER_PROFILES[provider];
  return {
    provider,
    region: profile.defaultRegion,
    forcePathStyle: profile.forcePathStyle,
  };
}

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
  const errors = providerEndpointErrors(value);
  const profile = value ? PROVIDER_PROFILES[value.provider] : undefined;

  // A template default such as `{ provider: minio }` still gets its profile's region and addressing.
  useEffect(() => {
    if (formData?.provider && formData.region === undefined) {
      onChange({ ...defaultsFor(formData.provider), ...formData });
    }
  }, [formData, onChange]);

  const update = (patch: Partial<ProviderEndpointValue>) =>
    value && onChange({ ...value, ...patch });

  return (
    <FieldSurface>
      <Flex direction="column" gap="3">
        {schema.title && (
          <Text as="h3" variant="title-x-small">
            {schema.title}
          </Text>
        )}
        <Select
          label="Provider"
          description={
            schema.description ?? 'The storage service that hosts the bucket.'
          }
          options={OPTIONS}
          placeholder="Choose a provider"
          value={value?.provider ?? null}
          isRequired={props.required}
          isDisabled={disabled}
          onChange={key => {
            if (!key) return;
            const next = defaultsFor(key as ProviderId);
            // Keep a typed endpoint when switching between S3-compatible services.
            onChange(
              PROVIDER_PROFILES[next.provider].requiresEndpoint &&
                value?.endpoint
                ? { ...next, endpoint: value.endpoint }
                : next,
            );
          }}
        />
        {profile && (
          <>
            {profile.requiresEndpoint && (
              <TextField
                label="Endpoint URL"
                description={`The service's S3 endpoint, e.g. ${profile.endpointHint}. The portal's operators must allow it.`}
                placeholder={profile.endpointHint}
                value={value?.endpoint ?? ''}
                onChange={endpoint =>
                  update({ endpoint: endpoint || undefined })
                }
                isRequired
                isDisabled={disabled}
                type="url"
                validationBehavior="aria"
                validate={() =>
                  value?.endpoint ? errors.endpoint ?? null : null
                }
              />
            )}
            <TextField
              label="Region"
              description={
                profile.id === 'r2'
                  ? 'Cloudflare R2 uses the region "auto".'
                  : `Default for ${profile.title}: ${profile.defaultRegion}.`
              }
              value={value?.region ?? ''}
              onChange={region => update({ region })}
              isRequired
              isDisabled={disabled}
              validationBehavior="aria"
              validate={() => errors.region ?? null}
            />
            <Switch
              label={`Path-style addressing (endpoint/bucket instead of bucket.endpoint)${
                profile.forcePathStyle ? ` — ${profile.title} needs it` : ''
              }`}
              isSelected={value?.forcePathStyle ?? profile.forcePathStyle}
              onChange={forcePathStyle => update({ forcePathStyle })}
              isDisabled={disabled}
            />
            <Flex direction="column" gap="2">
              {!profile.supportsAcl && (
                <Alert
                  status="info"
                  icon
                  title="No ACLs"
                  description={`${profile.title} ignores object ACLs: uploads send no ACL header (default ACL "none") and the policies leave out the ACL actions.`}
                />
              )}
              {!profile.supportsSts && (
                <Alert
                  status="info"
                  icon
                  title="No STS"
                  description={`${profile.title} has no STS: use an access key; assuming a role is not possible, and the credentials step of the test is skipped.`}
                />
              )}
            </Flex>
          </>
        )}
        {props.rawErrors?.length ? (
          <Text as="p" color="danger" role="alert">
            {props.rawErrors.join('; ')}
          </Text>
        ) : null}
      </Flex>
    </FieldSurface>
  );
}
