import { Alert, Flex, Select, Switch, TextField } from '@backstage/ui';
import {
  PROVIDER_IDS,
  PROVIDER_PROFILES,
  ProviderId,
} from '@s3-resources/plugin-s3-resources-common';
import {
  ProviderEndpointValue,
  providerEndpointErrors,
} from '../../scaffolder/validation';

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
 * Provider, endpoint, region and addressing of a bucket's service. Picking a
 * provider applies its profile (region, path-style addressing) and explains
 * what differs (no ACLs, no STS). Used by the `S3ProviderEndpoint`
 * scaffolder field and the import form.
 */
export function ProviderEndpointInputs(props: {
  value?: ProviderEndpointValue;
  onChange: (value: ProviderEndpointValue) => void;
  /** Under the provider select. */
  description?: string;
  isRequired?: boolean;
  isDisabled?: boolean;
  /** Also say so at an empty required input (after the form was submitted). */
  showMissing?: boolean;
}) {
  const { value, onChange, isDisabled } = props;
  const errors = providerEndpointErrors(value);
  const profile = value ? PROVIDER_PROFILES[value.provider] : undefined;
  const update = (patch: Partial<ProviderEndpointValue>) =>
    value && onChange({ ...value, ...patch });

  return (
    <Flex direction="column" gap="3">
      <Select
        label="Provider"
        description={
          props.description ?? 'The storage service that hosts the bucket.'
        }
        options={OPTIONS}
        placeholder="Choose a provider"
        value={value?.provider ?? null}
        isRequired={props.isRequired}
        isDisabled={isDisabled}
        onChange={key => {
          if (!key) return;
          const next = defaultsFor(key as ProviderId);
          // Keep a typed endpoint when switching between S3-compatible services.
          onChange(
            PROVIDER_PROFILES[next.provider].requiresEndpoint && value?.endpoint
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
              onChange={endpoint => update({ endpoint: endpoint || undefined })}
              isRequired
              isDisabled={isDisabled}
              type="url"
              validationBehavior="aria"
              validate={() =>
                value?.endpoint || props.showMissing
                  ? errors.endpoint ?? null
                  : null
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
            isDisabled={isDisabled}
            validationBehavior="aria"
            validate={() => errors.region ?? null}
          />
          <Switch
            label={`Path-style addressing (endpoint/bucket instead of bucket.endpoint)${
              profile.forcePathStyle ? ` — ${profile.title} needs it` : ''
            }`}
            isSelected={value?.forcePathStyle ?? profile.forcePathStyle}
            onChange={forcePathStyle => update({ forcePathStyle })}
            isDisabled={isDisabled}
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
    </Flex>
  );
}
