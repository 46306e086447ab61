import { TemplateAction } from '@backstage/plugin-scaffolder-node';
import yaml from 'yaml';
import { S3ResourcesService } from '@s3-resources/plugin-s3-resources-node';
import { createPolicyCorsAction } from '../actions/policyCors';
import { createPolicyIamAction } from '../actions/policyIam';
import { createShareObjectAction } from '../actions/shareObject';

/** The generated blocks of docs/actions.md, by marker name. */
export type ActionDocBlocks = Record<string, string>;

type JsonSchema = {
  type?: string;
  enum?: unknown[];
  const?: unknown;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  description?: string;
};

/** Table cell: markdown's specials escaped, one line. */
const cell = (text: string) =>
  text
    .replace(/([\\*_|[\]])/g, '\\$1')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\n/g, ' ');

const table = (head: string[], rows: string[][]) =>
  [
    `| ${head.join(' | ')} |`,
    `| ${head.map(() => '---').join(' | ')} |`,
    ...rows.map(r => `| ${r.join(' | ')} |`),
  ].join('\n');

function typeOf(schema: JsonSchema): string {
  if (schema.enum) return schema.enum.map(v => `\`${v}\``).join(' \\| ');
  if (schema.const !== undefined) return `\`${schema.const}\``;
  if (schema.anyOf) return schema.anyOf.map(typeOf).join(' \\| ');
  if (schema.type === 'array') {
    const items = typeOf(schema.items ?? {});
    return items.includes('|') ? `(${items})[]` : `${items}[]`;
  }
  return schema.type ?? 'any';
}

function fieldsTable(schema: JsonSchema): string {
  const required = new Set(schema.required ?? []);
  return table(
    ['name', 'type', 'required', 'description'],
    Object.entries(schema.properties ?? {}).map(([name, property]) => [
      `\`${name}\``,
      typeOf(property),
      required.has(name) ? 'yes' : '',
      cell(property.description ?? ''),
    ]),
  );
}

function firstExample(action: TemplateAction<any, any, any>): string {
  const example = action.examples?.[0];
  if (!example) throw new Error(`docs: ${action.id} has no example`);
  const { steps } = yaml.parse(example.example);
  return `${cell(example.description)}:\n\n\`\`\`yaml\nsteps:\n${yaml
    .stringify(steps)
    .trimEnd()
    .replace(/^/gm, '  ')}\n\`\`\``;
}

/** The actions documented in full; config-dependent defaults do not change their schemas. */
export function documentedActions(): TemplateAction<any, any, any>[] {
  return [
    createPolicyIamAction(),
    createPolicyCorsAction(),
    // the schema and examples only: no call is made
    createShareObjectAction({ resources: {} as S3ResourcesService }),
  ];
}

export function renderActionDocBlocks(): ActionDocBlocks {
  const blocks: ActionDocBlocks = {};
  for (const action of documentedActions()) {
    blocks[`${action.id}:inputs`] = fieldsTable(
      action.schema!.input as JsonSchema,
    );
    blocks[`${action.id}:outputs`] = fieldsTable(
      action.schema!.output as JsonSchema,
    );
    blocks[`${action.id}:example`] = firstExample(action);
  }
  return blocks;
}

const marker = (name: string) => ({
  open: `<!-- generated:${name} -->`,
  close: `<!-- /generated:${name} -->`,
});

/** Replaces each generated block of the document; a missing marker is an error. */
export function applyActionDocBlocks(
  doc: string,
  blocks: ActionDocBlocks,
): string {
  let out = doc;
  for (const [name, body] of Object.entries(blocks)) {
    const { open, close } = marker(name);
    const start = out.indexOf(open);
    const end = out.indexOf(close);
    if (start < 0 || end < start) throw new Error(`docs: no block ${name}`);
    // prettier would reflow the tables; the blocks stay as generated
    const head = out.slice(0, start + open.length);
    const ignored = `<!-- prettier-ignore-start -->\n\n${body}\n\n<!-- prettier-ignore-end -->`;
    out = `${head}\n${ignored}\n\n${out.slice(end)}`;
  }
  return out;
}
