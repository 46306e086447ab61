import {
  CreateRoleCommand,
  DeleteRoleCommand,
  DeleteRolePolicyCommand,
  PutRolePolicyCommand,
} from '@aws-sdk/client-iam';
import { iamClientFor } from './clients';
import { TestUser, userArn } from './env';
import { httpStatusOf } from './errors';
import { uniqueRoleName } from './names';

export interface PolicyStatement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Principal?: unknown;
  Action: string | string[];
  Resource?: string | string[];
  Condition?: Record<string, unknown>;
}

export interface PolicyDocument {
  Version: '2012-10-17';
  Statement: PolicyStatement[];
}

export interface TestRole {
  roleArn: string;
  roleName: string;
  /** DeleteRolePolicy + DeleteRole; a role that is already gone is fine. */
  cleanup(): Promise<void>;
}

/** Name of the single inline policy that {@link createTestRole} attaches. */
export const TEST_ROLE_POLICY_NAME = 's3r-test-policy';

/**
 * A trust policy that lets the given users call sts:AssumeRole.
 * No Condition here on purpose: RGW does not support conditions on sts:ExternalId (or any
 * sts:* key) and then denies AssumeRole every time.
 */
export function trustPolicyFor(...users: TestUser[]): PolicyDocument {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { AWS: users.map(u => userArn(u)) },
        Action: ['sts:AssumeRole'],
      },
    ],
  };
}

const asJson = (p: PolicyDocument | string) =>
  typeof p === 'string' ? p : JSON.stringify(p);

/**
 * Creates an IAM role through the IAM API with the admin credentials (RGW: admin has the
 * `roles=*` cap) and attaches `rolePolicy` as its inline policy.
 */
export async function createTestRole(options: {
  trustPolicy: PolicyDocument | string;
  rolePolicy: PolicyDocument | string;
  name?: string;
}): Promise<TestRole> {
  const roleName = options.name ?? uniqueRoleName();
  const iam = iamClientFor('admin');
  let roleArn: string | undefined;
  try {
    const created = await iam.send(
      new CreateRoleCommand({
        RoleName: roleName,
        Path: '/',
        AssumeRolePolicyDocument: asJson(options.trustPolicy),
      }),
    );
    roleArn = created.Role?.Arn;
    if (!roleArn) throw new Error(`CreateRole ${roleName} returned no ARN`);
    await iam.send(
      new PutRolePolicyCommand({
        RoleName: roleName,
        PolicyName: TEST_ROLE_POLICY_NAME,
        PolicyDocument: asJson(options.rolePolicy),
      }),
    );
  } catch (error) {
    if (roleArn) await deleteRole(roleName).catch(() => undefined);
    throw error;
  } finally {
    iam.destroy();
  }
  const arn = roleArn;
  return { roleArn: arn, roleName, cleanup: () => deleteRole(roleName) };
}

async function deleteRole(roleName: string): Promise<void> {
  const iam = iamClientFor('admin');
  const ignoreGone = (error: unknown) => {
    if (httpStatusOf(error) !== 404) throw error;
  };
  try {
    await iam
      .send(
        new DeleteRolePolicyCommand({
          RoleName: roleName,
          PolicyName: TEST_ROLE_POLICY_NAME,
        }),
      )
      .catch(ignoreGone);
    await iam
      .send(new DeleteRoleCommand({ RoleName: roleName }))
      .catch(ignoreGone);
  } finally {
    iam.destroy();
  }
}
