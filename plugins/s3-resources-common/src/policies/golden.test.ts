import { readdirSync, readFileSync, writeFileSync } from 'fs';
import { join } from 'path';
import { generateBucketPolicy } from './bucketPolicy';
import { generateCorsConfiguration } from './corsConfiguration';
import { generateIamPolicy } from './iamPolicy';
import { generateResourcePolicies } from './resourcePolicies';
import { generateTrustPolicy } from './trustPolicy';

/**
 * Each fixture holds a generator's input and its expected output. Set
 * UPDATE_GOLDEN=1 to rewrite `expected` after a deliberate change, then
 * read the diff: nothing updates on its own.
 */
type Fixture = {
  generator: 'iam' | 'bucket' | 'trust' | 'cors' | 'resource';
  input: any;
  context?: any;
  expected?: unknown;
};

const dir = join(__dirname, '__fixtures__');
const files = readdirSync(dir).filter(f => f.endsWith('.json'));

function run({ generator, input, context }: Fixture): unknown {
  switch (generator) {
    case 'iam':
      return generateIamPolicy(input);
    case 'bucket':
      return generateBucketPolicy(input);
    case 'trust':
      return generateTrustPolicy(input);
    case 'cors':
      return generateCorsConfiguration(input);
    case 'resource':
      return generateResourcePolicies(input, context);
    default:
      throw new Error(`unknown generator ${generator}`);
  }
}

/** `json` repeats `policy`; it is checked once here and kept out of the files. */
function withoutJson(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutJson);
  if (value && typeof value === 'object') {
    const entries = Object.entries(value)
      .filter(([key]) => key !== 'json')
      .map(([key, v]) => [key, withoutJson(v)]);
    return Object.fromEntries(entries);
  }
  return value;
}

describe('golden outputs', () => {
  it('has fixtures for every generator', () => {
    const generators = new Set(
      files.map(
        f =>
          (JSON.parse(readFileSync(join(dir, f), 'utf8')) as Fixture).generator,
      ),
    );
    expect([...generators].sort()).toEqual([
      'bucket',
      'cors',
      'iam',
      'resource',
      'trust',
    ]);
  });

  it.each(files)('%s', file => {
    const path = join(dir, file);
    const fixture: Fixture = JSON.parse(readFileSync(path, 'utf8'));
    const output = run(fixture) as Record<string, any>;
    const pretty = [output, ...Object.values(output)].filter(g => g?.json);
    expect(pretty.map(g => JSON.parse(g.json))).toEqual(
      pretty.map(g => g.policy ?? g.configuration),
    );
    const actual = withoutJson(output);
    if (process.env.UPDATE_GOLDEN === '1') {
      writeFileSync(
        path,
        `${JSON.stringify({ ...fixture, expected: actual }, null, 2)}\n`,
      );
      return;
    }
    expect(actual).toEqual(fixture.expected);
  });
});
