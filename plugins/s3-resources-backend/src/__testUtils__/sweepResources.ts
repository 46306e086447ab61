import { getTestS3 } from '@internal/s3-test-harness';
import { parseCreateResourceRequest } from '@s3-resources/plugin-s3-resources-common';
import { Knex } from 'knex';
import { randomUUID } from 'node:crypto';
import { SecretBox } from '../crypto/SecretBox';
import { ResourceRow, ResourceStore } from '../database/ResourceStore';
import { settingsColumns } from '../service/resourceView';

/**
 * Registers resources straight in the store, as the API would have (settings
 * validated, secret encrypted): one real bucket, a prefix each, the test
 * server's tester keys. Many at once without the API's cost, for the sweep
 * test and benchmark. Returns their ids in order.
 */
export async function insertSweepResources(
  db: Knex,
  options: {
    names: string[];
    bucket: string;
    prefix: (i: number) => string;
    /** Default: the test server itself. */
    endpoint?: string;
    /** The encryption key the backends are configured with. */
    key: { id: string; secret: string };
  },
): Promise<string[]> {
  const secrets = SecretBox.forTesting([
    { id: options.key.id, secret: Buffer.from(options.key.secret, 'base64') },
  ]);
  const store = ResourceStore.create(db);
  const s3 = getTestS3();
  const { accessKeyId, secretAccessKey } = s3.users.tester;
  const now = new Date().toISOString();
  const ids: string[] = [];
  for (const [i, name] of options.names.entries()) {
    const { auth: _auth, ...settings } = parseCreateResourceRequest(
      {
        name,
        owner: 'group:default/team-a',
        provider: 'ceph-rgw',
        bucket: options.bucket,
        endpoint: options.endpoint ?? s3.endpoint,
        prefix: options.prefix(i),
        auth: { method: 'access-key', accessKeyId, secretAccessKey },
      },
      'http://localhost:3000',
    );
    const id = randomUUID();
    const row: ResourceRow = {
      id,
      ...settingsColumns(settings),
      authMethod: 'access-key',
      auth: { method: 'access-key', accessKeyId },
      secret: secrets.encrypt(JSON.stringify({ secretAccessKey }), id),
      secretChangedAt: now,
      lastTestStatus: null,
      lastTestedAt: null,
      lastTestRunId: null,
      version: 1,
      createdAt: now,
      createdBy: 'user:default/test',
      updatedAt: now,
      updatedBy: 'user:default/test',
    };
    await store.insert(row);
    ids.push(id);
  }
  return ids;
}
