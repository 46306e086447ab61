import {
  PUBLIC_CANNED_ACLS,
  ResourceSettings,
  TestRun,
  corsConfigurationOf,
  shellQuote,
} from '@s3-resources/plugin-s3-resources-common';
import { NewFinding } from '../database/FindingStore';
import { ResourceRow } from '../database/ResourceStore';
import {
  RuleResult,
  endpointArg,
  finding,
  patchCommand,
  stepOf,
} from './findingText';
import {
  corsWildcardProblem,
  defaultEncryptionProblem,
  publicAccessBlockProblem,
} from './exposureRules';

// Rules on how exposed a bucket is: its CORS rules, ACLs, public access
// block and encryption, as configured and as the sweep's test saw them.

export function corsDrift(
  settings: ResourceSettings,
  run: TestRun | undefined,
): RuleResult {
  if (settings.cors.origins.length === 0) return undefined;
  const step = run && stepOf(run, 'cors');
  const observed = step?.observed;
  if (observed?.corsMatches === undefined) return 'unknown';
  if (observed.corsMatches) return undefined;
  const required = corsConfigurationOf(settings);
  const none = (observed.corsOrigins ?? []).length === 0;
  return finding('cors-drift', 'medium', {
    message: none
      ? `Bucket ${
          settings.bucket
        } has no CORS rules: browsers on ${settings.cors.origins.join(
          ', ',
        )} cannot ${
          settings.cors.uploadMode === 'download-only'
            ? 'download from it'
            : 'upload to or download from it'
        }`
      : `The CORS rules of bucket ${
          settings.bucket
        } differ from the generated ones: ${step!.message}`,
    fix: `Apply the generated CORS configuration to bucket ${settings.bucket} (or add its rule to the existing ones):\n${required.json}\nWith the AWS CLI: ${required.command}`,
  });
}

export function corsWildcard(
  row: ResourceRow,
  settings: ResourceSettings,
  run: TestRun | undefined,
  appBaseUrl: string | undefined,
): NewFinding | undefined {
  const live = (run && stepOf(run, 'cors')?.observed?.corsOrigins) ?? [];
  const problem = corsWildcardProblem(settings, live);
  if (!problem) return undefined;
  const { configured } = problem;
  let appOrigin = 'https://backstage.example.com';
  try {
    if (appBaseUrl) appOrigin = new URL(appBaseUrl).origin;
  } catch {
    // keep the placeholder
  }
  const origins = settings.cors.origins.filter(o => !o.includes('*'));
  const suggested = origins.length ? origins : [appOrigin];
  const fixes: string[] = [];
  if (configured.length) {
    fixes.push(
      `List the exact origins that call the bucket instead: ${patchCommand(
        row,
        { cors: { origins: suggested } },
      )}.`,
    );
  }
  let required: ReturnType<typeof corsConfigurationOf> | undefined;
  try {
    required = corsConfigurationOf(settings, suggested);
  } catch {
    required = undefined;
  }
  if (required) {
    fixes.push(
      `${
        configured.length ? 'Then replace' : 'Replace'
      } the bucket's CORS rules with the generated ones (this removes the wildcard rule): ${
        required.command
      }`,
    );
  }
  return finding('cors-wildcard-origin', problem.severity, {
    message: problem.message,
    fix: fixes.join('\n'),
  });
}

export function publicAcl(
  row: ResourceRow,
  settings: ResourceSettings,
): NewFinding | undefined {
  const acl = settings.defaultAcl;
  if (!PUBLIC_CANNED_ACLS.includes(acl)) return undefined;
  const who: Record<string, string> = {
    'public-read': 'anyone on the internet can read every uploaded object',
    'public-read-write':
      'anyone on the internet gets read and write access to every uploaded object',
    'authenticated-read':
      'anyone with an account at the provider (on AWS: any AWS account) can read every uploaded object',
  };
  return finding(
    'public-acl',
    acl === 'authenticated-read' ? 'medium' : 'high',
    {
      message: `Uploads to ${settings.bucket} get the default ACL ${acl}: ${who[acl]}`,
      fix: [
        `Set the default ACL to private (or none when the bucket enforces bucket-owner ownership): ${patchCommand(
          row,
          { defaultAcl: 'private' },
        )}.`,
        `Objects uploaded before keep their ACL; make each private: aws s3api put-object-acl --bucket ${shellQuote(
          settings.bucket,
        )} --key <key> --acl private${endpointArg(settings)}`,
        'If the objects must be public, serve them through a CDN or a bucket policy limited to a prefix instead of per-object ACLs.',
      ].join('\n'),
    },
  );
}

export function publicAccessBlockOff(
  settings: ResourceSettings,
  run: TestRun | undefined,
): RuleResult {
  const block =
    run && stepOf(run, 'public-access')?.observed?.publicAccessBlock;
  if (!block) return 'unknown';
  const problem = publicAccessBlockProblem(settings, block);
  return (
    problem && finding('public-access-block-off', problem.severity, problem)
  );
}

export function noDefaultEncryption(
  settings: ResourceSettings,
  run: TestRun | undefined,
): RuleResult {
  const algorithm =
    run && stepOf(run, 'encryption')?.observed?.defaultEncryption;
  if (algorithm === undefined) return 'unknown';
  const problem = defaultEncryptionProblem(settings, algorithm);
  return problem && finding('no-default-encryption', problem.severity, problem);
}
