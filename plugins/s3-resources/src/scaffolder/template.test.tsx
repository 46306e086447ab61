import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { SecretsContextProvider } from '@backstage/plugin-scaffolder-react';
import { Stepper } from '@backstage/plugin-scaffolder-react/alpha';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import fs from 'node:fs';
import path from 'node:path';
import yaml from 'yaml';
import {
  PROVIDER_IDS,
  PROVIDER_PROFILES,
  TEST_VERDICT_TEXT,
} from '@s3-resources/plugin-s3-resources-common';
import { s3ResourcesApiRef } from '../api/S3ResourcesApi';
import { mockS3Api } from '../__testUtils__/fixtures';
import {
  FIELD_NAMES,
  validateBucketNameField,
  validateConnectionTestField,
  validateProviderEndpointField,
} from './fieldValidators';
import { S3BucketNameField } from './S3BucketNameField';
import { S3ConnectionTestField } from './S3ConnectionTestField';
import { S3ProviderEndpointField } from './S3ProviderEndpointField';
import { S3SecretAccessKeyField } from './S3SecretAccessKeyField';

// The "Register an S3 bucket" template as the scaffolder's form runs it:
// its steps, its fields, its Review.
const template = yaml.parse(
  fs.readFileSync(
    path.resolve(
      __dirname,
      '../../../../examples/templates/register-s3-bucket/template.yaml',
    ),
    'utf8',
  ),
);
const manifest = {
  title: template.metadata.title,
  steps: template.spec.parameters.map((step: any) => ({
    title: step.title,
    schema: step,
  })),
};

/** Backstage's entity pickers need the catalog; a text input stands in. */
const Picker = (props: any) => (
  <input
    aria-label={props.schema.title}
    value={props.formData ?? ''}
    onChange={e => props.onChange(e.target.value)}
  />
);

const extensions = [
  {
    name: FIELD_NAMES.bucketName,
    component: S3BucketNameField,
    validation: validateBucketNameField,
  },
  {
    name: FIELD_NAMES.providerEndpoint,
    component: S3ProviderEndpointField,
    validation: validateProviderEndpointField,
  },
  {
    name: FIELD_NAMES.connectionTest,
    component: S3ConnectionTestField,
    validation: validateConnectionTestField,
  },
  { name: FIELD_NAMES.secretAccessKey, component: S3SecretAccessKeyField },
  { name: 'OwnerPicker', component: Picker },
  { name: 'EntityPicker', component: Picker },
];

const resource = {
  name: 'team-a-media',
  owner: 'group:default/team-a',
  location: {
    provider: 'ceph-rgw',
    endpoint: 'http://127.0.0.1:7480',
    region: 'us-east-1',
    forcePathStyle: true,
  },
  bucket: 'team-a-media',
};

async function renderForm(
  initialState: Record<string, any>,
  api = mockS3Api(),
) {
  await renderInTestApp(
    <SecretsContextProvider>
      <Stepper
        manifest={manifest}
        extensions={extensions}
        initialState={initialState}
        onCreate={jest.fn()}
      />
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

const next = () =>
  userEvent.click(screen.getByRole('button', { name: /^(Next|Review)$/ }));

describe('the "Register an S3 bucket" template form', () => {
  it('names providers and verdicts in the Review as the code does', () => {
    const [resourceStep, , credentialsStep] = template.spec.parameters;
    const provider = resourceStep.properties.location.properties.provider;
    expect(provider.enum).toEqual(PROVIDER_IDS);
    expect(provider.enumNames).toEqual(
      PROVIDER_IDS.map(id => PROVIDER_PROFILES[id].title),
    );
    const status = credentialsStep.properties.connectionTest.properties.status;
    expect(
      Object.fromEntries(
        status.enum.map((s: string, i: number) => [s, status.enumNames[i]]),
      ),
    ).toEqual(TEST_VERDICT_TEXT);
  });

  it('says each broken rule once, in words, at its field', async () => {
    await renderForm({
      ...resource,
      location: { ...resource.location, endpoint: 'ftp://minio.local' },
      bucket: 'Bad_Bucket',
    });
    await next();
    const bucket =
      'Bucket name may contain only lowercase letters, digits, dots (.) and hyphens (-)';
    await waitFor(() => expect(screen.getAllByText(bucket)).toHaveLength(1));
    expect(screen.getAllByText(/^Endpoint must/)).toHaveLength(1);
    // the rule ids stay in the API
    expect(document.body.textContent).not.toMatch(/\[[a-z]+-[a-z-]+\]/);
    // at the input it is about (not again under the path-style switch)
    expect(
      screen.getByRole('textbox', { name: /Endpoint URL/ }),
    ).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByRole('textbox', { name: /Bucket/ })).toHaveAttribute(
      'aria-invalid',
      'true',
    );
  });

  it('asks for the role ARN only when a role is assumed, and refuses to go on untested', async () => {
    await renderForm({ ...resource, authMethod: 'access-key' });
    await next();
    await next();
    expect(
      await screen.findByRole('heading', { name: 'Connection test' }),
    ).toBeInTheDocument();
    expect(screen.queryByLabelText(/Role ARN/)).not.toBeInTheDocument();
    expect(
      screen.getByText(
        'To test, enter the access key ID and the secret access key.',
      ),
    ).toBeInTheDocument();
    await userEvent.type(
      screen.getByRole('textbox', { name: /Access key ID/ }),
      'AKTEST',
    );
    await userEvent.type(
      screen.getByLabelText(/^Secret access key/),
      'sk-test',
    );
    await next();
    expect(
      await screen.findByText('Run the connection test before you continue'),
    ).toBeInTheDocument();
    expect(
      screen.getAllByText(/Run the connection test before you continue/),
    ).toHaveLength(2); // the field's message and the scaffolder's summary
  });

  it('shows the role ARN for an assumed role', async () => {
    await renderForm({ ...resource, authMethod: 'assume-role' });
    await next();
    await next();
    expect(
      await screen.findByRole('textbox', { name: /Role ARN/ }),
    ).toBeInTheDocument();
  });

  it('reviews what the person entered, in words, with the test verdict', async () => {
    await renderForm({ ...resource, authMethod: 'access-key' });
    await next();
    await next();
    await userEvent.type(
      await screen.findByRole('textbox', { name: /Access key ID/ }),
      'AKTEST',
    );
    await userEvent.type(
      screen.getByLabelText(/^Secret access key/),
      'sk-test',
    );
    await userEvent.click(
      screen.getByRole('button', { name: 'Test connection' }),
    );
    expect(
      await screen.findByText('Connection test passed'),
    ).toBeInTheDocument();
    await next();
    const review = await screen.findByRole('table');
    const rows = Object.fromEntries(
      Array.from(review.querySelectorAll('tr')).map(tr => [
        tr.cells[0]?.textContent,
        tr.cells[1]?.textContent,
      ]),
    );
    expect(rows).toMatchObject({
      Name: 'team-a-media',
      Provider: 'Ceph RADOS Gateway',
      'Endpoint URL': 'http://127.0.0.1:7480',
      'Path-style addressing': 'Yes',
      'Access level': 'Read (list and download)',
      'How the portal signs in': 'Access key',
      'Secret access key': '••••••••',
      'Connection test': 'Passed',
    });
    const text = review.textContent!;
    for (const internal of [
      'Signature',
      'Run Id',
      'Location',
      'ceph-rgw',
      'sk-test',
    ]) {
      expect(text).not.toContain(internal);
    }
  });
});
