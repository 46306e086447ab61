import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import {
  scaffolderActionsExtensionPoint,
  TemplateAction,
} from '@backstage/plugin-scaffolder-node';
import { runAction } from './actions/__testUtils__/runAction';
import { scaffolderModuleS3Resources } from './module';

const PORTAL = 'arn:aws:iam::123456789012:role/backstage';

type ConfigData = NonNullable<
  Parameters<typeof mockServices.rootConfig.factory>[0]
>['data'];

async function registeredActions(config: ConfigData) {
  const addActions = jest.fn();
  await startTestBackend({
    extensionPoints: [[scaffolderActionsExtensionPoint, { addActions }]],
    features: [
      scaffolderModuleS3Resources,
      mockServices.rootConfig.factory({ data: config }),
    ],
  });
  const actions: TemplateAction<any, any, any>[] = addActions.mock.calls.flat();
  return new Map(actions.map(a => [a.id, a]));
}

describe('the scaffolder module: policy actions', () => {
  it('registers the policy actions with defaults from config', async () => {
    const actions = await registeredActions({
      app: { baseUrl: 'https://portal.example.com/backstage' },
      s3Resources: {
        portalPrincipalArn: PORTAL,
        egressCidrs: ['198.51.100.0/24'],
      },
    });
    expect([...actions.keys()]).toEqual(
      expect.arrayContaining([
        's3:resource:register',
        's3:policy:iam',
        's3:policy:cors',
      ]),
    );

    const cors = await runAction(actions.get('s3:policy:cors')!, {
      bucket: 'acme-data',
    });
    expect(cors.outputs.origins).toEqual(['https://portal.example.com']);

    // an ExternalId given: the portal need not issue one (its backend is not here)
    const trust = await runAction(actions.get('s3:policy:iam')!, {
      kind: 'trust',
      externalId: 'Yf0m2y3Q5m7rV9sXbC1dE2fG3hJ4kL5mN6pQ7rS8tU9',
    });
    expect(trust.outputs.policy.Statement[0].Principal).toEqual({
      AWS: PORTAL,
    });

    const identity = await runAction(actions.get('s3:policy:iam')!, {
      bucket: 'acme-data',
    });
    expect(identity.outputs.policy.Statement[0].Condition).toEqual({
      IpAddress: { 'aws:SourceIp': ['198.51.100.0/24'] },
    });
  });

  it('works without the optional config', async () => {
    const actions = await registeredActions({
      app: { baseUrl: 'http://localhost:3000' },
    });
    const identity = await runAction(actions.get('s3:policy:iam')!, {
      bucket: 'acme-data',
    });
    expect(identity.outputs.policyJson).not.toContain('aws:SourceIp');
    await expect(
      runAction(actions.get('s3:policy:iam')!, { kind: 'trust' }),
    ).rejects.toThrow(/portalPrincipalArn: is required/);
  });
});
