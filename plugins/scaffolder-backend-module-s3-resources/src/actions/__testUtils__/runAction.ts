import { mockServices } from '@backstage/backend-test-utils';
import { TemplateAction } from '@backstage/plugin-scaffolder-node';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { validate } from 'jsonschema';
import yaml from 'yaml';

export type ActionRun = {
  outputs: Record<string, any>;
  /** Every message the action logged, at any level. */
  logs: string[];
};

/**
 * Runs an action's handler the way the scaffolder does after it has checked
 * the input against the action's JSON schema (which this does too).
 */
export async function runAction(
  action: TemplateAction<any, any, any>,
  input: Record<string, any>,
  options: { dryRun?: boolean } = {},
): Promise<ActionRun> {
  const schemaCheck = validate(input, action.schema!.input!);
  if (!schemaCheck.valid) {
    throw new Error(
      `input does not match the JSON schema of ${
        action.id
      }: ${schemaCheck.errors.join(', ')}`,
    );
  }
  const logger = mockServices.logger.mock();
  const ctx = {
    ...createMockActionContext({ input, logger }),
    isDryRun: options.dryRun ?? false,
  };
  await action.handler(ctx);
  const outputs: Record<string, any> = {};
  for (const [name, value] of (ctx.output as jest.Mock).mock.calls) {
    outputs[name] = value;
  }
  const logs = (['debug', 'info', 'warn', 'error'] as const).flatMap(level =>
    (logger[level] as jest.Mock).mock.calls.map(call => String(call[0])),
  );
  return { outputs, logs };
}

/** The first step of each example, as the scaffolder would read it. */
export function exampleSteps(action: TemplateAction<any, any, any>) {
  return (action.examples ?? []).map(example => {
    const { steps } = yaml.parse(example.example);
    expect(steps).toHaveLength(1);
    return {
      description: example.description,
      step: steps[0] as {
        id: string;
        action: string;
        input: Record<string, any>;
      },
    };
  });
}

/** Fails when outputs do not match the action's output JSON schema. */
export function expectOutputsMatchSchema(
  action: TemplateAction<any, any, any>,
  outputs: Record<string, unknown>,
) {
  const check = validate(outputs, action.schema!.output!);
  expect(check.errors.map(String)).toEqual([]);
}
