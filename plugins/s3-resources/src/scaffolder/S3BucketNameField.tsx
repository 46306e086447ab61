import { FieldSurface } from './FieldSurface';
import { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import { TextField } from '@backstage/ui';
import { bucketNameError } from './validation';

/**
 * `S3BucketName`: a bucket name, checked as you type with the same
 * validator as the API; the message names the rule broken.
 */
export function S3BucketNameField(props: FieldExtensionComponentProps<string>) {
  const { schema, formData, onChange, required, rawErrors, idSchema } = props;
  const error = bucketNameError(formData);
  const serverError =
    !error && rawErrors?.length ? rawErrors.join('; ') : undefined;
  const message = error ?? serverError;
  return (
    <FieldSurface>
      <TextField
        id={idSchema?.$id}
        label={schema.title ?? 'Bucket name'}
        description={
          schema.description ??
          '3 to 63 characters: lowercase letters, digits, dots and hyphens, starting and ending with a letter or digit.'
        }
        value={formData ?? ''}
        onChange={value => onChange(value || undefined)}
        isRequired={required}
        isDisabled={props.disabled}
        isReadOnly={props.readonly}
        autoComplete="off"
        spellCheck="false"
        validationBehavior="aria"
        validate={() => message ?? null}
      />
    </FieldSurface>
  );
}
