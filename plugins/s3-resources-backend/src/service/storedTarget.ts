import {
  ConnectionTestTarget,
  TestAuth,
  TestCredentialsSource,
} from '../connectionTest/testTarget';
import { ResourceRow } from '../database/ResourceStore';
import { SecretMaterial } from './ResourceCredentials';
import { StoredAuth, settingsOf } from './resourceView';

/** A resource's settings and its own credentials, the secret decrypted in memory. */
export function storedTarget(
  row: ResourceRow,
  secret: SecretMaterial | undefined,
): ConnectionTestTarget & { auth: TestAuth } {
  const stored = row.auth as StoredAuth;
  const sourceOf = (
    auth: Exclude<StoredAuth, { method: 'assume-role' }>,
  ): TestCredentialsSource =>
    auth.method === 'access-key'
      ? {
          method: 'access-key',
          accessKeyId: auth.accessKeyId,
          ...(secret ? { secretAccessKey: secret.secretAccessKey } : {}),
        }
      : { method: 'aws-account', accountId: auth.accountId };
  const auth: TestAuth =
    stored.method === 'assume-role'
      ? {
          method: 'assume-role',
          roleArn: stored.roleArn,
          externalId: stored.externalId,
          source: sourceOf(stored.source),
        }
      : sourceOf(stored);
  return { resourceId: row.id, settings: settingsOf(row), auth };
}
