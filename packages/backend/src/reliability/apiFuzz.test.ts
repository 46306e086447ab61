import { mockServices } from '@backstage/backend-test-utils';
import { createTestDatabases } from '@internal/s3-test-harness';
import fc from 'fast-check';
import {
  startPortalBackend,
  allowLocalEndpoint,
  asUser,
} from '../__testUtils__/portalBackend';

jest.setTimeout(300_000);

// Bounded: this many generated requests per route and database.
const RUNS = 300;
// S3R_FUZZ_SEED=<seed printed by a failure> replays it
const SEED = process.env.S3R_FUZZ_SEED
  ? { seed: Number(process.env.S3R_FUZZ_SEED) }
  : {};
const API = '/api/s3-resources/resources';

/** What a refusal may be: a person's mistake or a conflict, never a server error. */
const REFUSALS: Record<number, string[]> = {
  // SyntaxError: the JSON body parser's answer to text that is not JSON
  400: ['InputError', 'SyntaxError'],
  // an owner the caller may not give a resource (any spelling of a group)
  403: ['NotAllowedError'],
  404: ['NotFoundError'],
  409: ['ConflictError'],
  413: ['PayloadTooLargeError'],
};

const VALID = {
  name: 'fuzz-api',
  owner: 'group:default/team-a',
  provider: 'ceph-rgw',
  bucket: 'fuzz-api-bucket',
  endpoint: 'http://127.0.0.1:7480',
  auth: {
    method: 'access-key',
    accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
    secretAccessKey: 'fuzz-api-secret',
  },
};
const PIECES = [
  'group:default/',
  'arn:aws:iam::123456789012:role/x',
  'http://127.0.0.1:7480',
  'https://169.254.169.254',
  'http://[::ffff:127.0.0.1]:7480',
  'us-east-1',
  '../',
  '%00',
  '\u0000',
  '\ud800',
  ' ',
  'a'.repeat(300),
  '{"$ne":1}',
  "' or 1=1 --",
];
const hostile = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc
    .array(fc.oneof(fc.constantFrom(...PIECES), fc.string({ maxLength: 5 })), {
      maxLength: 5,
    })
    .map(p => p.join('')),
);
const mistyped = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer(),
  fc.double(),
  // beyond the database's integers
  fc.constantFrom(2 ** 31, 2 ** 53, Number.MAX_SAFE_INTEGER, 1e300, -(2 ** 63)),
  fc.array(fc.string({ maxLength: 8 }), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 8 }), {
    maxKeys: 3,
  }),
);
const FIELDS = [
  'name',
  'title',
  'owner',
  'system',
  'tags',
  'provider',
  'bucket',
  'region',
  'endpoint',
  'forcePathStyle',
  'prefix',
  'defaultAcl',
  'objectOwnership',
  'accessLevel',
  'customActions',
  'kmsKeyArn',
  'cors',
  'cors.origins',
  'cors.uploadMode',
  'cors.methods',
  'auth',
  'auth.method',
  'auth.accessKeyId',
  'auth.secretAccessKey',
  'auth.roleArn',
  'auth.source',
  'version',
  'unknownField',
];
const mutations = fc.array(
  fc.tuple(
    fc.constantFrom(...FIELDS),
    fc.oneof(hostile, mistyped, fc.constant(undefined)),
  ),
  { maxLength: 3 },
);

function mutate(body: Record<string, any>, changes: Array<[string, unknown]>) {
  const out = structuredClone(body);
  for (const [field, value] of changes) {
    const [head, tail] = field.split('.');
    const target = tail
      ? (out[head] =
          typeof out[head] === 'object' && out[head] !== null ? out[head] : {})
      : out;
    const key = tail ?? head;
    if (value === undefined) delete target[key];
    else target[key] = value;
  }
  return out;
}

/** A JSON body, or raw text that is not (or is too much) JSON. */
type Sent = { json: unknown } | { raw: string };
/** Names (and buckets) for bodies, so valid ones do not collide. */
type Namer = { (): string; extra: () => Record<string, unknown> };
const requestOf = (base: Record<string, unknown>, unique: Namer) =>
  fc.oneof(
    {
      weight: 12,
      arbitrary: mutations.map(
        (changes): Sent => ({
          json: mutate({ ...base, name: unique(), ...unique.extra() }, changes),
        }),
      ),
    },
    { weight: 2, arbitrary: fc.anything().map((json): Sent => ({ json })) },
    {
      weight: 1,
      arbitrary: fc
        .oneof(
          fc.string({ maxLength: 50 }),
          fc.constant(`{"name":"${'x'.repeat(70 * 1024)}"}`),
        )
        .map((raw): Sent => ({ raw })),
    },
  );

describe('the create and update API under generated requests', () => {
  const databases = createTestDatabases();

  describe.each(databases.eachSupportedId())('on %p', databaseId => {
    it(`answers ${RUNS} creates and ${RUNS} updates with 2xx or a clean refusal, and stores nothing it refused`, async () => {
      const knex = await databases.init(databaseId);
      const portal = await startPortalBackend({
        database: mockServices.database.factory({ knex }),
        s3Resources: allowLocalEndpoint('http://127.0.0.1:7480'),
      });
      const send = async (
        method: string,
        path: string,
        sent: Sent,
        user = 'alice',
      ) => {
        const res = await fetch(`${portal.base}${path}`, {
          method,
          headers: {
            'content-type': 'application/json',
            ...asUser(user),
          },
          body: 'raw' in sent ? sent.raw : JSON.stringify(sent.json),
        });
        const text = await res.text();
        return { status: res.status, text };
      };
      const answers = new Map<string, number>();
      const expectCleanAnswer = (
        res: { status: number; text: string },
        ok: number,
        sent: Sent,
      ) => {
        if (res.status === ok) return;
        let name: string | undefined;
        try {
          name = JSON.parse(res.text)?.error?.name;
        } catch {
          name = undefined; // not an error body
        }
        const key = `${res.status} ${name}`;
        answers.set(key, (answers.get(key) ?? 0) + 1);
        const allowed = REFUSALS[res.status];
        if (!allowed) {
          const logged = portal.logger.lines
            .filter(l => l.level === 'error')
            .slice(-1)
            .map(l => `${l.message} ${JSON.stringify(l.meta)}`.slice(0, 1500));
          throw new Error(
            `answered ${res.status}: ${res.text.slice(
              0,
              500,
            )}\nto ${JSON.stringify(sent).slice(0, 1500)}\nlogged: ${logged}`,
          );
        }
        if (!name || !allowed.includes(name)) {
          throw new Error(
            `answered ${res.status} with ${name}: ${res.text.slice(0, 500)}`,
          );
        }
      };
      const rowsOf = () =>
        knex('s3_resources')
          .orderBy('id')
          .select('id', 'name', 'version', 'updated_at', 'settings', 'auth');
      const successes = async () =>
        Number(
          (
            await knex('s3_resource_audit')
              .where({ outcome: 'success' })
              .count({ n: '*' })
          )[0].n,
        );

      try {
        let n = 0;
        const unique: Namer = Object.assign(() => `fuzz-api-${++n}`, {
          extra: () => ({ bucket: `fuzz-api-bucket-${n}` }),
        });
        const sameName: Namer = Object.assign(() => 'fuzz-api-target', {
          extra: () => ({}),
        });
        let created = 0;
        await fc.assert(
          fc.asyncProperty(requestOf(VALID, unique), async sent => {
            const before = await rowsOf();
            const audited = await successes();
            const res = await send('POST', API, sent);
            expectCleanAnswer(res, 201, sent);
            const after = await rowsOf();
            const ok = res.status === 201;
            if (ok) created++;
            // one row more when created; otherwise the table is as it was
            expect(after.length - before.length).toBe(ok ? 1 : 0);
            expect(ok ? before : after).toEqual(before);
            // audited: one success for a create; a refusal as a failure only
            expect((await successes()) - audited).toBe(ok ? 1 : 0);
          }),
          { numRuns: RUNS, ...SEED },
        );
        expect(created).toBeGreaterThan(RUNS / 50);

        const base = await send('POST', API, {
          json: { ...VALID, name: 'fuzz-api-target', bucket: 'fuzz-target' },
        });
        expect(base.status).toBe(201);
        const id = JSON.parse(base.text).id;
        let updated = 0;
        await fc.assert(
          fc.asyncProperty(
            requestOf({}, sameName),
            fc.boolean(),
            async (sent, currentVersion) => {
              const [row] = await knex('s3_resources').where({ id });
              if (currentVersion && 'json' in sent && isObject(sent.json)) {
                (sent.json as any).version = Number(row.version);
              }
              // a platform member: a generated owner ('x' is group:default/x)
              // does not lock the rest of the run out of the resource
              const res = await send('PATCH', `${API}/${id}`, sent, 'carol');
              expectCleanAnswer(res, 200, sent);
              const [after] = await knex('s3_resources').where({ id });
              const ok = res.status === 200;
              if (ok) updated++;
              // a new version when accepted; otherwise the row as it was
              expect(Number(after.version)).toBe(
                Number(row.version) + (ok ? 1 : 0),
              );
              expect(ok ? row : after).toEqual(row);
            },
          ),
          { numRuns: RUNS, ...SEED },
        );
        expect(updated).toBeGreaterThan(RUNS / 50);
        // eslint-disable-next-line no-console
        console.log(
          `${databaseId}: ${created} of ${RUNS} creates and ${updated} of ${RUNS} updates accepted; refusals: ${[
            ...answers,
          ]
            .map(([k, v]) => `${k} ×${v}`)
            .join(', ')}`,
        );
      } finally {
        await portal.stop();
      }
    });
  });
});

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
