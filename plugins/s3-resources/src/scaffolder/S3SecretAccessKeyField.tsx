import { FieldSurface } from './FieldSurface';
import {
  FieldExtensionComponentProps,
  useTemplateSecrets,
} from '@backstage/plugin-scaffolder-react';
import { PasswordField } from '@backstage/ui';
import { DEFAULT_SECRET_NAME } from './connectionRequest';
import { formDataOf, secretFailureOf } from './connectionTestValue';

/** @public */
export type SecretAccessKeyUiOptions = {
  /** Task secret the key is kept in (default `secretAccessKey`). */
  secretName?: string;
  /** Form key of the S3ConnectionTest field whose verdict is shown here (default `connectionTest`). */
  connectionTest?: string;
};

/**
 * `S3SecretAccessKey`: the secret access key, kept in the task secrets like
 * Backstage's `Secret` field (the form data holds only a mask), and the
 * place where a connection test that refused the secret says so.
 */
export function S3SecretAccessKeyField(
  props: FieldExtensionComponentProps<string, SecretAccessKeyUiOptions>,
) {
  const { secrets, setSecrets } = useTemplateSecrets();
  const options = (props.uiSchema?.['ui:options'] ??
    {}) as SecretAccessKeyUiOptions;
  const name = options.secretName ?? DEFAULT_SECRET_NAME;
  const value = secrets[name] ?? '';
  const failure = secretFailureOf(
    formDataOf(props)[options.connectionTest ?? 'connectionTest'],
  );
  const missing =
    !value && props.rawErrors?.length
      ? 'Enter the secret access key'
      : undefined;
  // a failure from the last test shows until the secret changes (which
  // clears that test)
  const message = missing ?? failure;
  return (
    <FieldSurface>
      <PasswordField
        id={props.idSchema?.$id}
        label={props.schema.title ?? 'Secret access key'}
        description={props.schema.description}
        value={value}
        onChange={next => {
          setSecrets({ [name]: next });
          props.onChange(next ? '*'.repeat(next.length) : undefined);
        }}
        // both auth methods sign with it: always required (and not in the
        // schema's `required`, since the form data holds only a mask)
        isRequired
        isDisabled={props.disabled}
        isReadOnly={props.readonly}
        autoComplete="off"
        validationBehavior="aria"
        validate={() => message ?? null}
      />
    </FieldSurface>
  );
}
