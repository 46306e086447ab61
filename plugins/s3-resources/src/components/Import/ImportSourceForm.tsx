import {
  Flex,
  PasswordField,
  Radio,
  RadioGroup,
  TextField,
} from '@backstage/ui';
import { validateAwsAccountId } from '@s3-resources/plugin-s3-resources-common';
import { ImportSource } from '../../api/S3ResourcesApi';
import {
  ProviderEndpointValue,
  providerEndpointErrors,
} from '../../scaffolder/validation';
import {
  ProviderEndpointInputs,
  defaultsFor,
} from '../common/ProviderEndpointInputs';

/**
 * What the source form holds. The secret lives only here, in component
 * state, and is sent only with the discover and import requests.
 */
export type SourceState = {
  location?: ProviderEndpointValue;
  method: 'access-key' | 'aws-account';
  accessKeyId: string;
  secretAccessKey: string;
  accountId: string;
};

export const INITIAL_SOURCE: SourceState = {
  location: defaultsFor('aws'),
  method: 'access-key',
  accessKeyId: '',
  secretAccessKey: '',
  accountId: '',
};

/** What is still missing or wrong before discovery can start. */
export function sourceProblems(state: SourceState): string[] {
  const problems: string[] = [];
  const location = providerEndpointErrors(state.location);
  problems.push(
    ...[location.provider, location.endpoint, location.region].filter(
      (p): p is string => Boolean(p),
    ),
  );
  if (state.method === 'access-key') {
    if (!state.accessKeyId.trim()) problems.push('Enter the access key ID');
    if (!state.secretAccessKey) problems.push('Enter the secret access key');
  } else {
    const violation = validateAwsAccountId(state.accountId.trim());
    if (violation) problems.push(`AWS account ID ${violation.message}`);
  }
  return problems;
}

export function toImportSource(state: SourceState): ImportSource {
  const location = state.location!;
  return {
    provider: location.provider,
    ...(location.endpoint ? { endpoint: location.endpoint } : {}),
    region: location.region,
    forcePathStyle: location.forcePathStyle,
    auth:
      state.method === 'access-key'
        ? {
            method: 'access-key',
            accessKeyId: state.accessKeyId.trim(),
            secretAccessKey: state.secretAccessKey,
          }
        : { method: 'aws-account', accountId: state.accountId.trim() },
  };
}

/** Provider and endpoint (as in the template), then the credentials that list the buckets. */
export function ImportSourceForm(props: {
  value: SourceState;
  onChange: (value: SourceState) => void;
  isDisabled?: boolean;
  /** Messages the backend put at a credentials field (a wrong secret, an unknown key ID). */
  fieldErrors?: Partial<Record<'accessKeyId' | 'secretAccessKey', string>>;
}) {
  const { value, onChange, isDisabled, fieldErrors } = props;
  const set = (patch: Partial<SourceState>) => onChange({ ...value, ...patch });
  return (
    <Flex direction="column" gap="4">
      <ProviderEndpointInputs
        value={value.location}
        onChange={location => set({ location })}
        description="The storage service whose buckets to import."
        isRequired
        isDisabled={isDisabled}
      />
      <RadioGroup
        label="Credentials"
        description="They need to list the buckets (s3:ListAllMyBuckets) and read their region and tags. Each imported resource keeps these credentials."
        value={value.method}
        onChange={method => set({ method: method as SourceState['method'] })}
        isDisabled={isDisabled}
        orientation="horizontal"
      >
        <Radio value="access-key">Access key</Radio>
        <Radio value="aws-account">AWS account configured in the portal</Radio>
      </RadioGroup>
      {value.method === 'access-key' ? (
        <Flex gap="3" style={{ flexWrap: 'wrap' }}>
          <TextField
            label="Access key ID"
            value={value.accessKeyId}
            onChange={accessKeyId => set({ accessKeyId })}
            isRequired
            isDisabled={isDisabled}
            autoComplete="off"
            validationBehavior="aria"
            validate={() => fieldErrors?.accessKeyId ?? null}
            style={{ minWidth: 260 }}
          />
          <PasswordField
            label="Secret access key"
            description="Sent only with the discovery and import requests; stored encrypted with each imported resource."
            value={value.secretAccessKey}
            onChange={secretAccessKey => set({ secretAccessKey })}
            isRequired
            isDisabled={isDisabled}
            autoComplete="new-password"
            validationBehavior="aria"
            validate={() => fieldErrors?.secretAccessKey ?? null}
            style={{ minWidth: 320 }}
          />
        </Flex>
      ) : (
        <TextField
          label="AWS account ID"
          description="A 12-digit account configured under aws.accounts in the portal's configuration."
          value={value.accountId}
          onChange={accountId => set({ accountId })}
          isRequired
          isDisabled={isDisabled}
          inputMode="numeric"
          style={{ maxWidth: 320 }}
        />
      )}
    </Flex>
  );
}
