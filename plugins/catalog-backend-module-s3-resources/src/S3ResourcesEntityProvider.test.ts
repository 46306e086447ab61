import { LoggerService } from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import { EntityProviderConnection } from '@backstage/plugin-catalog-node';
import { S3Resource } from '@s3-resources/plugin-s3-resources-common';
import { S3ResourcesService } from '@s3-resources/plugin-s3-resources-node';
import { S3ResourcesEntityProvider } from './S3ResourcesEntityProvider';

function resource(name: string, description = ''): S3Resource {
  return {
    id: `id-${name}`,
    name,
    description,
    owner: 'group:default/team-a',
    tags: [],
    provider: 'ceph-rgw',
    bucket: name,
    region: 'us-east-1',
    endpoint: 'http://127.0.0.1:7480',
    forcePathStyle: true,
    defaultAcl: 'none',
    accessLevel: 'read',
    cors: { origins: [], uploadMode: 'download-only' },
    auth: { method: 'aws-account', accountId: '123456789012' },
    status: {},
    entityRef: `resource:default/${name}`,
    version: 1,
    createdAt: '2026-01-01T00:00:00.000Z',
    createdBy: 'user:default/alice',
    updatedAt: '2026-01-01T00:00:00.000Z',
    updatedBy: 'user:default/alice',
  };
}

describe('S3ResourcesEntityProvider full sync', () => {
  it('logs at info only when a sync changed what is published', async () => {
    let items = [resource('a'), resource('b')];
    const resources = {
      listResources: async () => ({ items, totalCount: items.length }),
    } as unknown as S3ResourcesService;
    const lines: Array<{ level: string; message: string }> = [];
    const root: LoggerService = {
      error: (message: string) => lines.push({ level: 'error', message }),
      warn: (message: string) => lines.push({ level: 'warn', message }),
      info: (message: string) => lines.push({ level: 'info', message }),
      debug: (message: string) => lines.push({ level: 'debug', message }),
      child: () => root,
    } as LoggerService;
    const provider = S3ResourcesEntityProvider.create({
      resources,
      auth: mockServices.auth(),
      logger: root,
      taskRunner: { run: async () => undefined },
    });
    const applyMutation = jest.fn();
    await provider.connect({
      applyMutation,
      refresh: jest.fn(),
    } as unknown as EntityProviderConnection);

    await provider.refresh();
    await provider.refresh();
    await provider.refresh();
    items = [resource('a', 'now described'), resource('b')];
    await provider.refresh();
    items = [resource('b'), resource('a', 'now described')];
    await provider.refresh();

    // every sync applies the full set; only the first and the changed one say so at info
    expect(applyMutation).toHaveBeenCalledTimes(5);
    expect(lines.map(l => `${l.level}: ${l.message}`)).toEqual([
      'info: Full sync published 2 S3 resource entities',
      'debug: Full sync published 2 S3 resource entities; nothing had changed since the last one',
      'debug: Full sync published 2 S3 resource entities; nothing had changed since the last one',
      'info: Full sync published 2 S3 resource entities',
      'debug: Full sync published 2 S3 resource entities; nothing had changed since the last one',
    ]);
  });
});
