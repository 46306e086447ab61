import {
  ResourceSettings,
  TestStepResult,
} from '@s3-resources/plugin-s3-resources-common';

/** Where credentials come from: an access key (secret decrypted in memory) or an AWS account from app-config. */
export type TestCredentialsSource =
  | { method: 'access-key'; accessKeyId: string; secretAccessKey?: string }
  | { method: 'aws-account'; accountId: string };

export type TestAuth =
  | TestCredentialsSource
  | {
      method: 'assume-role';
      roleArn: string;
      /** Always sent: the resource's, or one issued for an unregistered configuration. */
      externalId: string;
      source: TestCredentialsSource;
    };

export type ConnectionTestTarget = {
  resourceId?: string;
  settings: ResourceSettings;
  auth: TestAuth;
};

export type ConnectionTestOptions = {
  /** Opt-in: put and delete a sentinel object. */
  writeProbe?: boolean;
  /** Entity ref of the user; goes into the AssumeRole session name. */
  initiatedBy: string;
  /** Called once per step as soon as its result is final. */
  onStep?: (step: TestStepResult) => void;
};
