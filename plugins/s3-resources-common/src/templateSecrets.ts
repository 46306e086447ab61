/**
 * Default name of the template secret (`ui:field: Secret`) that holds the
 * secret access key: read by the scaffolder actions and by the connection
 * test field of the template form.
 *
 * @public
 */
export const DEFAULT_SECRET_NAME = 'secretAccessKey';
