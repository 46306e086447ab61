// Over 400 lines: one matrix of routes × callers, read as a single table.
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { createTestDatabases } from '@internal/s3-test-harness';
import { Knex } from 'knex';
import {
  PortalBackend,
  startPortalBackend,
} from './__testUtils__/portalBackend';

jest.setTimeout(300_000);

/**
 * Every route of the S3 resources API × every kind of caller, with the
 * shipped policy: status, the error's name or the answer's shape, and the
 * audit trail's row. The resource of each cell is fresh and owned by team-a;
 * its bucket is on an allow-listed endpoint that refuses connections, so
 * tests and discoveries end quickly without a server.
 * S3R_MATRIX_RECORD=1 prints the observed matrix instead of checking it.
 */

const API = '/api/s3-resources';
// a port nothing listens on (binding it needs root)
const CLOSED = 'http://127.0.0.1:1';
const SECRET = 'matrix-secret-000000000000000000000000';

type Caller = 'owner' | 'other' | 'platform' | 'service' | 'none';
const CALLERS: Caller[] = ['owner', 'other', 'platform', 'service', 'none'];
const USERS: Record<Caller, string | undefined> = {
  owner: 'user:default/alice', // team-a
  other: 'user:default/bob', // team-b
  platform: 'user:default/carol', // platform-team
  service: undefined,
  none: undefined,
};

function headersOf(caller: Caller): Record<string, string> {
  if (caller === 'none') return {};
  if (caller === 'service') {
    return {
      Authorization: mockCredentials.service.header({
        onBehalfOf: mockCredentials.service('plugin:catalog'),
        targetPluginId: 's3-resources',
      }),
    };
  }
  return { Authorization: mockCredentials.user.header(USERS[caller]!) };
}

const resourceBody = (name: string) => ({
  name,
  owner: 'group:default/team-a',
  provider: 'ceph-rgw',
  bucket: `${name}-bucket`,
  endpoint: CLOSED,
  auth: {
    method: 'access-key',
    accessKeyId: 'AKIAMATRIXTEST000001',
    secretAccessKey: SECRET,
  },
  accessLevel: 'read-write',
  cors: { origins: ['http://localhost:3000'], uploadMode: 'simple-put' },
});

const IMPORT_SOURCE = {
  provider: 'ceph-rgw',
  endpoint: CLOSED,
  auth: {
    method: 'access-key',
    accessKeyId: 'AKIAMATRIXTEST000001',
    secretAccessKey: SECRET,
  },
};

type Route = {
  name: string;
  method: string;
  path: (id: string, name: string) => string;
  body?: (name: string, version: number) => unknown;
  /** The audit action a call writes (success or failure), if any. */
  audited?: string;
};

const ROUTES: Route[] = [
  { name: 'list', method: 'GET', path: () => `${API}/resources` },
  {
    name: 'create',
    method: 'POST',
    path: () => `${API}/resources`,
    body: name => resourceBody(`${name}-new`),
    audited: 'resource-create',
  },
  {
    name: 'issue an ExternalId',
    method: 'POST',
    path: () => `${API}/external-ids`,
  },
  { name: 'read', method: 'GET', path: id => `${API}/resources/${id}` },
  {
    name: 'read by name',
    method: 'GET',
    path: (_, name) => `${API}/resources/by-name/${name}`,
  },
  {
    name: 'update',
    method: 'PATCH',
    path: id => `${API}/resources/${id}`,
    body: (_, version) => ({ version, description: 'changed' }),
    audited: 'resource-update',
  },
  {
    name: 'transfer to team-b',
    method: 'PATCH',
    path: id => `${API}/resources/${id}`,
    body: (_, version) => ({ version, owner: 'team-b' }),
    audited: 'resource-update',
  },
  {
    name: 'delete',
    method: 'DELETE',
    path: id => `${API}/resources/${id}`,
    audited: 'resource-delete',
  },
  {
    name: 'policies',
    method: 'GET',
    path: id => `${API}/resources/${id}/policies`,
  },
  {
    name: 'storage figures',
    method: 'GET',
    path: id => `${API}/resources/${id}/storage`,
  },
  // never tested: every cell the bucket could grant is unknown
  {
    name: 'access map',
    method: 'GET',
    path: id => `${API}/resources/${id}/access`,
  },
  // the bucket is unreachable: every document is unknown, none matches
  {
    name: 'desired and live',
    method: 'GET',
    path: id => `${API}/resources/${id}/configuration`,
  },
  {
    name: 'test',
    method: 'POST',
    path: id => `${API}/resources/${id}/test`,
    body: () => ({}),
    audited: 'resource-test',
  },
  {
    name: 'test history',
    method: 'GET',
    path: id => `${API}/resources/${id}/tests`,
  },
  {
    name: 'test a configuration',
    method: 'POST',
    path: () => `${API}/test`,
    body: name => resourceBody(`${name}-config`),
    audited: 'configuration-test',
  },
  {
    name: 'import discovery',
    method: 'POST',
    path: () => `${API}/import/discover`,
    body: () => ({ source: IMPORT_SOURCE }),
    audited: 'import-discover',
  },
  {
    name: 'import for team-a',
    method: 'POST',
    path: () => `${API}/import`,
    body: name => ({
      source: IMPORT_SOURCE,
      buckets: [{ bucket: `${name}-imported`, owner: 'group:default/team-a' }],
    }),
    audited: 'resource-create',
  },
  { name: 'audit trail', method: 'GET', path: () => `${API}/audit` },
  { name: 'findings', method: 'GET', path: () => `${API}/findings` },
  {
    name: 'findings summary',
    method: 'GET',
    path: () => `${API}/findings/summary`,
  },
  { name: 'sweeps', method: 'GET', path: () => `${API}/audit/sweeps` },
  {
    name: 'reconciliation',
    method: 'GET',
    path: () => `${API}/audit/reconciliation`,
  },
  {
    name: 'reconciliation export',
    method: 'GET',
    // its audit event ends with the stream: reconciliation.rgw.test.ts checks it
    path: () => `${API}/audit/reconciliation?format=ndjson`,
  },
  {
    name: 'fleet storage',
    method: 'GET',
    path: () => `${API}/audit/storage`,
  },
  {
    name: 'fleet storage export',
    method: 'GET',
    // its audit event ends with the stream: storageInsight.test.ts checks it
    path: () => `${API}/audit/storage?format=ndjson`,
  },
  {
    name: 'fleet access',
    method: 'GET',
    path: () => `${API}/audit/access`,
  },
  {
    name: 'fleet access export',
    method: 'GET',
    // its audit event ends with the stream: accessMap.test.ts checks it
    path: () => `${API}/audit/access?format=ndjson`,
  },
  {
    name: 'run the sweep',
    method: 'POST',
    path: () => `${API}/audit/sweep`,
    audited: 'audit-sweep-trigger',
  },
  {
    name: 'rotate keys',
    method: 'POST',
    path: () => `${API}/admin/rotate-keys`,
    audited: 'keys-rotate',
  },
  // the bucket is unreachable: a caller let through gets 503 from the bucket
  {
    name: 'list objects',
    method: 'GET',
    path: id => `${API}/resources/${id}/objects`,
  },
  {
    name: 'object details',
    method: 'GET',
    path: id => `${API}/resources/${id}/objects/details?key=a.txt`,
  },
  {
    name: 'download link',
    method: 'POST',
    path: id => `${API}/resources/${id}/objects/links`,
    body: () => ({ key: 'a.txt', purpose: 'download' }),
    audited: 'object-download',
  },
  {
    name: 'upload',
    method: 'POST',
    path: id => `${API}/resources/${id}/objects/uploads`,
    body: () => ({ key: 'a.txt', size: 5 }),
    audited: 'object-upload',
  },
  {
    name: 'delete object',
    method: 'DELETE',
    path: id => `${API}/resources/${id}/objects?key=a.txt`,
    audited: 'object-delete',
  },
  {
    name: 'share link',
    method: 'POST',
    path: id => `${API}/resources/${id}/share-links`,
    body: () => ({ key: 'a.txt' }),
    audited: 'share-link-create',
  },
  { name: 'share links', method: 'GET', path: () => `${API}/share-links` },
];

/** What each caller gets: status, then the error's name or a field of the answer. */
const EXPECTED: Record<string, Record<Caller, string>> = {
  list: {
    owner: '200 items+totalCount',
    other: '200 items+totalCount',
    platform: '200 items+totalCount',
    service: '200 items+totalCount',
    none: '401 AuthenticationError',
  },
  create: {
    owner: '201 accessLevel+auth+bucket [success]',
    other: '403 NotAllowedError [failure]',
    platform: '201 accessLevel+auth+bucket [success]',
    service: '403 NotAllowedError',
    none: '401 AuthenticationError',
  },
  'issue an ExternalId': {
    owner: '201 externalId',
    other: '201 externalId',
    platform: '201 externalId',
    service: '403 NotAllowedError',
    none: '401 AuthenticationError',
  },
  read: {
    owner: '200 accessLevel+auth+bucket',
    other: '200 accessLevel+auth+bucket',
    platform: '200 accessLevel+auth+bucket',
    service: '200 accessLevel+auth+bucket',
    none: '401 AuthenticationError',
  },
  'read by name': {
    owner: '200 accessLevel+auth+bucket',
    other: '200 accessLevel+auth+bucket',
    platform: '200 accessLevel+auth+bucket',
    service: '200 accessLevel+auth+bucket',
    none: '401 AuthenticationError',
  },
  update: {
    owner: '200 accessLevel+auth+bucket [success]',
    other: '403 NotAllowedError [failure]',
    platform: '200 accessLevel+auth+bucket [success]',
    service: '403 NotAllowedError',
    none: '401 AuthenticationError',
  },
  'transfer to team-b': {
    owner: '403 NotAllowedError [failure]',
    other: '403 NotAllowedError [failure]',
    platform: '200 accessLevel+auth+bucket [success]',
    service: '403 NotAllowedError',
    none: '401 AuthenticationError',
  },
  delete: {
    owner: '204 no content [success]',
    other: '403 NotAllowedError [failure]',
    platform: '204 no content [success]',
    service: '403 NotAllowedError',
    none: '401 AuthenticationError',
  },
  policies: {
    owner: '200 cors+iamPolicy+lifecycle',
    other: '200 cors+iamPolicy+lifecycle',
    platform: '200 cors+iamPolicy+lifecycle',
    service: '200 cors+iamPolicy+lifecycle',
    none: '401 AuthenticationError',
  },
  'storage figures': {
    owner: '200 history+resourceId',
    other: '200 history+resourceId',
    platform: '200 history+resourceId',
    service: '200 history+resourceId',
    none: '401 AuthenticationError',
  },
  'access map': {
    owner: '200 findings+map',
    other: '403 NotAllowedError',
    platform: '200 findings+map',
    service: '200 findings+map',
    none: '401 AuthenticationError',
  },
  'desired and live': {
    owner: '200 checkedAt+documents+resourceId',
    other: '403 NotAllowedError',
    platform: '200 checkedAt+documents+resourceId',
    service: '403 NotAllowedError',
    none: '401 AuthenticationError',
  },
  test: {
    owner: '200 durationMs+id+initiatedBy [success]',
    other: '403 NotAllowedError [failure]',
    platform: '200 durationMs+id+initiatedBy [success]',
    service: '403 NotAllowedError',
    none: '401 AuthenticationError',
  },
  'test history': {
    owner: '200 items',
    other: '200 items',
    platform: '200 items',
    service: '200 items',
    none: '401 AuthenticationError',
  },
  'test a configuration': {
    owner: '200 durationMs+id+initiatedBy [success]',
    other: '200 durationMs+id+initiatedBy [success]',
    platform: '200 durationMs+id+initiatedBy [success]',
    service: '403 NotAllowedError',
    none: '401 AuthenticationError',
  },
  'import discovery': {
    owner: '400 InputError [failure]',
    other: '400 InputError [failure]',
    platform: '400 InputError [failure]',
    service: '403 NotAllowedError',
    none: '401 AuthenticationError',
  },
  'import for team-a': {
    owner: '200 list [success]',
    other: '200 list [failure]',
    platform: '200 list [success]',
    service: '403 NotAllowedError',
    none: '401 AuthenticationError',
  },
  'audit trail': {
    owner: '403 NotAllowedError',
    other: '403 NotAllowedError',
    platform: '200 items+nextCursor',
    service: '403 NotAllowedError',
    none: '401 AuthenticationError',
  },
  findings: {
    owner: '200 items+totalCount',
    other: '200 items+totalCount',
    platform: '200 items+totalCount',
    service: '200 items+totalCount',
    none: '401 AuthenticationError',
  },
  'findings summary': {
    owner: '200 byKind+bySeverity+lastSweep',
    other: '200 byKind+bySeverity+lastSweep',
    platform: '200 byKind+bySeverity+lastSweep',
    service: '200 byKind+bySeverity+lastSweep',
    none: '401 AuthenticationError',
  },
  sweeps: {
    owner: '403 NotAllowedError',
    other: '403 NotAllowedError',
    platform: '200 items',
    service: '200 items',
    none: '401 AuthenticationError',
  },
  reconciliation: {
    owner: '403 NotAllowedError',
    other: '403 NotAllowedError',
    platform: '200 items+sources+totalCount',
    service: '200 items+sources+totalCount',
    none: '401 AuthenticationError',
  },
  'reconciliation export': {
    owner: '403 NotAllowedError',
    other: '403 NotAllowedError',
    platform: '200 empty',
    service: '200 empty',
    none: '401 AuthenticationError',
  },
  'fleet storage': {
    owner: '403 NotAllowedError',
    other: '403 NotAllowedError',
    platform: '200 byOwner+byProvider+fastestGrowing',
    service: '200 byOwner+byProvider+fastestGrowing',
    none: '401 AuthenticationError',
  },
  'fleet storage export': {
    owner: '403 NotAllowedError',
    other: '403 NotAllowedError',
    platform: '200 empty',
    service: '200 empty',
    none: '401 AuthenticationError',
  },
  'fleet access': {
    owner: '403 NotAllowedError',
    other: '403 NotAllowedError',
    platform: '200 beyondLevel+byState+resources',
    service: '200 beyondLevel+byState+resources',
    none: '401 AuthenticationError',
  },
  'fleet access export': {
    owner: '403 NotAllowedError',
    other: '403 NotAllowedError',
    platform: '200 empty',
    service: '200 empty',
    none: '401 AuthenticationError',
  },
  'run the sweep': {
    owner: '403 NotAllowedError [failure]',
    other: '403 NotAllowedError [failure]',
    platform: '202 status+taskId [success]',
    service: '403 NotAllowedError',
    none: '401 AuthenticationError',
  },
  'rotate keys': {
    owner: '403 NotAllowedError [failure]',
    other: '403 NotAllowedError [failure]',
    platform: '200 activeKeyId+remaining+rotated [success]',
    service: '403 NotAllowedError',
    none: '401 AuthenticationError',
  },
  'list objects': {
    owner: '503 ServiceUnavailableError',
    other: '403 NotAllowedError',
    platform: '503 ServiceUnavailableError',
    service: '403 NotAllowedError',
    none: '401 AuthenticationError',
  },
  'object details': {
    owner: '503 ServiceUnavailableError',
    other: '403 NotAllowedError',
    platform: '503 ServiceUnavailableError',
    service: '403 NotAllowedError',
    none: '401 AuthenticationError',
  },
  'download link': {
    owner: '200 expiresAt+url [success]',
    other: '403 NotAllowedError [failure]',
    platform: '200 expiresAt+url [success]',
    service: '403 NotAllowedError',
    none: '401 AuthenticationError',
  },
  upload: {
    owner: '200 expiresAt+headers+key [success]',
    other: '403 NotAllowedError [failure]',
    platform: '200 expiresAt+headers+key [success]',
    service: '403 NotAllowedError',
    none: '401 AuthenticationError',
  },
  'delete object': {
    owner: '503 ServiceUnavailableError [failure]',
    other: '403 NotAllowedError [failure]',
    platform: '503 ServiceUnavailableError [failure]',
    service: '403 NotAllowedError',
    none: '401 AuthenticationError',
  },
  'share link': {
    owner: '503 ServiceUnavailableError [failure]',
    other: '403 NotAllowedError [failure]',
    platform: '503 ServiceUnavailableError [failure]',
    service: '403 NotAllowedError',
    none: '401 AuthenticationError',
  },
  'share links': {
    owner: '200 items',
    other: '200 items',
    platform: '200 items',
    service: '403 NotAllowedError',
    none: '401 AuthenticationError',
  },
};

type Observed = { status: number; what: string; audit: string };

describe('permission matrix of the S3 resources API', () => {
  const databases = createTestDatabases();

  describe.each(databases.eachSupportedId())('on %p', databaseId => {
    let knex: Knex;
    let portal: PortalBackend;
    let n = 0;

    beforeAll(async () => {
      knex = await databases.init(databaseId);
      portal = await startPortalBackend({
        database: mockServices.database.factory({ knex }),
        s3Resources: {
          endpoints: {
            allow: [
              {
                host: '127.0.0.1',
                ports: [1],
                allowHttp: true,
                allowPrivateAddresses: true,
              },
            ],
          },
          // scheduled, so that "run the sweep" has a task to trigger
          audit: {
            enabled: true,
            schedule: { frequency: { hours: 6 }, timeout: { minutes: 5 } },
          },
        },
      });
    });
    afterAll(() => portal?.stop());

    async function cell(route: Route, caller: Caller): Promise<Observed> {
      const name = `m${++n}`;
      const created = await portal.call('carol', 'POST', `${API}/resources`, {
        ...resourceBody(name),
      });
      expect(created.status).toBe(201);
      const { id, version } = created.json;
      const seqBefore = Number(
        (await knex('s3_resource_audit').max({ s: 'seq' }))[0].s ?? 0,
      );
      const res = await fetch(`${portal.base}${route.path(id, name)}`, {
        method: route.method,
        headers: {
          ...headersOf(caller),
          ...(route.body ? { 'content-type': 'application/json' } : {}),
        },
        body: route.body
          ? JSON.stringify(route.body(name, version))
          : undefined,
      });
      const text = await res.text();
      let json: any;
      try {
        json = text ? JSON.parse(text) : undefined;
      } catch {
        json = undefined;
      }
      const what =
        res.status >= 400
          ? `${json?.error?.name}${
              process.env.S3R_MATRIX_RECORD ? `: ${json?.error?.message}` : ''
            }`
          : shapeOf(json, res.status);
      const rows = await knex('s3_resource_audit')
        .where('seq', '>', seqBefore)
        .orderBy('seq')
        .select('action', 'actor', 'outcome');
      const audit = rows
        .filter(r => r.action === route.audited)
        .map(r => `${r.outcome}`)
        .join(',');
      return { status: res.status, what, audit };
    }

    it('answers every route for every caller as the policy says, and audits writes', async () => {
      const observed: Record<string, Record<Caller, string>> = {};
      for (const route of ROUTES) {
        observed[route.name] = {} as Record<Caller, string>;
        for (const caller of CALLERS) {
          const o = await cell(route, caller);
          observed[route.name][caller] = `${o.status} ${o.what}${
            o.audit ? ` [${o.audit}]` : ''
          }`;
        }
      }
      if (process.env.S3R_MATRIX_RECORD) {
        // eslint-disable-next-line no-console
        console.log(JSON.stringify(observed, null, 2));
        return;
      }
      expect(observed).toEqual(EXPECTED);
    });
  });
});

/** A short description of a successful answer: its first keys. */
function shapeOf(json: unknown, status: number): string {
  if (json === undefined) return status === 204 ? 'no content' : 'empty';
  if (Array.isArray(json)) return 'list';
  return Object.keys(json as object)
    .sort()
    .slice(0, 3)
    .join('+');
}
