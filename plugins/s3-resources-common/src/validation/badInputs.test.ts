import { readFileSync, readdirSync } from 'fs';
import { join } from 'path';
import { BAD_INPUTS } from './__fixtures__/badInputs';
import { asViolationList } from './violation';

const asList = asViolationList;

describe('bad inputs', () => {
  it.each(BAD_INPUTS.map(b => [`${b.rule}: ${b.input}`, b] as const))(
    'refuses %s',
    (_, bad) => {
      expect(asList(bad.run())).toContainEqual(
        expect.objectContaining({ field: bad.field, rule: bad.rule }),
      );
    },
  );

  it('names a person-readable message for each', () => {
    for (const bad of BAD_INPUTS) {
      for (const v of asList(bad.run())) {
        expect(v.message.length).toBeGreaterThan(10);
      }
    }
  });

  it('covers every rule id the validators, generators and schema can return', () => {
    const dirs = ['.', '../policies', '../schema'].map(d => join(__dirname, d));
    const source = dirs
      .flatMap(dir =>
        readdirSync(dir)
          .filter(f => f.endsWith('.ts') && !f.endsWith('.test.ts'))
          .map(f => readFileSync(join(dir, f), 'utf8')),
      )
      .join('\n');
    const ids = new Set<string>();
    const literal = [
      /fail\(\s*'([a-z0-9-]+)'/g,
      /\)\(\s*'([a-z0-9-]+)'/g,
      /rule: '([a-z0-9-]+)'/g,
    ];
    for (const re of literal) {
      for (const m of source.matchAll(re)) ids.add(m[1]);
    }
    for (const m of source.matchAll(/`\$\{o\.ruleBase\}-([a-z-]+)`/g)) {
      ids.add(`role-arn-${m[1]}`);
      ids.add(`principal-arn-${m[1]}`);
    }
    expect(ids.size).toBeGreaterThan(60);
    const covered = new Set(BAD_INPUTS.map(b => b.rule));
    expect([...ids].filter(id => !covered.has(id)).sort()).toEqual([]);
  });

  it('has at least 25 distinct bad inputs', () => {
    expect(new Set(BAD_INPUTS.map(b => `${b.rule}|${b.input}`)).size).toBe(
      BAD_INPUTS.length,
    );
    expect(BAD_INPUTS.length).toBeGreaterThanOrEqual(25);
  });
});
