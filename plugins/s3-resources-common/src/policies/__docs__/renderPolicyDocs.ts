import { readFileSync } from 'fs';
import { join } from 'path';
import { BAD_INPUTS } from '../../validation/__fixtures__/badInputs';
import { S3_ACTIONS } from '../../validation';
import { asViolationList } from '../../validation/violation';
import {
  ACL_ACTIONS,
  FULL_ACTIONS,
  READ_ACTIONS,
  READ_WRITE_ACTIONS,
} from '../accessLevels';
import { generateBucketPolicy } from '../bucketPolicy';
import { compareCorsConfiguration } from '../compareCorsConfiguration';
import { generateCorsConfiguration } from '../corsConfiguration';
import { generateIamPolicy } from '../iamPolicy';
import {
  compareLifecycleConfiguration,
  generateLifecycleConfiguration,
  summarizeLifecycleRule,
} from '../lifecycleConfiguration';
import { generateResourcePolicies } from '../resourcePolicies';
import { generateTrustPolicy } from '../trustPolicy';
import { GeneratedPolicy } from '../types';

/** The generated blocks of docs/policies.md, by marker name. */
export type PolicyDocBlocks = Record<string, string>;

/** Examples run the golden fixtures' inputs, so docs and tests show the same thing. */
function fixtureInput(name: string): any {
  const file = join(__dirname, '..', '__fixtures__', `${name}.json`);
  const fixture = JSON.parse(readFileSync(file, 'utf8'));
  return { input: fixture.input, context: fixture.context };
}

/** Table cell: code spans stay literal, prose gets markdown's specials escaped. */
const cell = (text: string) =>
  /^`[^`]*`$/.test(text)
    ? text.replace(/\|/g, '\\|')
    : text
        .replace(/([\\*_|[\]])/g, '\\$1')
        .replace(/</g, '&lt;')
        .replace(/>/g, '&gt;')
        .replace(/\n/g, ' ');
const code = (lang: string, text: string) => `\`\`\`${lang}\n${text}\n\`\`\``;
const table = (head: string[], rows: string[][]) =>
  [
    `| ${head.join(' | ')} |`,
    `| ${head.map(() => '---').join(' | ')} |`,
    ...rows.map(r => `| ${r.map(cell).join(' | ')} |`),
  ].join('\n');

function policyBlock(input: unknown, out: GeneratedPolicy): string {
  return [
    'Input:',
    '',
    code('json', JSON.stringify(input, null, 2)),
    '',
    `Policy (${out.size} of ${out.maxSize} ${
      out.maxSize === 20480 ? 'bytes' : 'characters'
    }):`,
    '',
    code('json', out.json),
    '',
    'Reasons:',
    '',
    table(
      ['action', 'resource', 'reason'],
      out.reasons.map(r => [`\`${r.action}\``, `\`${r.resource}\``, r.reason]),
    ),
    '',
    'Notes:',
    '',
    ...(out.notes.length ? out.notes.map(n => `- ${n}`) : ['- (none)']),
  ].join('\n');
}

function accessLevelsBlock(): string {
  const rows = [
    ...READ_ACTIONS.map(a => [
      `\`${a.action}\``,
      a.action === 's3:GetBucketAcl'
        ? 'read, read-write, where the provider has ACLs (BucketOwnerEnforced included; not on a provider without ACLs)'
        : 'read, read-write',
      a.reason,
    ]),
    ...READ_WRITE_ACTIONS.filter(a => !READ_ACTIONS.includes(a)).map(a => [
      `\`${a.action}\``,
      'read-write',
      a.reason,
    ]),
    [
      '`s3:PutObjectAcl`',
      'read-write, only when uploads send an ACL',
      'Upload with the default ACL (an x-amz-acl header needs this action)',
    ],
  ];
  return [
    table(['action', 'levels', 'why'], rows),
    '',
    `\`full\` is exactly the classic list: ${FULL_ACTIONS.map(
      a => `\`${a}\``,
    ).join(', ')}; ` +
      `minus the ACL actions (${ACL_ACTIONS.map(a => `\`${a}\``).join(
        ', ',
      )}) when ACLs are unused, but for \`s3:GetBucketAcl\` wherever the provider has ACLs, BucketOwnerEnforced included (the access map reads them).`,
  ].join('\n');
}

function catalogueBlock(): string {
  return table(
    ['action', 'level', 'IAM access', 's3:prefix', 'refused for the portal'],
    S3_ACTIONS.map(a => [
      `\`${a.action}\``,
      a.level,
      a.access,
      a.prefixScoped ? 'yes' : '',
      a.refused ?? '',
    ]),
  );
}

function rulesBlock(): string {
  const seen = new Set<string>();
  const rows: string[][] = [];
  for (const bad of BAD_INPUTS) {
    if (seen.has(bad.rule)) continue;
    seen.add(bad.rule);
    const result = bad.run();
    const hit = asViolationList(result).find(
      v => v.rule === bad.rule && v.field === bad.field,
    );
    rows.push([bad.field, `\`${bad.rule}\``, hit?.message ?? '', bad.input]);
  }
  return table(
    ['field', 'rule', 'message (for the example)', 'example input'],
    rows,
  );
}

export function renderPolicyDocBlocks(): PolicyDocBlocks {
  const iam = fixtureInput('iam-aws-read-write-prefix-kms-egress');
  const bucket = fixtureInput('bucket-ceph-user-full');
  const trust = fixtureInput('trust-aws');
  const trustCeph = fixtureInput('trust-ceph-no-conditions');
  const cors = fixtureInput('cors-multipart-endpoint');
  const resource = fixtureInput('resource-minio-access-key');
  const corsOut = generateCorsConfiguration(cors.input);
  const drifted = {
    CORSRules: [
      {
        AllowedOrigins: ['https://backstage.example.com'],
        AllowedMethods: ['GET', 'PUT'],
        AllowedHeaders: ['content-type'],
      },
    ],
  };
  const trustCephOut = generateTrustPolicy(trustCeph.input);
  const resourceOut = generateResourcePolicies(
    resource.input,
    resource.context,
  );
  return {
    'access-levels': accessLevelsBlock(),
    'iam-example': policyBlock(iam.input, generateIamPolicy(iam.input)),
    'bucket-example': policyBlock(
      bucket.input,
      generateBucketPolicy(bucket.input),
    ),
    'trust-example': policyBlock(trust.input, generateTrustPolicy(trust.input)),
    'trust-ceph-example': [
      code('json', JSON.stringify(trustCeph.input, null, 2)),
      '',
      code('json', trustCephOut.json),
      '',
      ...trustCephOut.notes.map(n => `- ${n}`),
    ].join('\n'),
    'cors-example': [
      'Input:',
      '',
      code('json', JSON.stringify(cors.input, null, 2)),
      '',
      'S3 API shape (`configuration`; `console` is its `CORSRules` array):',
      '',
      code('json', corsOut.json),
      '',
      'Command:',
      '',
      code('sh', corsOut.command),
      '',
      'Notes:',
      '',
      ...corsOut.notes.map(n => `- ${n}`),
    ].join('\n'),
    'cors-compare-example': [
      'Actual (from GetBucketCors):',
      '',
      code('json', JSON.stringify(drifted, null, 2)),
      '',
      'Required: the configuration above, with origins `["https://backstage.example.com"]`. Result:',
      '',
      code(
        'json',
        JSON.stringify(
          compareCorsConfiguration(
            drifted,
            generateCorsConfiguration({
              ...cors.input,
              origins: ['https://backstage.example.com'],
            }).configuration,
          ),
          null,
          2,
        ),
      ),
    ].join('\n'),
    'resource-example': [
      code(
        'json',
        JSON.stringify(
          { settings: resource.input, context: resource.context },
          null,
          2,
        ),
      ),
      '',
      `Returns \`iamPolicy\`${
        resourceOut.cors ? ', `cors`' : ''
      }, \`lifecycle\` and these notes:`,
      '',
      ...resourceOut.notes.map(n => `- ${n}`),
    ].join('\n'),
    'lifecycle-example': lifecycleBlock(),
    'action-catalogue': catalogueBlock(),
    'rules-table': rulesBlock(),
  };
}

/** The merge of the generated lifecycle rules into a bucket's own. */
function lifecycleBlock(): string {
  const settings = {
    bucket: 'acme-uploads',
    prefix: 'team-a/',
    region: 'eu-west-1',
  };
  const live = [
    summarizeLifecycleRule({
      ID: 'archive-logs',
      Status: 'Enabled',
      Filter: { Prefix: 'logs/' },
      Transitions: [{ Days: 30, StorageClass: 'GLACIER' }],
    }),
  ];
  const merged = generateLifecycleConfiguration(settings, live);
  return [
    'For a resource on bucket `acme-uploads` with prefix `team-a/`, whose bucket has one rule of its own (`archive-logs`), the comparison says:',
    '',
    code(
      'json',
      JSON.stringify(compareLifecycleConfiguration(settings, live), null, 2),
    ),
    '',
    'and the fix puts the merged configuration:',
    '',
    code('json', merged.json),
    '',
    code('sh', merged.command),
  ].join('\n');
}

const marker = (name: string) => ({
  open: `<!-- generated:${name} -->`,
  close: `<!-- /generated:${name} -->`,
});

/** Replaces each generated block of the document; a missing marker is an error. */
export function applyPolicyDocBlocks(
  doc: string,
  blocks: PolicyDocBlocks,
): string {
  let out = doc;
  for (const [name, body] of Object.entries(blocks)) {
    const { open, close } = marker(name);
    const start = out.indexOf(open);
    const end = out.indexOf(close);
    if (start < 0 || end < start) throw new Error(`docs: no block ${name}`);
    // prettier would reflow tables and JSON; the blocks stay as generated
    const head = out.slice(0, start + open.length);
    const ignored = `<!-- prettier-ignore-start -->\n\n${body}\n\n<!-- prettier-ignore-end -->`;
    out = `${head}\n${ignored}\n\n${out.slice(end)}`;
  }
  return out;
}
