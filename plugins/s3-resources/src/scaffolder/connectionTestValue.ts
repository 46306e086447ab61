import { TestRun, TestStatus } from '@s3-resources/plugin-s3-resources-common';

/**
 * Value of the S3ConnectionTest field: the outcome of the last test and what
 * it tested, and for a role the ExternalId the portal issued (the template
 * passes it on, so the registered resource keeps it).
 *
 * @public
 */
export type ConnectionTestValue = {
  status?: TestStatus;
  runId?: string;
  testedAt?: string;
  /** The settings tested; a later change makes the result stale. */
  signature?: string;
  /**
   * Failures that point at an input, by the request path the test named
   * (`auth.secretAccessKey`, `bucket`, …): the fields show them.
   */
  fieldErrors?: Record<string, string>;
  /** Issued for the role to trust (assume-role only); not a secret. */
  externalId?: string;
};

/** The failed steps that named an input, by that input's request path. */
export function fieldErrorsOf(
  run: Pick<TestRun, 'steps'>,
): Record<string, string> | undefined {
  const entries = run.steps
    .filter(step => step.status === 'fail' && step.field)
    .map(step => [step.field!, step.message] as const);
  return entries.length ? Object.fromEntries(entries) : undefined;
}

/** What the last test said about the secret, for the secret's field. */
export function secretFailureOf(value: unknown): string | undefined {
  const errors = (value as ConnectionTestValue | undefined)?.fieldErrors;
  return (
    errors?.['auth.secretAccessKey'] ?? errors?.['auth.source.secretAccessKey']
  );
}

/** Form data of every step so far, from the scaffolder's form context. */
export function formDataOf(props: {
  formContext?: unknown;
  registry?: { formContext?: unknown };
}): Record<string, unknown> {
  const context = (props.formContext ?? props.registry?.formContext) as
    | { formData?: Record<string, unknown> }
    | undefined;
  return context?.formData ?? {};
}
