// Over 400 lines: every access level and option of one action, sharing one fixture.
import { InputError } from '@backstage/errors';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { validate } from 'jsonschema';
import {
  generateBucketPolicy,
  generateIamPolicy,
  generateTrustPolicy,
} from '@s3-resources/plugin-s3-resources-common';
import {
  exampleSteps,
  expectOutputsMatchSchema,
  runAction,
} from './__testUtils__/runAction';
import { createPolicyIamAction } from './policyIam';

const PORTAL = 'arn:aws:iam::123456789012:role/backstage';
const EXTERNAL_ID = 'Yf0m2y3Q5m7rV9sXbC1dE2fG3hJ4kL5mN6pQ7rS8tU9';

async function inputErrorOf(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    e => e,
  );
  expect(error).toBeInstanceOf(InputError);
  return (error as Error).message;
}

describe('s3:policy:iam', () => {
  const action = createPolicyIamAction();

  describe('examples', () => {
    it.each(exampleSteps(action).map(e => [e.description, e.step]))(
      '%s',
      async (_description, step) => {
        expect(step.action).toBe('s3:policy:iam');
        const { outputs } = await runAction(action, step.input);
        const input = step.input as any;
        const kind = input.kind ?? 'identity';
        const grant = {
          provider: input.provider ?? 'aws',
          bucket: input.bucket,
          region: input.region ?? 'us-east-1',
          prefix: input.prefix,
          accessLevel: input.accessLevel ?? 'read',
          customActions: input.customActions,
          defaultAcl: input.defaultAcl ?? 'none',
          kmsKeyArn: input.kmsKeyArn,
          egressCidrs: input.egressCidrs,
        };
        const generators = {
          identity: () => generateIamPolicy(grant),
          bucket: () =>
            generateBucketPolicy({
              ...grant,
              principalArn: input.principalArn,
            }),
          trust: () =>
            generateTrustPolicy({
              portalPrincipalArn: input.portalPrincipalArn,
              externalId: outputs.externalId,
              allowSourceIdentity: input.allowSourceIdentity,
            }),
        };
        const expected = generators[kind as keyof typeof generators]();
        expect(outputs).toEqual({
          kind,
          policy: expected.policy,
          policyJson: expected.json,
          reasons: expected.reasons,
          notes: expected.notes,
          size: expected.size,
          maxSize: expected.maxSize,
          ...(kind === 'trust' ? { externalId: outputs.externalId } : {}),
        });
        expect(JSON.parse(outputs.policyJson)).toEqual(outputs.policy);
        expectOutputsMatchSchema(action, outputs);
      },
    );

    it('covers every kind', () => {
      const kinds = exampleSteps(action).map(e => e.step.input.kind);
      expect(new Set(kinds.map(k => k ?? 'identity'))).toEqual(
        new Set(['identity', 'bucket', 'trust']),
      );
    });
  });

  it('produces the same outputs in a dry run', async () => {
    for (const { step } of exampleSteps(action)) {
      const input =
        step.input.kind === 'trust'
          ? { ...step.input, externalId: EXTERNAL_ID }
          : step.input;
      const real = await runAction(action, input);
      const dry = await runAction(action, input, { dryRun: true });
      expect(dry.outputs).toEqual(real.outputs);
    }
  });

  describe('kind identity', () => {
    it('defaults to a read policy in the provider default region', async () => {
      const { outputs } = await runAction(action, { bucket: 'acme-data' });
      expect(outputs.kind).toBe('identity');
      expect(outputs.policy).toEqual(
        generateIamPolicy({
          bucket: 'acme-data',
          region: 'us-east-1',
          accessLevel: 'read',
        }).policy,
      );
      expect(outputs).not.toHaveProperty('externalId');
    });

    it('takes the egress CIDRs from config unless the input gives them', async () => {
      const configured = createPolicyIamAction({
        egressCidrs: ['198.51.100.0/24'],
      });
      const fromConfig = await runAction(configured, { bucket: 'acme-data' });
      expect(fromConfig.outputs.policyJson).toContain('198.51.100.0/24');
      for (const statement of fromConfig.outputs.policy.Statement) {
        expect(statement.Condition).toEqual({
          IpAddress: { 'aws:SourceIp': ['198.51.100.0/24'] },
        });
      }

      const none = await runAction(configured, {
        bucket: 'acme-data',
        egressCidrs: [],
      });
      expect(none.outputs.policyJson).not.toContain('aws:SourceIp');

      const own = await runAction(configured, {
        bucket: 'acme-data',
        egressCidrs: ['203.0.113.7/32'],
      });
      expect(own.outputs.policyJson).toContain('203.0.113.7/32');
      expect(own.outputs.policyJson).not.toContain('198.51.100.0/24');
    });

    it('says when a bad value came from config', async () => {
      const configured = createPolicyIamAction({ egressCidrs: ['0.0.0.0/0'] });
      const message = await inputErrorOf(
        runAction(configured, { bucket: 'acme-data' }),
      );
      expect(message).toContain(
        'egressCidrs.0 (from s3Resources.egressCidrs): matches every address',
      );
      expect(message).toContain('[cidr-too-broad]');
    });

    it('names every broken field and rule in one InputError', async () => {
      const message = await inputErrorOf(
        runAction(action, {
          bucket: 'Acme_Data',
          prefix: 'team-a',
          accessLevel: 'read',
          customActions: ['s3:GetObject'],
        }),
      );
      expect(message).toMatch(/^Invalid input: /);
      expect(message).toMatch(/bucket: .*\[bucket-/);
      expect(message).toContain('[prefix-trailing-slash]');
      expect(message).toContain('customActions: must be left out unless');
      expect(message).toContain('[custom-actions-unexpected]');
    });

    it('refuses a custom action the portal must not have', async () => {
      const message = await inputErrorOf(
        runAction(action, {
          bucket: 'acme-data',
          accessLevel: 'custom',
          customActions: ['s3:GetObject', 's3:PutBucketPolicy'],
        }),
      );
      expect(message).toContain('customActions.1:');
      expect(message).toContain('[action-refused]');
    });

    it('refuses an oversized policy', async () => {
      const egressCidrs = Array.from(
        { length: 300 },
        (_, i) => `2001:db8:${i.toString(16)}::/48`,
      );
      const message = await inputErrorOf(
        runAction(action, { bucket: 'acme-data', egressCidrs }),
      );
      expect(message).toContain('[policy-size]');
    });

    it('requires a bucket', async () => {
      const message = await inputErrorOf(runAction(action, {}));
      expect(message).toBe(
        'Invalid input: bucket: is required for kind "identity" [input-required]',
      );
    });

    it('refuses inputs of other kinds instead of ignoring them', async () => {
      const message = await inputErrorOf(
        runAction(action, {
          bucket: 'acme-data',
          principalArn: 'arn:aws:iam:::user/other',
          externalId: EXTERNAL_ID,
        }),
      );
      expect(message).toContain(
        'principalArn: is not used by kind "identity"; leave it out [input-not-for-kind]',
      );
      expect(message).toContain('externalId: is not used by kind "identity"');
    });

    it('names an unknown input (the scaffolder refuses it by schema too)', async () => {
      const message = await inputErrorOf(
        action.handler({
          ...createMockActionContext({
            input: { bucket: 'acme-data', acessLevel: 'read-write' },
          }),
        } as any),
      );
      expect(message).toBe(
        'Invalid input: acessLevel: is not an input of s3:policy:iam [input-unknown]',
      );
      expect(
        validate({ acessLevel: 'read' }, action.schema!.input!).valid,
      ).toBe(false);
    });
  });

  describe('kind bucket', () => {
    it('grants to the principal', async () => {
      const { outputs } = await runAction(action, {
        kind: 'bucket',
        provider: 'ceph-rgw',
        bucket: 'reports',
        accessLevel: 'read-write',
        principalArn: 'arn:aws:iam:::user/other',
      });
      for (const statement of outputs.policy.Statement) {
        expect(statement.Principal).toEqual({
          AWS: 'arn:aws:iam:::user/other',
        });
      }
      expect(outputs.maxSize).toBe(20480);
    });

    it('requires the principal', async () => {
      const message = await inputErrorOf(
        runAction(action, { kind: 'bucket', bucket: 'reports' }),
      );
      expect(message).toContain('principalArn: is required');
      expect(message).toContain('[principal-arn-required]');
    });

    it('refuses a malformed principal', async () => {
      const message = await inputErrorOf(
        runAction(action, {
          kind: 'bucket',
          bucket: 'reports',
          principalArn: 'arn:aws:iam::123:role/x',
        }),
      );
      expect(message).toMatch(/principalArn: .*\[principal-arn-/);
    });
  });

  describe('kind trust', () => {
    it('generates an ExternalId when none is given, outputs it and puts it in the condition', async () => {
      const first = await runAction(action, {
        kind: 'trust',
        portalPrincipalArn: PORTAL,
      });
      const second = await runAction(action, {
        kind: 'trust',
        portalPrincipalArn: PORTAL,
      });
      const externalId = first.outputs.externalId;
      expect(externalId).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(second.outputs.externalId).not.toBe(externalId);
      expect(first.outputs.policy.Statement[0].Condition).toEqual({
        StringEquals: { 'sts:ExternalId': externalId },
      });
      // Not a secret, but there is no reason to spread it through task logs.
      expect(first.logs.join('\n')).not.toContain(externalId);
      expectOutputsMatchSchema(action, first.outputs);
    });

    it("has the portal issue the ExternalId to the template's user, so the resource can keep it", async () => {
      const issueExternalId = jest.fn(
        async (_opts: { credentials: unknown }) => `${EXTERNAL_ID}.issuedMac`,
      );
      const issuing = createPolicyIamAction({
        portalPrincipalArn: PORTAL,
        resources: { issueExternalId },
      });
      const { outputs } = await runAction(issuing, { kind: 'trust' });
      expect(outputs.externalId).toBe(`${EXTERNAL_ID}.issuedMac`);
      expect(outputs.policy.Statement[0].Condition).toEqual({
        StringEquals: { 'sts:ExternalId': `${EXTERNAL_ID}.issuedMac` },
      });
      // issued to the initiator of the task, not to the scaffolder itself
      expect(issueExternalId).toHaveBeenCalledTimes(1);
      expect(issueExternalId.mock.calls[0][0].credentials).toMatchObject({
        principal: { type: 'user' },
      });
    });

    it('uses the ExternalId it is given', async () => {
      const { outputs } = await runAction(action, {
        kind: 'trust',
        portalPrincipalArn: PORTAL,
        externalId: EXTERNAL_ID,
      });
      expect(outputs.externalId).toBe(EXTERNAL_ID);
      expect(outputs.policy).toEqual(
        generateTrustPolicy({
          portalPrincipalArn: PORTAL,
          externalId: EXTERNAL_ID,
        }).policy,
      );
    });

    it('refuses a weak ExternalId', async () => {
      const message = await inputErrorOf(
        runAction(action, {
          kind: 'trust',
          portalPrincipalArn: PORTAL,
          externalId: 'acme',
        }),
      );
      expect(message).toContain('externalId:');
      expect(message).toContain('[external-id-length]');
    });

    it('leaves out the sts:* conditions on Ceph RGW, and still outputs an ExternalId', async () => {
      const { outputs } = await runAction(action, {
        kind: 'trust',
        provider: 'ceph-rgw',
        portalPrincipalArn: 'arn:aws:iam:::user/tester',
      });
      expect(outputs.policy.Statement[0]).not.toHaveProperty('Condition');
      expect(outputs.notes.join(' ')).toContain('Ceph RGW denies AssumeRole');
      expect(outputs.externalId).toMatch(/^[A-Za-z0-9_-]{43}$/);
    });

    it('takes the portal principal from config', async () => {
      const configured = createPolicyIamAction({ portalPrincipalArn: PORTAL });
      const { outputs } = await runAction(configured, { kind: 'trust' });
      expect(outputs.policy.Statement[0].Principal).toEqual({ AWS: PORTAL });
    });

    it('requires a portal principal when config has none', async () => {
      const message = await inputErrorOf(runAction(action, { kind: 'trust' }));
      expect(message).toContain(
        'portalPrincipalArn: is required for kind "trust" (or set s3Resources.portalPrincipalArn in config) [input-required]',
      );
    });

    it('says when a bad portal principal came from config', async () => {
      const configured = createPolicyIamAction({
        portalPrincipalArn: 'backstage',
      });
      const message = await inputErrorOf(
        runAction(configured, { kind: 'trust' }),
      );
      expect(message).toMatch(
        /portalPrincipalArn \(from s3Resources\.portalPrincipalArn\): .*\[principal-arn-/,
      );
    });

    it('refuses a provider without STS', async () => {
      const message = await inputErrorOf(
        runAction(action, {
          kind: 'trust',
          provider: 'r2',
          portalPrincipalArn: PORTAL,
        }),
      );
      expect(message).toContain('provider: Cloudflare R2 has no STS');
      expect(message).toContain('[sts-unsupported]');
    });

    it('refuses grant inputs', async () => {
      const message = await inputErrorOf(
        runAction(action, {
          kind: 'trust',
          portalPrincipalArn: PORTAL,
          bucket: 'acme-data',
        }),
      );
      expect(message).toContain(
        'bucket: is not used by kind "trust"; leave it out [input-not-for-kind]',
      );
    });
  });

  it('describes every input and output in its JSON schema', () => {
    const input = action.schema!.input as any;
    const output = action.schema!.output as any;
    for (const [name, property] of Object.entries<any>({
      ...input.properties,
      ...output.properties,
    })) {
      expect([name, typeof property.description]).toEqual([name, 'string']);
    }
    // Nothing is required by the schema: kind-specific rules are checked by the action.
    expect(input.required ?? []).toEqual([]);
  });
});
