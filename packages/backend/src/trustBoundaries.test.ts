// Over 400 lines: every trust boundary tried on the real portal backend, as one list.
import { mockServices } from '@backstage/backend-test-utils';
import { createTestDatabases } from '@internal/s3-test-harness';
import { Knex } from 'knex';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import {
  PortalBackend,
  startPortalBackend,
} from './__testUtils__/portalBackend';

jest.setTimeout(120_000);

/**
 * The trust boundaries of the resource API with the shipped policy:
 * ownership is claimed, not typed; an update meets exactly the rules of a
 * create; a stored secret stays with what it was entered for; a change
 * applies to the row that was authorized. Users (MEMBERSHIP): alice and
 * dave in team-a, bob in team-b, carol in platform-team.
 */

const API = '/api/s3-resources/resources';
const RGW = 'http://127.0.0.1:7480';
const OTHER_RGW = 'http://127.0.0.1:7481';
const SECRET = 'trust-boundary-secret-0000000000000000';

const body = (name: string, extra: Record<string, unknown> = {}) => ({
  name,
  owner: 'group:default/team-a',
  provider: 'ceph-rgw',
  bucket: `${name}-bucket`,
  endpoint: RGW,
  auth: {
    method: 'access-key',
    accessKeyId: 'AKIATRUSTBOUNDARY001',
    secretAccessKey: SECRET,
  },
  ...extra,
});

describe('trust boundaries of the resource API', () => {
  const databases = createTestDatabases();

  describe.each(databases.eachSupportedId())('on %p', databaseId => {
    let knex: Knex;
    let portal: PortalBackend;

    const start = async (s3Resources: Record<string, unknown> = {}) => {
      const db = await databases.init(databaseId);
      const backend = await startPortalBackend({
        database: mockServices.database.factory({ knex: db }),
        s3Resources: {
          endpoints: {
            allow: [
              {
                host: '127.0.0.1',
                ports: [7480, 7481],
                allowHttp: true,
                allowPrivateAddresses: true,
              },
            ],
          },
          ...s3Resources,
        },
      });
      return { db, backend };
    };

    beforeAll(async () => {
      ({ db: knex, backend: portal } = await start());
    });
    afterAll(() => portal?.stop());

    const rows = () => knex('s3_resources').orderBy('name').select('*');
    const auditOf = (action: string, name: string) =>
      knex('s3_resource_audit')
        .where({ action, resource_name: name })
        .orderBy('seq')
        .select('actor', 'outcome', 'message');

    it('registers only for the caller or their groups, unless platform', async () => {
      const before = await rows();
      const foreign = await portal.call(
        'bob',
        'POST',
        API,
        body('bob-for-team-a'),
      );
      expect(foreign.status).toBe(403);
      expect(foreign.json.error.message).toContain('group:default/team-a');
      expect(await rows()).toEqual(before);
      expect(await auditOf('resource-create', 'bob-for-team-a')).toEqual([
        {
          actor: 'user:default/bob',
          outcome: 'failure',
          message: expect.stringContaining('group:default/team-a'),
        },
      ]);

      // any spelling of one's own group or oneself
      for (const [name, owner] of [
        ['bob-team', 'team-b'],
        ['bob-self', 'user:bob'],
      ]) {
        const own = await portal.call(
          'bob',
          'POST',
          API,
          body(name, { owner }),
        );
        expect([own.status, own.json.owner]).toEqual([
          201,
          owner === 'team-b' ? 'group:default/team-b' : 'user:default/bob',
        ]);
      }
      const platform = await portal.call(
        'carol',
        'POST',
        API,
        body('carol-for-team-a'),
      );
      expect([platform.status, platform.json.owner]).toEqual([
        201,
        'group:default/team-a',
      ]);
    });

    it('moves a resource only with the right to the old owner and membership of the new', async () => {
      const created = await portal.call('alice', 'POST', API, body('moving'));
      expect(created.status).toBe(201);
      const { id } = created.json;
      const patch = (user: string, change: Record<string, unknown>) =>
        portal.call(user, 'PATCH', `${API}/${id}`, change);

      // alice may change team-a's resource but not give it to team-b
      const away = await patch('alice', { version: 1, owner: 'team-b' });
      expect(away.status).toBe(403);
      expect(away.json.error.message).toContain('group:default/team-b');
      // bob belongs to team-b but has no right to team-a's resource
      const taken = await patch('bob', { version: 1, owner: 'team-b' });
      expect(taken.status).toBe(403);
      // dave (team-a) may move it to himself; carol (platform) anywhere
      const toDave = await patch('dave', {
        version: 1,
        owner: 'user:default/dave',
      });
      expect([toDave.status, toDave.json.owner]).toEqual([
        200,
        'user:default/dave',
      ]);
      const toB = await patch('carol', { version: 2, owner: 'team-b' });
      expect([toB.status, toB.json.owner]).toEqual([
        200,
        'group:default/team-b',
      ]);
      const trail = await auditOf('resource-update', 'moving');
      expect(trail.map(t => `${t.actor} ${t.outcome}`)).toEqual([
        'user:default/alice failure',
        'user:default/bob failure',
        'user:default/dave success',
        'user:default/carol success',
      ]);
    });

    it('caps the resources of one owner', async () => {
      const capped = await start({ limits: { resourcesPerOwner: 3 } });
      try {
        const create = (name: string, owner: string) =>
          capped.backend.call('carol', 'POST', API, body(name, { owner }));
        for (let i = 0; i < 3; i++) {
          expect(
            (await create(`capped-${i}`, 'user:default/erin')).status,
          ).toBe(201);
        }
        const full = await create('capped-3', 'user:default/erin');
        expect(full.status).toBe(403);
        expect(full.json.error.message).toMatch(
          /user:default\/erin already owns 3 S3 resources.*resourcesPerOwner/,
        );
        // a transfer to a full owner is refused too
        const other = await create('capped-x', 'group:default/team-a');
        const moved = await capped.backend.call(
          'carol',
          'PATCH',
          `${API}/${other.json.id}`,
          { version: 1, owner: 'user:default/erin' },
        );
        expect(moved.status).toBe(403);
        const [{ n }] = await capped
          .db('s3_resources')
          .where({ owner: 'user:default/erin' })
          .count({ n: '*' });
        expect(Number(n)).toBe(3);
      } finally {
        await capped.backend.stop();
      }
    });

    it('validates an update as the merged resource, by the rules of a create', async () => {
      const created = await portal.call('alice', 'POST', API, body('merged'));
      const { id } = created.json;
      const before = await knex('s3_resources').where({ id }).first();
      const switched = await portal.call('alice', 'PATCH', `${API}/${id}`, {
        version: 1,
        auth: { method: 'aws-account', accountId: 'not-an-account' },
      });
      expect(switched.status).toBe(400);
      expect(switched.json.error.message).toContain(
        'auth.method: "aws-account" credentials work only with Amazon S3',
      );
      // the same body as a create is refused by the same rule
      const asCreate = await portal.call(
        'alice',
        'POST',
        API,
        body('merged-create', {
          auth: { method: 'aws-account', accountId: 'not-an-account' },
        }),
      );
      expect(asCreate.status).toBe(400);
      expect(asCreate.json.error.message).toContain(
        'auth.method: "aws-account" credentials work only with Amazon S3',
      );
      // a provider without STS cannot keep an assume-role resource
      const role = await portal.call(
        'alice',
        'POST',
        API,
        body('merged-role', {
          auth: {
            method: 'assume-role',
            roleArn: 'arn:aws:iam:::role/reader',
            source: {
              method: 'access-key',
              accessKeyId: 'AKIATRUSTBOUNDARY001',
              secretAccessKey: SECRET,
            },
          },
        }),
      );
      expect(role.status).toBe(201);
      const noSts = await portal.call(
        'alice',
        'PATCH',
        `${API}/${role.json.id}`,
        { version: 1, provider: 'r2', region: 'auto' },
      );
      expect(noSts.status).toBe(400);
      expect(noSts.json.error.message).toContain('needs STS');
      expect(await knex('s3_resources').where({ id }).first()).toEqual(before);
    });

    it('asks for the secret again when what it was entered for changes', async () => {
      const created = await portal.call('alice', 'POST', API, body('bound'));
      const { id } = created.json;
      const before = await knex('s3_resources').where({ id }).first();
      const keyAuth = {
        method: 'access-key',
        accessKeyId: 'AKIATRUSTBOUNDARY001',
      };
      for (const [what, change] of [
        ['endpoint', { endpoint: OTHER_RGW }],
        ['bucket', { bucket: 'another-bucket' }],
        ['region', { region: 'eu-west-1' }],
        ['addressing', { forcePathStyle: false }],
        ['provider', { provider: 'minio', auth: keyAuth }],
        [
          'role ARN',
          {
            auth: {
              method: 'assume-role',
              roleArn: 'arn:aws:iam:::role/other',
              source: keyAuth,
            },
          },
        ],
      ] as const) {
        const moved = await portal.call('alice', 'PATCH', `${API}/${id}`, {
          version: 1,
          ...change,
        });
        expect([what, moved.status]).toEqual([what, 400]);
        expect(moved.json.error.message).toContain('auth.secretAccessKey');
        expect(moved.json.error.message).toContain(what);
      }
      expect(await knex('s3_resources').where({ id }).first()).toEqual(before);
      // with the secret typed again, the move is fine; the description alone needs none
      const typed = await portal.call('alice', 'PATCH', `${API}/${id}`, {
        version: 1,
        endpoint: OTHER_RGW,
        auth: { ...keyAuth, secretAccessKey: SECRET },
      });
      expect(typed.status).toBe(200);
      const described = await portal.call('alice', 'PATCH', `${API}/${id}`, {
        version: 2,
        description: 'no secret needed',
      });
      expect([described.status, described.json.auth.hasSecret]).toEqual([
        200,
        true,
      ]);
    });

    it('applies a change to the row that was authorized, never to a newer one', async () => {
      // Pause alice's request once her row is read, while it is authorized.
      let pause: Promise<void> | undefined;
      let paused: () => void = () => {};
      let resume: () => void = () => {};
      const db = await databases.init(databaseId);
      const gated = await startPortalBackend({
        database: mockServices.database.factory({ knex: db }),
        s3Resources: {
          endpoints: {
            allow: [
              {
                host: '127.0.0.1',
                ports: [7480],
                allowHttp: true,
                allowPrivateAddresses: true,
              },
            ],
          },
        },
        beforeUserInfo: async ref => {
          if (ref === 'user:default/alice' && pause) {
            const waiting = pause;
            pause = undefined;
            paused();
            await waiting;
          }
        },
      });
      try {
        const created = await gated.call('alice', 'POST', API, body('held'));
        const { id } = created.json;
        const reached = new Promise<void>(r => {
          paused = r;
        });
        pause = new Promise<void>(r => {
          resume = r;
        });
        // alice read version 1 (team-a's) and sends the version she
        // expects after someone else's change...
        const hijack = gated.call('alice', 'PATCH', `${API}/${id}`, {
          version: 2,
          description: 'written on a row alice no longer owned',
        });
        await reached;
        // ...which the platform makes now: the resource goes to team-b.
        const moved = await gated.call('carol', 'PATCH', `${API}/${id}`, {
          version: 1,
          owner: 'team-b',
        });
        expect(moved.status).toBe(200);
        resume();
        const answer = await hijack;
        expect(answer.status).toBe(409);
        const after = await db('s3_resources').where({ id }).first();
        expect([after.owner, Number(after.version)]).toEqual([
          'group:default/team-b',
          2,
        ]);
        expect(after.settings).not.toContain('no longer owned');
      } finally {
        await gated.stop();
      }
    });

    it('lets only the users and groups the operator lists use an AWS account', async () => {
      const listed = await start({
        awsAccounts: [
          { accountId: '111111111111', allow: ['group:default/platform-team'] },
          { accountId: '222222222222', allow: ['team-a'] },
        ],
      });
      try {
        const call = listed.backend.call;
        const awsBody = (name: string, owner: string, accountId: string) => ({
          name,
          owner,
          provider: 'aws',
          region: 'eu-west-1',
          bucket: `${name}-bucket`,
          auth: { method: 'aws-account', accountId },
        });
        const cases: Array<[string, string, string, number]> = [
          // user, owner, account, status
          ['alice', 'team-a', '222222222222', 201],
          ['bob', 'team-b', '222222222222', 403], // team-b is not listed
          ['alice', 'team-a', '333333333333', 403], // no list: no one
          ['carol', 'team-a', '111111111111', 403], // the owner is not listed
          ['carol', 'platform-team', '111111111111', 201],
          ['carol', 'team-a', '222222222222', 403], // carol is not listed
        ];
        const seen = [];
        for (const [i, [user, owner, account]] of cases.entries()) {
          const res = await call(
            user,
            'POST',
            API,
            awsBody(`acct-${i}`, owner, account),
          );
          seen.push({
            user,
            owner,
            account,
            status: res.status,
            message: res.json?.error?.message ?? '',
          });
        }
        const refusal = (account: string) =>
          `auth.accountId: the AWS account ${account} is not available to`;
        expect(
          seen.map(
            r => `${r.status} ${r.message.startsWith(refusal(r.account))}`,
          ),
        ).toEqual(cases.map(([, , , status]) => `${status} ${status === 403}`));
        // as the source of a role, in a test of a configuration, in a discovery
        const roleFromAccount = {
          ...awsBody('acct-role', 'team-a', '333333333333'),
          auth: {
            method: 'assume-role',
            roleArn: 'arn:aws:iam::123456789012:role/reader',
            source: { method: 'aws-account', accountId: '333333333333' },
          },
        };
        const viaRole = await call('alice', 'POST', API, roleFromAccount);
        expect(viaRole.status).toBe(403);
        expect(viaRole.json.error.message).toContain('auth.source.accountId');
        const tested = await call(
          'alice',
          'POST',
          '/api/s3-resources/test',
          awsBody('acct-test', 'team-a', '333333333333'),
        );
        expect(tested.status).toBe(403);
        const discovered = await call(
          'alice',
          'POST',
          '/api/s3-resources/import/discover',
          {
            source: {
              provider: 'aws',
              region: 'eu-west-1',
              auth: { method: 'aws-account', accountId: '333333333333' },
            },
          },
        );
        expect(discovered.status).toBe(403);
        // the operator's credentials go to AWS's own endpoints only
        const elsewhere = await call('alice', 'POST', API, {
          ...awsBody('acct-elsewhere', 'team-a', '222222222222'),
          endpoint: RGW,
        });
        expect(elsewhere.status).toBe(400);
        expect(elsewhere.json.error.message).toContain(
          'auth-aws-account-endpoint',
        );
        const discoveredElsewhere = await call(
          'alice',
          'POST',
          '/api/s3-resources/import/discover',
          {
            source: {
              provider: 'minio',
              endpoint: RGW,
              auth: { method: 'aws-account', accountId: '222222222222' },
            },
          },
        );
        expect(discoveredElsewhere.status).toBe(400);
        expect(discoveredElsewhere.json.error.message).toContain(
          'auth-aws-account-provider',
        );
        // a move to an owner who may not use the account
        const own = await call('alice', 'GET', `${API}/by-name/acct-0`);
        const moved = await call('carol', 'PATCH', `${API}/${own.json.id}`, {
          version: own.json.version,
          owner: 'team-b',
        });
        expect(moved.status).toBe(403);
        // where the account's requests go is the caller's choice too
        const rebucketed = await call(
          'carol',
          'PATCH',
          `${API}/${own.json.id}`,
          {
            version: own.json.version,
            bucket: 'elsewhere-bucket',
          },
        );
        expect(rebucketed.status).toBe(403);
        const described = await call(
          'carol',
          'PATCH',
          `${API}/${own.json.id}`,
          {
            version: own.json.version,
            description: 'a description needs no account',
          },
        );
        expect(described.status).toBe(200);
        expect(
          await listed.db('s3_resources').orderBy('name').pluck('name'),
        ).toEqual(['acct-0', 'acct-4']);
      } finally {
        await listed.backend.stop();
      }
    });

    it('accepts an ExternalId only from the portal, issued to the caller, and keeps it', async () => {
      const issue = async (user: string) => {
        const res = await portal.call(
          user,
          'POST',
          '/api/s3-resources/external-ids',
        );
        expect(res.status).toBe(201);
        return res.json.externalId as string;
      };
      const roleBody = (name: string, externalId?: string) =>
        body(name, {
          auth: {
            method: 'assume-role',
            roleArn: 'arn:aws:iam:::role/reader',
            ...(externalId ? { externalId } : {}),
            source: {
              method: 'access-key',
              accessKeyId: 'AKIATRUSTBOUNDARY001',
              secretAccessKey: SECRET,
            },
          },
        });
      const mine = await issue('alice');
      const created = await portal.call(
        'alice',
        'POST',
        API,
        roleBody('ext-kept', mine),
      );
      expect(created.status).toBe(201);
      expect(created.json.auth.externalId).toBe(mine);
      // used by one resource, it is not accepted for another
      const again = await portal.call(
        'alice',
        'POST',
        API,
        roleBody('ext-again', mine),
      );
      expect(again.status).toBe(400);
      expect(again.json.error.message).toContain('another resource already');
      // one issued to someone else, or one made up, is refused
      const bobs = await issue('bob');
      for (const [name, externalId] of [
        ['ext-bobs', bobs],
        ['ext-made-up', `${'x'.repeat(40)}.${'y'.repeat(22)}`],
        [
          'ext-tampered',
          `${mine.slice(0, -1)}${mine.endsWith('A') ? 'B' : 'A'}`,
        ],
      ]) {
        const refused = await portal.call(
          'alice',
          'POST',
          API,
          roleBody(name, externalId),
        );
        expect([name, refused.status]).toEqual([name, 400]);
        expect(refused.json.error.message).toContain('auth.externalId');
      }
      // it stays for the life of the resource
      const changed = await portal.call(
        'alice',
        'PATCH',
        `${API}/${created.json.id}`,
        {
          version: 1,
          auth: {
            method: 'assume-role',
            roleArn: 'arn:aws:iam:::role/reader',
            externalId: await issue('alice'),
            source: {
              method: 'access-key',
              accessKeyId: 'AKIATRUSTBOUNDARY001',
            },
          },
        },
      );
      expect(changed.status).toBe(400);
      // none sent: the server generates one
      const generated = await portal.call(
        'alice',
        'POST',
        API,
        roleBody('ext-new'),
      );
      expect(generated.json.auth.externalId).toMatch(/^[\w-]{32,}$/);
    });

    it('never calls AssumeRole without an ExternalId, also for a configuration not registered', async () => {
      const seen: string[] = [];
      const sts = http.createServer((req, res) => {
        let text = '';
        req.on('data', c => (text += c));
        req.on('end', () => {
          seen.push(text);
          res.writeHead(403, { 'content-type': 'text/xml' });
          res.end(
            '<ErrorResponse><Error><Code>AccessDenied</Code></Error></ErrorResponse>',
          );
        });
      });
      await new Promise<void>(r => sts.listen(0, '127.0.0.1', r));
      const { port } = sts.address() as AddressInfo;
      const recorded = await start({
        endpoints: {
          allow: [
            {
              host: '127.0.0.1',
              ports: [port],
              allowHttp: true,
              allowPrivateAddresses: true,
            },
          ],
        },
      });
      try {
        const configuration = {
          ...body('ext-sent'),
          endpoint: `http://127.0.0.1:${port}`,
          auth: {
            method: 'assume-role',
            roleArn: 'arn:aws:iam:::role/reader',
            source: {
              method: 'access-key',
              accessKeyId: 'AKIATRUSTBOUNDARY001',
              secretAccessKey: SECRET,
            },
          },
        };
        const tested = await recorded.backend.call(
          'alice',
          'POST',
          '/api/s3-resources/test',
          configuration,
        );
        expect(tested.status).toBe(200);
        const assumed = seen.filter(b => b.includes('Action=AssumeRole'));
        expect(assumed).toHaveLength(1);
        expect(assumed[0]).toMatch(/ExternalId=[\w.%-]{32,}/);
      } finally {
        await recorded.backend.stop();
        await new Promise(r => sts.close(r));
      }
    });
  });
});
