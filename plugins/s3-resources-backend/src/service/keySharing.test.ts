import { createTestDatabases } from '@internal/s3-test-harness';
import { migrationsDir } from '../database/migrations';
import { ResourceRow, ResourceStore } from '../database/ResourceStore';
import { rowOf } from './findingRules.fixtures';
import { keySharingOf } from './keySharing';

jest.setTimeout(60_000);

const key = (accessKeyId: string) => ({ method: 'access-key', accessKeyId });

function row(
  n: number,
  auth: Record<string, unknown>,
  overrides: Partial<ResourceRow> = {},
): ResourceRow {
  return rowOf({
    id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    name: `r${n}`,
    bucket: `bucket-${n}`,
    authMethod: String(auth.method),
    auth,
    ...overrides,
  });
}

describe('keySharingOf', () => {
  const databases = createTestDatabases();

  it.each(databases.eachSupportedId())(
    'finds the other resources on one key with one query, by exact key ID, per endpoint, on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      await knex.migrate.latest({ directory: migrationsDir });
      const store = ResourceStore.create(knex);
      const rows = [
        row(1, key('KEY_A')),
        row(2, {
          method: 'assume-role',
          roleArn: 'arn:aws:iam:::role/r',
          externalId: 's3r-x',
          source: key('KEY_A'),
        }),
        // LIKE's wildcards would match these if they were not escaped;
        // the parsed auth decides anyway
        row(3, key('KEYXA')),
        row(4, key('KEY%A')),
        row(5, key('KEY_A'), { endpointKey: 'https://elsewhere.example' }),
        row(6, { method: 'aws-account', accountId: '111122223333' }),
      ];
      for (const r of rows) await store.insert(r);
      let queries = 0;
      knex.on('query', () => queries++);
      const sharing = await keySharingOf(store, rows);
      expect(queries).toBe(1);
      expect(Object.fromEntries(sharing)).toEqual({
        [rows[0].id]: [{ id: rows[1].id, name: 'r2', owner: rows[1].owner }],
        [rows[1].id]: [{ id: rows[0].id, name: 'r1', owner: rows[0].owner }],
        [rows[2].id]: [],
        [rows[3].id]: [],
        [rows[4].id]: [],
      });
      expect(await keySharingOf(store, [rows[5]])).toEqual(new Map());
      // the query itself takes the key ID literally
      expect(
        (await store.usingAccessKeys(['KEY_A', 'KEY%A'])).map(r => r.name),
      ).toEqual(['r1', 'r2', 'r4', 'r5']);
    },
  );
});
