import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { SecretsContextProvider } from '@backstage/plugin-scaffolder-react';
import {
  STEP_IDS,
  STEP_TITLES,
} from '@s3-resources/plugin-s3-resources-common';
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import {
  ConnectionTestOptions,
  s3ResourcesApiRef,
} from '../api/S3ResourcesApi';
import {
  deferred,
  makeRun,
  makeStep,
  mockS3Api,
} from '../__testUtils__/fixtures';
import {
  validateBucketNameField,
  validateConnectionTestField,
  validateProviderEndpointField,
} from './fieldValidators';
import { S3BucketNameField } from './S3BucketNameField';
import { S3ConnectionTestField } from './S3ConnectionTestField';
import { S3ProviderEndpointField } from './S3ProviderEndpointField';
import { buildConnectionRequest } from './connectionRequest';

/** Minimal RJSF field props; `formData` lives in state like the form keeps it. */
function Harness(props: {
  Field: any;
  initial?: unknown;
  formContext?: unknown;
  uiOptions?: object;
  onValue?: (value: unknown) => void;
}) {
  const [value, setValue] = useState<unknown>(props.initial);
  return (
    <props.Field
      schema={{}}
      uiSchema={{ 'ui:options': props.uiOptions ?? {} }}
      idSchema={{ $id: 'root_field' }}
      formData={value}
      onChange={(v: unknown) => {
        setValue(v);
        props.onValue?.(v);
      }}
      onBlur={() => {}}
      onFocus={() => {}}
      formContext={props.formContext}
      registry={{ formContext: props.formContext }}
      rawErrors={[]}
      disabled={false}
      readonly={false}
      required
      name="field"
    />
  );
}

const fieldValidation = () => {
  const errors: string[] = [];
  return { errors, addError: (e: string) => errors.push(e) } as any;
};

describe('S3BucketName', () => {
  it('checks the name as it is typed and names the rule broken', async () => {
    await renderInTestApp(<Harness Field={S3BucketNameField} />);
    const input = screen.getByRole('textbox', { name: /Bucket name/ });
    await userEvent.type(input, 'ab');
    expect(
      await screen.findByText(
        'Bucket name must be 3 to 63 characters long (got 2)',
      ),
    ).toBeInTheDocument();
    await userEvent.type(input, 'C_d');
    expect(
      await screen.findByText(
        'Bucket name may contain only lowercase letters, digits, dots (.) and hyphens (-)',
      ),
    ).toBeInTheDocument();
    await userEvent.clear(input);
    await userEvent.type(input, 'team-a.media');
    await waitFor(() =>
      expect(
        screen.queryByText(/^Bucket name (must|may)/),
      ).not.toBeInTheDocument(),
    );
    expect(input).not.toHaveAttribute('aria-invalid', 'true');
  });

  it('validates on submit with the shared validator', () => {
    const v = fieldValidation();
    validateBucketNameField('192.168.1.1', v, {} as any);
    expect(v.errors).toEqual([
      'Bucket name must not be formatted as an IP address',
    ]);
    const ok = fieldValidation();
    validateBucketNameField('media-uploads', ok, {} as any);
    expect(ok.errors).toEqual([]);
  });
});

describe('S3ProviderEndpoint', () => {
  it('applies the profile of the chosen provider: R2 is region auto, path style, no ACLs, no STS', async () => {
    const onValue = jest.fn();
    await renderInTestApp(
      <Harness Field={S3ProviderEndpointField} onValue={onValue} />,
    );
    await userEvent.click(screen.getByRole('button', { name: /Provider/ }));
    await userEvent.click(
      await screen.findByRole('option', { name: 'Cloudflare R2' }),
    );
    expect(onValue).toHaveBeenLastCalledWith({
      provider: 'r2',
      region: 'auto',
      forcePathStyle: true,
    });
    expect(screen.getByRole('textbox', { name: /Region/ })).toHaveValue('auto');
    expect(
      screen.getByText(/Cloudflare R2 uses the region "auto"/),
    ).toBeInTheDocument();
    expect(screen.getByText('No ACLs')).toBeInTheDocument();
    expect(screen.getByText('No STS')).toBeInTheDocument();
    const endpoint = screen.getByRole('textbox', { name: /Endpoint URL/ });
    expect(endpoint).toHaveAttribute(
      'placeholder',
      'https://<account-id>.r2.cloudflarestorage.com',
    );
    expect(screen.getByRole('switch', { name: /Path-style/ })).toBeChecked();

    await userEvent.type(endpoint, 'https://abc.r2.cloudflarestorage.com');
    expect(onValue).toHaveBeenLastCalledWith({
      provider: 'r2',
      region: 'auto',
      forcePathStyle: true,
      endpoint: 'https://abc.r2.cloudflarestorage.com',
    });
  });

  it('needs no endpoint for AWS and keeps the ACL note away', async () => {
    await renderInTestApp(
      <Harness
        Field={S3ProviderEndpointField}
        initial={{
          provider: 'aws',
          region: 'eu-west-1',
          forcePathStyle: false,
        }}
      />,
    );
    expect(
      screen.queryByRole('textbox', { name: /Endpoint URL/ }),
    ).not.toBeInTheDocument();
    expect(screen.queryByText('No ACLs')).not.toBeInTheDocument();
    expect(
      screen.getByRole('switch', { name: /Path-style/ }),
    ).not.toBeChecked();
  });

  it('refuses a missing endpoint on submit', () => {
    const v = fieldValidation();
    validateProviderEndpointField(
      { provider: 'minio', region: 'us-east-1', forcePathStyle: true },
      v,
      {} as any,
    );
    expect(v.errors).toEqual([
      'MinIO needs an endpoint URL, e.g. https://minio.example.com:9000',
    ]);
  });
});

describe('S3ConnectionTest', () => {
  const formData = {
    name: 'team-a-media',
    owner: 'group:default/team-a',
    bucket: 'team-a-media',
    location: {
      provider: 'ceph-rgw',
      endpoint: 'http://127.0.0.1:7480',
      region: 'us-east-1',
      forcePathStyle: true,
    },
    accessKeyId: 'AKTEST',
  };

  function render(
    api = mockS3Api(),
    secrets: Record<string, string> = { secretAccessKey: 'sk' },
    onValue = jest.fn(),
    data: Record<string, unknown> = formData,
  ) {
    return renderInTestApp(
      <SecretsContextProvider initialSecrets={secrets}>
        <Harness
          Field={S3ConnectionTestField}
          formContext={{ formData: data }}
          onValue={onValue}
        />
      </SecretsContextProvider>,
      {
        apis: [
          [s3ResourcesApiRef, api],
          mockApis.identity({ userEntityRef: 'user:default/guest' }),
        ],
      },
    );
  }

  it('tests the values entered so far with the secret from the template secrets, listing every step and filling results in', async () => {
    const done = deferred<any>();
    let report: ConnectionTestOptions['onStep'];
    const api = mockS3Api({
      testConfiguration: jest.fn((_request, options) => {
        report = options?.onStep;
        return done.promise;
      }),
    });
    const onValue = jest.fn();
    await render(api, undefined, onValue);
    await userEvent.click(
      screen.getByRole('button', { name: 'Test connection' }),
    );
    expect(api.testConfiguration).toHaveBeenCalledWith(
      {
        name: 'team-a-media',
        owner: 'group:default/team-a',
        provider: 'ceph-rgw',
        bucket: 'team-a-media',
        endpoint: 'http://127.0.0.1:7480',
        region: 'us-east-1',
        forcePathStyle: true,
        auth: {
          method: 'access-key',
          accessKeyId: 'AKTEST',
          secretAccessKey: 'sk',
        },
      },
      expect.objectContaining({ writeProbe: false }),
    );
    const run = makeRun({
      status: 'warn',
      steps: [
        makeStep('credentials', { title: 'Credentials' }),
        makeStep('cors', { title: 'CORS', status: 'warn' }),
      ],
    });
    const list = await screen.findByRole('list', {
      name: 'Connection test steps',
    });
    const labels = () =>
      within(list)
        .getAllByRole('listitem')
        .map(li => li.getAttribute('aria-label'));
    const all = STEP_IDS.map((id, i) => `Step ${i + 1}: ${STEP_TITLES[id]}`);
    expect(labels()).toEqual(all);
    expect(
      screen.getByText(`0 of ${STEP_IDS.length} checks done`),
    ).toBeInTheDocument();
    act(() => report!(run.steps[1]));
    act(() => report!(run.steps[0]));
    expect(labels()).toEqual(all);
    expect(within(list).getAllByRole('listitem')[7]).toHaveTextContent(
      'WarningCORS',
    );
    expect(within(list).getAllByRole('listitem')[1]).toHaveTextContent(
      'PassedCredentials',
    );
    expect(
      screen.getByText(`2 of ${STEP_IDS.length} checks done`),
    ).toBeInTheDocument();
    await act(async () => done.resolve(run));
    expect(
      await screen.findByText('Connection test passed with warnings'),
    ).toBeInTheDocument();
    expect(labels()).toEqual(['Step 1: Credentials', 'Step 2: CORS']);
    expect(onValue).toHaveBeenCalledWith(
      expect.objectContaining({ status: 'warn', runId: 'run-1' }),
    );
  });

  it('for a role, has the portal issue the ExternalId once, shows it, tests and keeps it', async () => {
    const api = mockS3Api({
      issueExternalId: jest.fn(async () => 'issued-for-guest.abc.mac'),
    });
    const onValue = jest.fn();
    await render(api, undefined, onValue, {
      ...formData,
      authMethod: 'assume-role',
      roleArn: 'arn:aws:iam::123456789012:role/portal-media',
    });
    expect(await screen.findByLabelText('ExternalId')).toHaveTextContent(
      'issued-for-guest.abc.mac',
    );
    expect(api.issueExternalId).toHaveBeenCalledTimes(1);
    expect(onValue).toHaveBeenCalledWith({
      externalId: 'issued-for-guest.abc.mac',
    });
    await userEvent.click(
      screen.getByRole('button', { name: 'Test connection' }),
    );
    expect(api.testConfiguration).toHaveBeenCalledWith(
      expect.objectContaining({
        auth: {
          method: 'assume-role',
          roleArn: 'arn:aws:iam::123456789012:role/portal-media',
          externalId: 'issued-for-guest.abc.mac',
          source: {
            method: 'access-key',
            accessKeyId: 'AKTEST',
            secretAccessKey: 'sk',
          },
        },
      }),
      expect.anything(),
    );
    await waitFor(() =>
      expect(onValue).toHaveBeenLastCalledWith(
        expect.objectContaining({
          status: 'pass',
          externalId: 'issued-for-guest.abc.mac',
        }),
      ),
    );
    expect(api.issueExternalId).toHaveBeenCalledTimes(1);
  });

  it('says what is missing instead of testing', async () => {
    const api = mockS3Api();
    await render(api, {});
    expect(
      screen.getByText('To test, enter the secret access key.'),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: 'Test connection' }),
    ).toBeDisabled();
  });

  it('can require a passing test with the settings as they are now', () => {
    const { signature } = buildConnectionRequest(formData, undefined, {
      fallbackOwner: '',
    });
    const context = {
      formData,
      uiSchema: { 'ui:options': { requirePass: true } },
    } as any;
    const none = fieldValidation();
    validateConnectionTestField(undefined as any, none, context);
    expect(none.errors).toEqual([
      'Run the connection test before you continue',
    ]);
    const failed = fieldValidation();
    validateConnectionTestField(
      { status: 'fail', runId: 'r', testedAt: '', signature },
      failed,
      context,
    );
    expect(failed.errors[0]).toMatch(/failed/);
    const stale = fieldValidation();
    validateConnectionTestField(
      { status: 'pass', runId: 'r', testedAt: '', signature: 'other' },
      stale,
      context,
    );
    expect(stale.errors).toEqual([
      'The settings changed since the last test: test again',
    ]);
    const ok = fieldValidation();
    validateConnectionTestField(
      { status: 'pass', runId: 'r', testedAt: '', signature },
      ok,
      context,
    );
    expect(ok.errors).toEqual([]);
  });
});
