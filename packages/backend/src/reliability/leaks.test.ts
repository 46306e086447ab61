// Over 400 lines: each leak scenario needs the shared backend and sampling helpers above it.
import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { TestDatabases } from '@backstage/backend-test-utils';
import catalogBackend from '@backstage/plugin-catalog-backend';
import catalogScaffolderModel from '@backstage/plugin-catalog-backend-module-scaffolder-entity-model';
import { eventsServiceFactory } from '@backstage/plugin-events-node';
import scaffolderBackend from '@backstage/plugin-scaffolder-backend';
import {
  TestBucket,
  createTestBucket,
  getTestS3,
  requireEnforcingServer,
  settleEndedScaffolderTask,
} from '@internal/s3-test-harness';
import catalogModuleS3Resources from '@s3-resources/plugin-catalog-backend-module-s3-resources';
import scaffolderModuleS3Resources from '@s3-resources/plugin-scaffolder-backend-module-s3-resources';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  PortalBackend,
  startPortalBackend,
  allowLocalEndpoint,
} from '../__testUtils__/portalBackend';

jest.setTimeout(300_000);

const API = '/api/s3-resources';
const TEMPLATE = path.resolve(
  __dirname,
  '../../../../examples/templates/register-s3-bucket/template.yaml',
);
/**
 * AWS-shaped key IDs: masked to their last 4 characters in every output,
 * except a resource's own key ID shown whole to someone who may update the
 * resource (so rotating only the secret keeps the key ID filled in).
 */
const AWS_KEY_ID = /(AKIA|ASIA)[A-Z0-9]{16}/g;
const SECRETS = {
  first: 'leakTestSecret/FirstOne+wJalrXUtnFEMI/K7MDENG',
  rotated: 'leakTestSecret/Rotated+bPxRfiCYEXAMPLEKEY',
  roleSource: 'leakTestSecret/RoleSource+9s8d7f6g5h4j',
  unsaved: 'leakTestSecret/Unsaved+a1b2c3d4e5f6',
};

const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

/** Log lines with errors spelled out (JSON.stringify drops an Error's message). */
function serialize(value: unknown): string {
  return JSON.stringify(value, (_key, v) => {
    if (v instanceof Error) {
      return { ...v, name: v.name, message: v.message, stack: v.stack };
    }
    if (typeof v === 'bigint') return String(v);
    return v;
  });
}

type Hit = { where: string; what: string; context: string };

function scan(
  where: string,
  text: string,
  secrets: string[],
  options: { keyIds: boolean } = { keyIds: true },
): Hit[] {
  const hits: Hit[] = [];
  const around = (i: number) => text.slice(Math.max(0, i - 120), i + 120);
  for (const secret of secrets) {
    for (
      let i = text.indexOf(secret);
      i >= 0;
      i = text.indexOf(secret, i + 1)
    ) {
      hits.push({ where, what: 'a test secret', context: around(i) });
    }
  }
  for (const m of options.keyIds ? text.matchAll(AWS_KEY_ID) : []) {
    hits.push({ where, what: m[0], context: around(m.index!) });
  }
  return hits;
}

describe('no secret leaves the backend', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
  let portal: PortalBackend | undefined;
  let bucket: TestBucket | undefined;
  let importable: TestBucket | undefined;
  let workDir: string | undefined;

  // before the databases' own afterAll closes them under a running backend
  afterEach(async () => {
    await portal?.stop();
    portal = undefined;
  });
  afterAll(async () => {
    await bucket?.cleanup();
    await importable?.cleanup();
    if (workDir) await fs.rm(workDir, { recursive: true, force: true });
  });

  it('in any log line, API response, catalog entity or scaffolder task output of a full flow', async () => {
    const s3 = requireEnforcingServer('the leak scan');
    const rgw = new URL(getTestS3().endpoint);
    bucket = await createTestBucket('leak');
    importable = await createTestBucket('leak-import');
    workDir = await fs.mkdtemp(path.join(os.tmpdir(), 's3r-leaks-'));
    const clients = new Map<string, ReturnType<typeof databases.init>>();
    portal = await startPortalBackend({
      keepResponses: true,
      database: createServiceFactory({
        service: coreServices.database,
        deps: { plugin: coreServices.pluginMetadata },
        factory: ({ plugin }) => ({
          getClient: () => {
            const id = plugin.getId();
            if (!clients.has(id)) clients.set(id, databases.init('SQLITE_3'));
            return clients.get(id)!;
          },
        }),
      }),
      features: [
        catalogBackend,
        catalogScaffolderModel,
        catalogModuleS3Resources,
        scaffolderBackend,
        scaffolderModuleS3Resources,
        eventsServiceFactory,
      ],
      config: {
        backend: { workingDirectory: workDir },
        catalog: {
          processingInterval: { seconds: 1 },
          rules: [{ allow: ['Template', 'Resource', 'Location'] }],
          locations: [{ type: 'file', target: TEMPLATE }],
          providers: {
            s3Resources: {
              schedule: {
                frequency: { minutes: 10 },
                timeout: { minutes: 1 },
                initialDelay: { seconds: 1 },
              },
            },
          },
        },
      },
      s3Resources: allowLocalEndpoint(rgw.href),
    });
    const { call } = portal;
    const ok = async (
      promise: ReturnType<typeof call>,
      ...statuses: number[]
    ) => {
      const res = await promise;
      if (!statuses.includes(res.status)) {
        throw new Error(`${res.status}: ${res.text.slice(0, 1000)}`);
      }
      return res;
    };
    const location = {
      provider: 'ceph-rgw',
      endpoint: s3.endpoint,
      bucket: bucket.bucket,
    };

    // register: an unknown AWS-shaped key, the tester's real key, an assumed role
    const unknownKey = await ok(
      call('alice', 'POST', `${API}/resources`, {
        name: 'leak-unknown-key',
        owner: 'group:default/team-a',
        ...location,
        prefix: 'unknown/',
        auth: {
          method: 'access-key',
          accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
          secretAccessKey: SECRETS.first,
        },
      }),
      201,
    );
    const realKey = await ok(
      call('alice', 'POST', `${API}/resources`, {
        name: 'leak-real-key',
        owner: 'group:default/team-a',
        ...location,
        prefix: 'real/',
        accessLevel: 'read-write',
        auth: { method: 'access-key', ...s3.users.tester },
      }),
      201,
    );
    const role = await ok(
      call('alice', 'POST', `${API}/resources`, {
        name: 'leak-role',
        owner: 'group:default/team-a',
        ...location,
        prefix: 'role/',
        auth: {
          method: 'assume-role',
          roleArn: 'arn:aws:iam::123456789012:role/leak-reader',
          source: {
            method: 'access-key',
            accessKeyId: 'AKIAI44QH8DHBEXAMPLE',
            secretAccessKey: SECRETS.roleSource,
          },
        },
      }),
      201,
    );
    const ids = [unknownKey, realKey, role].map(r => r.json.id as string);

    // refusals that carry secrets: invalid, duplicate, stale version
    await ok(
      call('alice', 'POST', `${API}/resources`, {
        name: 'leak-bad',
        owner: 'group:default/team-a',
        ...location,
        bucket: 'BAD_BUCKET',
        auth: {
          method: 'access-key',
          accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
          secretAccessKey: SECRETS.first,
        },
      }),
      400,
    );
    await ok(
      call('alice', 'POST', `${API}/resources`, {
        name: 'leak-unknown-key',
        owner: 'group:default/team-a',
        ...location,
        prefix: 'unknown/',
        auth: {
          method: 'access-key',
          accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
          secretAccessKey: SECRETS.first,
        },
      }),
      409,
    );

    // read everything back
    await ok(call('alice', 'GET', `${API}/resources`), 200);
    // a reader who may not update sees the key IDs masked
    const asReader = await ok(
      call('bob', 'GET', `${API}/resources?q=leak`),
      200,
    );
    expect(asReader.json.items.length).toBeGreaterThan(0);
    expect(asReader.text).toMatch(/"accessKeyId":"[^"]*MPLE"/);
    for (const id of ids) {
      await ok(call('alice', 'GET', `${API}/resources/${id}`), 200);
      await ok(call('alice', 'GET', `${API}/resources/${id}/policies`), 200);
    }
    await ok(
      call('alice', 'GET', `${API}/resources/by-name/leak-unknown-key`),
      200,
    );

    // update: a title, a new secret, then a stale version carrying a secret
    await ok(
      call('alice', 'PATCH', `${API}/resources/${ids[0]}`, {
        version: 1,
        title: 'Leak test',
      }),
      200,
    );
    await ok(
      call('alice', 'PATCH', `${API}/resources/${ids[0]}`, {
        version: 2,
        auth: {
          method: 'access-key',
          accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
          secretAccessKey: SECRETS.rotated,
        },
      }),
      200,
    );
    await ok(
      call('alice', 'PATCH', `${API}/resources/${ids[0]}`, {
        version: 1,
        auth: {
          method: 'access-key',
          accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
          secretAccessKey: SECRETS.first,
        },
      }),
      409,
    );

    // connection tests: stored resources, JSON and streamed; unsaved configurations
    for (const id of ids) {
      await ok(call('alice', 'POST', `${API}/resources/${id}/test`), 200);
    }
    await ok(
      call(
        'alice',
        'POST',
        `${API}/resources/${ids[1]}/test`,
        { writeProbe: true },
        { accept: 'application/x-ndjson' },
      ),
      200,
    );
    for (const accept of ['application/json', 'application/x-ndjson']) {
      await ok(
        call(
          'dave',
          'POST',
          `${API}/test?writeProbe=true`,
          {
            name: 'leak-unsaved',
            owner: 'group:default/team-a',
            ...location,
            auth: {
              method: 'access-key',
              accessKeyId: 'AKIAJEXAMPLEUNSAVED1',
              secretAccessKey: SECRETS.unsaved,
            },
          },
          { accept },
        ),
        200,
      );
    }
    await ok(call('alice', 'GET', `${API}/resources/${ids[1]}/tests`), 200);

    // import: discover with the tester's key, then register one bucket
    const source = {
      provider: 'ceph-rgw',
      endpoint: s3.endpoint,
      auth: { method: 'access-key', ...s3.users.tester },
    };
    await ok(
      call(
        'alice',
        'POST',
        `${API}/import/discover`,
        { source },
        { accept: 'application/x-ndjson' },
      ),
      200,
    );
    await ok(
      call('alice', 'POST', `${API}/import`, {
        source,
        buckets: [{ bucket: importable.bucket, owner: 'group:default/team-a' }],
      }),
      200,
    );

    // audit trail and its exports, key rotation (platform group)
    await ok(call('carol', 'GET', `${API}/audit`), 200);
    await ok(call('carol', 'GET', `${API}/audit?format=csv`), 200);
    await ok(call('carol', 'GET', `${API}/audit?format=ndjson`), 200);
    await ok(call('carol', 'POST', `${API}/admin/rotate-keys`), 200);

    // the scaffolder registers a bucket with the secret from the task's secrets
    for (let i = 0; ; i++) {
      const template = await call(
        'alice',
        'GET',
        '/api/catalog/entities/by-name/template/default/register-s3-bucket',
      );
      if (template.status === 200) break;
      if (i > 240) throw new Error('the template never reached the catalog');
      await sleep(250);
    }
    const task = await ok(
      call('alice', 'POST', '/api/scaffolder/v2/tasks', {
        templateRef: 'template:default/register-s3-bucket',
        values: {
          name: 'leak-template',
          title: 'Leak template',
          owner: 'group:default/team-a',
          location: {
            provider: 'ceph-rgw',
            endpoint: s3.endpoint,
            region: 'us-east-1',
            forcePathStyle: true,
          },
          bucket: bucket.bucket,
          prefix: 'template/',
          accessLevel: 'read-write',
          defaultAcl: 'none',
          uploadMode: 'multipart',
          authMethod: 'access-key',
          accessKeyId: s3.users.tester.accessKeyId,
        },
        secrets: { secretAccessKey: s3.users.tester.secretAccessKey },
      }),
      201,
    );
    let finished;
    for (let i = 0; ; i++) {
      finished = await call(
        'alice',
        'GET',
        `/api/scaffolder/v2/tasks/${task.json.id}`,
      );
      if (['completed', 'failed', 'cancelled'].includes(finished.json.status))
        break;
      if (i > 480) throw new Error('the task never ended');
      await sleep(250);
    }
    await settleEndedScaffolderTask();
    const events = await ok(
      call('alice', 'GET', `/api/scaffolder/v2/tasks/${task.json.id}/events`),
      200,
    );
    expect([finished.json.status, events.text.slice(-2000)]).toEqual([
      'completed',
      expect.anything(),
    ]);

    // the catalog publishes every resource; read the entities back
    let entities;
    for (let i = 0; ; i++) {
      entities = await call(
        'alice',
        'GET',
        '/api/catalog/entities?filter=kind=resource',
      );
      if (entities.json?.length >= 5) break;
      if (i > 240) throw new Error(`entities: ${entities.text.slice(0, 500)}`);
      await sleep(250);
    }
    await ok(call('alice', 'DELETE', `${API}/resources/${ids[2]}`), 204);

    const secrets = [
      ...Object.values(SECRETS),
      ...Object.values(s3.users).map(u => u.secretAccessKey),
    ];
    // the scan itself finds what it looks for
    expect(
      scan('self-check', `x ${SECRETS.first} AKIAIOSFODNN7EXAMPLE x`, secrets),
    ).toHaveLength(2);
    const hits = [
      ...portal.logger.lines.flatMap((line, i) =>
        scan(`log line ${i}`, serialize(line), secrets),
      ),
      ...portal.responses.flatMap(({ user, path: at, body }, i) =>
        scan(`response ${i} (${user} ${at})`, body, secrets, {
          // alice registered the resources and may update them: the key IDs
          // are hers to see whole; everyone else gets them masked
          keyIds: user !== 'alice',
        }),
      ),
    ];
    // eslint-disable-next-line no-console
    console.log(
      `scanned ${portal.logger.lines.length} log lines and ${portal.responses.length} responses (${entities.json.length} entities, task ${finished.json.status}) for ${secrets.length} secrets and AWS-shaped key IDs`,
    );
    expect(hits).toEqual([]);
  });
});
