import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { SecretsContextProvider } from '@backstage/plugin-scaffolder-react';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ComponentType, useState } from 'react';
import { s3ResourcesApiRef } from '../api/S3ResourcesApi';
import { makeRun, makeStep, mockS3Api } from '../__testUtils__/fixtures';
import { S3BucketNameField } from './S3BucketNameField';
import { S3ConnectionTestField } from './S3ConnectionTestField';
import { S3SecretAccessKeyField } from './S3SecretAccessKeyField';

const WRONG_SECRET = 'The secret access key does not match this access key ID';

/**
 * The fields of the template's steps side by side, sharing one form data
 * object as the scaffolder's form context does.
 */
function CredentialsStep(props: { initial: Record<string, unknown> }) {
  const [data, setData] = useState(props.initial);
  const context = { formData: data };
  const field = (key: string, Field: ComponentType<any>, title: string) => (
    <Field
      schema={{ title }}
      uiSchema={{ 'ui:options': {} }}
      idSchema={{ $id: `root_${key}` }}
      formData={data[key]}
      onChange={(value: unknown) =>
        setData(current => ({ ...current, [key]: value }))
      }
      onBlur={() => {}}
      onFocus={() => {}}
      formContext={context}
      registry={{ formContext: context }}
      rawErrors={[]}
      disabled={false}
      readonly={false}
      required
      name={key}
    />
  );
  return (
    <>
      {field('bucket', S3BucketNameField, 'Bucket')}
      {field('secretAccessKey', S3SecretAccessKeyField, 'Secret access key')}
      {field('connectionTest', S3ConnectionTestField, 'Connection test')}
      <output aria-label="form data">
        {JSON.stringify(data.connectionTest ?? null)}
      </output>
    </>
  );
}

const initial = {
  name: 'team-a-media',
  owner: 'group:default/team-a',
  bucket: 'team-a-media',
  location: {
    provider: 'ceph-rgw',
    endpoint: 'http://127.0.0.1:7480',
    region: 'us-east-1',
    forcePathStyle: true,
  },
  authMethod: 'access-key',
  accessKeyId: 'AKTEST',
};

const refusedSecret = makeRun({
  id: 'run-wrong-secret',
  status: 'fail',
  steps: [
    makeStep('endpoint'),
    makeStep('credentials', {
      title: 'Credentials',
      status: 'fail',
      message: WRONG_SECRET,
      field: 'auth.secretAccessKey',
    }),
  ],
});

async function renderStep(api = mockS3Api()) {
  await renderInTestApp(
    <SecretsContextProvider
      initialSecrets={{ secretAccessKey: 'sk-not-right-9f3' }}
    >
      <CredentialsStep initial={initial} />
    </SecretsContextProvider>,
    {
      apis: [
        [s3ResourcesApiRef, api],
        mockApis.identity({ userEntityRef: 'user:default/guest' }),
      ],
    },
  );
  return api;
}

const secretInput = () => screen.getByLabelText(/^Secret access key/);
const formData = () =>
  JSON.parse(screen.getByLabelText('form data').textContent!);

describe('the credentials step', () => {
  it('shows a refused secret at the secret field, in words', async () => {
    await renderStep(
      mockS3Api({ testConfiguration: jest.fn(async () => refusedSecret) }),
    );
    await userEvent.click(
      screen.getByRole('button', { name: 'Test connection' }),
    );
    expect(await screen.findByText('Connection test failed')).toBeVisible();
    const secretField = secretInput().closest('.bui-PasswordField')!;
    await waitFor(() =>
      expect(
        within(secretField as HTMLElement).getByText(WRONG_SECRET),
      ).toBeVisible(),
    );
    expect(secretInput()).toHaveAttribute('aria-invalid', 'true');
    expect(formData()).toMatchObject({
      status: 'fail',
      fieldErrors: { 'auth.secretAccessKey': WRONG_SECRET },
    });
    // the secret never reaches the form data, only its mask
    expect(JSON.stringify(formData())).not.toContain('sk-not-right-9f3');
  });

  it('drops a result from the screen and the form data when the secret changes', async () => {
    await renderStep(
      mockS3Api({ testConfiguration: jest.fn(async () => refusedSecret) }),
    );
    await userEvent.click(
      screen.getByRole('button', { name: 'Test connection' }),
    );
    expect(await screen.findByText('Connection test failed')).toBeVisible();
    await waitFor(() => expect(formData()?.status).toBe('fail'));

    await userEvent.type(secretInput(), '-fixed');
    await waitFor(() => expect(formData()).toEqual({}));
    expect(
      screen.queryByText('Connection test failed'),
    ).not.toBeInTheDocument();
    expect(
      screen.queryByRole('list', { name: 'Connection test steps' }),
    ).not.toBeInTheDocument();
    expect(screen.queryByText(WRONG_SECRET)).not.toBeInTheDocument();
    expect(secretInput()).not.toHaveAttribute('aria-invalid', 'true');
    expect(
      screen.getByText('The settings changed since the last test: test again.'),
    ).toBeInTheDocument();
  });

  it('drops a passing result when the bucket changes', async () => {
    await renderStep();
    await userEvent.click(
      screen.getByRole('button', { name: 'Test connection' }),
    );
    await waitFor(() => expect(formData()?.status).toBe('pass'));
    expect(screen.getByText('Connection test passed')).toBeVisible();

    await userEvent.type(screen.getByRole('textbox', { name: /Bucket/ }), '-2');
    await waitFor(() => expect(formData()).toEqual({}));
    expect(
      screen.queryByText('Connection test passed'),
    ).not.toBeInTheDocument();
  });
});
