import fs from 'node:fs';
import path from 'node:path';
import yaml from 'yaml';
import { createRouter } from '../router';
import { openapiDocument } from './openapiDocument';

type Layer = {
  route?: { path: string; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
};

/** Every route the plugin serves, found by building the real routers. */
function servedRoutes(): string[] {
  const dir = path.resolve(__dirname, '../routes');
  const groups = fs
    .readdirSync(dir)
    .filter(f => /Routes\.ts$/.test(f))
    .flatMap(f => {
      // eslint-disable-next-line @typescript-eslint/no-var-requires
      const mod = require(path.join(dir, f));
      return Object.entries(mod)
        .filter(
          ([name, fn]) =>
            /^create\w+Routes$/.test(name) && typeof fn === 'function',
        )
        .map(([, fn]) =>
          (fn as (deps: unknown) => any)(new Proxy({}, { get: () => ({}) })),
        );
    });
  const found: string[] = [];
  const walk = (stack: Layer[]) => {
    for (const layer of stack) {
      if (layer.route) {
        for (const method of Object.keys(layer.route.methods)) {
          found.push(
            `${method.toUpperCase()} ${layer.route.path.replace(
              /:(\w+)/g,
              '{$1}',
            )}`,
          );
        }
      } else if (layer.handle?.stack) {
        walk(layer.handle.stack);
      }
    }
  };
  walk((createRouter(groups) as unknown as { stack: Layer[] }).stack);
  return found.sort();
}

const FILE = path.join(__dirname, 'openapi.yaml');
const { version } = require('../../package.json');

describe('the OpenAPI document', () => {
  const generated = yaml.stringify(openapiDocument(version), {
    lineWidth: 100,
  });
  if (process.env.UPDATE_OPENAPI) fs.writeFileSync(FILE, generated);
  const doc = yaml.parse(fs.readFileSync(FILE, 'utf8'));
  const documented = Object.entries(doc.paths as Record<string, object>)
    .flatMap(([p, ops]) =>
      Object.keys(ops)
        .filter(k => ['get', 'post', 'put', 'patch', 'delete'].includes(k))
        .map(m => `${m.toUpperCase()} ${p}`),
    )
    .sort();

  it('is the one generated from the contract (yarn openapi:generate)', () => {
    // compared as data: prettier formats the checked-in file its own way
    expect(yaml.parse(fs.readFileSync(FILE, 'utf8'))).toEqual(
      yaml.parse(generated),
    );
  });

  it('describes exactly the routes the plugin serves', () => {
    const served = servedRoutes();
    expect(served.length).toBeGreaterThan(10);
    expect(documented).toEqual(served);
  });

  it('resolves every $ref', () => {
    const refs =
      JSON.stringify(doc).match(/"\$ref":"#\/components\/[^"]+"/g) ?? [];
    expect(refs.length).toBeGreaterThan(10);
    for (const ref of refs) {
      const target = ref.slice(8, -1).split('/').slice(1);
      let node: any = doc;
      for (const key of target) node = node?.[key];
      expect([ref, node !== undefined]).toEqual([ref, true]);
    }
  });
});
