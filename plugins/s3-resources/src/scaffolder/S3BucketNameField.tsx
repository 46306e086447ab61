import { FieldSurface } from './FieldSurface';
import { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import { TextField } from '@backstage/ui';
import { bucketNameError } from './validation';

/**
 * `S3BucketName`: a bucket name, checked as you type with the same
 * validator as the API; one message, in words, at the input. The form's
 * own errors (from the last submit) add only "required": every other rule
 * is the live check, which never goes stale.
 */
export function S3BucketNameField(props: FieldExtensionComponentProps<string>) {
  const { schema, formData, onChange, required, rawErrors, idSchema } = props;
  const missing =
    !formData && rawErrors?.length ? 'Enter the bucket name' : undefined;
  const message = bucketNameError(formData) ?? missing;
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
