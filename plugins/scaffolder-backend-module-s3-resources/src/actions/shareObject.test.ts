import { S3ResourcesService } from '@s3-resources/plugin-s3-resources-node';
import {
  exampleSteps,
  expectOutputsMatchSchema,
  runAction,
} from './__testUtils__/runAction';
import { createShareObjectAction } from './shareObject';

const LINK = {
  id: 'link-1',
  resourceId: 'id-1',
  resourceName: 'media-uploads',
  key: 'team-a/pack.pdf',
  createdBy: 'user:default/mock',
  createdAt: '2026-12-07T10:00:00.000Z',
  expiresAt: '2026-12-08T10:00:00.000Z',
  url: 'https://rgw.example.com/media/team-a/pack.pdf?X-Amz-Signature=abc',
};

function fakeService() {
  return {
    findResourceByName: jest.fn(async (name: string) =>
      name === 'media-uploads' ? ({ id: 'id-1' } as any) : undefined,
    ),
    createShareLink: jest.fn(async () => LINK),
  } as unknown as jest.Mocked<S3ResourcesService>;
}

describe('s3:object:share', () => {
  it('shares by entity name as the initiator, with the link in the outputs only', async () => {
    const resources = fakeService();
    const action = createShareObjectAction({ resources });
    const { outputs, logs } = await runAction(action, {
      resourceName: 'media-uploads',
      key: 'team-a/pack.pdf',
      expiresInSeconds: 86400,
    });
    expect(resources.createShareLink).toHaveBeenCalledWith(
      'id-1',
      { key: 'team-a/pack.pdf', expiresInSeconds: 86400 },
      { credentials: expect.anything() },
    );
    expect(outputs).toEqual({
      url: LINK.url,
      expiresAt: LINK.expiresAt,
      shareLinkId: 'link-1',
    });
    expectOutputsMatchSchema(action, outputs);
    expect(logs.join('\n')).not.toContain('X-Amz-Signature');
  });

  it('refuses an unknown name, and neither or both of id and name', async () => {
    const action = createShareObjectAction({ resources: fakeService() });
    await expect(
      runAction(action, { resourceName: 'nope', key: 'a' }),
    ).rejects.toThrow(/^resourceName: no S3 resource named nope/);
    await expect(runAction(action, { key: 'a' })).rejects.toThrow(
      /\[input-one-of\]/,
    );
    await expect(
      runAction(action, { resourceId: 'x', resourceName: 'y', key: 'a' }),
    ).rejects.toThrow(/\[input-one-of\]/);
  });

  it('creates nothing in a dry run', async () => {
    const resources = fakeService();
    const action = createShareObjectAction({ resources });
    const { outputs } = await runAction(
      action,
      { resourceId: 'id-1', key: 'a' },
      { dryRun: true },
    );
    expect(resources.createShareLink).not.toHaveBeenCalled();
    expect(outputs.url).toBe('');
  });

  it.each(exampleSteps(createShareObjectAction({ resources: fakeService() })))(
    'example: $description',
    async ({ step }) => {
      expect(step.action).toBe('s3:object:share');
      const resources = fakeService();
      const input = {
        ...step.input,
        ...(String(step.input.resourceId ?? '').startsWith('${{')
          ? { resourceId: 'id-1' }
          : {}),
      };
      const { outputs } = await runAction(
        createShareObjectAction({ resources }),
        input,
      );
      expect(outputs.shareLinkId).toBe('link-1');
    },
  );
});
