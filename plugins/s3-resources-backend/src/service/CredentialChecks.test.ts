import { TestRun } from '@s3-resources/plugin-s3-resources-common';
import { RoleTrustProbe } from '../connectionTest/ConnectionTester';
import { ResourceRow } from '../database/ResourceStore';
import { CredentialChecks } from './CredentialChecks';
import { rowOf, runOf } from './findingRules.fixtures';

const HOUR = 3600_000;

const roleRow = (id: string, roleArn: string, accessKeyId = 'AKIASOURCE') =>
  rowOf({
    id,
    authMethod: 'assume-role',
    auth: {
      method: 'assume-role',
      roleArn,
      externalId: 's3r-x',
      source: { method: 'access-key', accessKeyId },
    },
  });

function assumed(status: 'pass' | 'fail' | 'skipped'): TestRun {
  const run = runOf();
  return {
    ...run,
    steps: [
      ...run.steps,
      {
        id: 'assume-role',
        title: 'Assume role',
        status,
        durationMs: 1,
        message: status,
      },
    ],
  };
}

function checks(answers: Array<RoleTrustProbe | Error>) {
  let now = Date.parse('2027-01-01T00:00:00.000Z');
  const probed: string[] = [];
  const logged: string[] = [];
  const c = CredentialChecks.create({
    store: { usingAccessKeys: async () => [] },
    cacheMs: 24 * HOUR,
    now: () => now,
    logger: { info: (message: string) => logged.push(message) },
    probeRoleTrust: async (row: ResourceRow) => {
      probed.push(row.id);
      const answer = answers.shift() ?? { result: 'assumable', at: 'x' };
      if (answer instanceof Error) throw answer;
      return answer;
    },
  });
  return {
    c,
    probed,
    logged,
    later: (ms: number) => {
      now += ms;
    },
  };
}

describe('CredentialChecks', () => {
  it('probes a role once per role and source while the answer is kept, concurrent callers included', async () => {
    const { c, probed, later } = checks([]);
    const a = roleRow('a', 'arn:aws:iam:::role/r');
    const b = roleRow('b', 'arn:aws:iam:::role/r');
    const other = roleRow('c', 'arn:aws:iam:::role/r', 'AKIAOTHERSOURCE');
    const run = assumed('pass');
    const facts = await Promise.all(
      [a, b, other].map(row => c.factsOf(row, run, undefined)),
    );
    expect(facts.map(f => f.roleTrust?.result)).toEqual([
      'assumable',
      'assumable',
      'assumable',
    ]);
    expect(probed).toEqual(['a', 'c']);
    later(23 * HOUR);
    await c.factsOf(b, run, undefined);
    expect(probed).toEqual(['a', 'c']);
    later(2 * HOUR);
    await c.factsOf(b, run, undefined);
    expect(probed).toEqual(['a', 'c', 'b']);
  });

  it('does not keep an unknown answer or a failure, and probes only after the test assumed the role', async () => {
    const { c, probed } = checks([
      { result: 'unknown', at: 'x', reason: 'throttled' },
      new Error('no secret'),
    ]);
    const a = roleRow('a', 'arn:aws:iam:::role/r');
    expect(
      (await c.factsOf(a, assumed('fail'), undefined)).roleTrust,
    ).toBeUndefined();
    expect(
      (await c.factsOf(a, undefined, undefined)).roleTrust,
    ).toBeUndefined();
    expect(probed).toEqual([]);
    const run = assumed('pass');
    expect((await c.factsOf(a, run, undefined)).roleTrust).toMatchObject({
      result: 'unknown',
      reason: 'throttled',
    });
    expect((await c.factsOf(a, run, undefined)).roleTrust).toMatchObject({
      result: 'unknown',
      reason: 'no secret',
    });
    expect((await c.factsOf(a, run, undefined)).roleTrust?.result).toBe(
      'assumable',
    );
    expect(probed).toEqual(['a', 'a', 'a']);
    // nor a role on MinIO, nor an access key resource
    expect(
      (await c.factsOf({ ...a, provider: 'minio' }, run, undefined)).roleTrust,
    ).toBeUndefined();
    expect(
      (await c.factsOf(rowOf(), run, undefined)).roleTrust,
    ).toBeUndefined();
    expect(probed).toHaveLength(3);
  });

  it('logs why a role stays unknown, once per role and source while an answer would be kept, the key masked', async () => {
    const { c, logged, later } = checks([
      { result: 'unknown', at: 'x', reason: 'throttled' },
      { result: 'unknown', at: 'x', reason: 'throttled' },
      new Error('InvalidClientTokenId for AKIAIOSFODNN7EXAMPLE'),
    ]);
    const a = roleRow('a', 'arn:aws:iam::111122223333:role/r');
    const run = assumed('pass');
    await c.factsOf(a, run, undefined);
    await c.factsOf(a, run, undefined);
    expect(logged).toEqual([
      'The role-trust-no-external-id check of arn:aws:iam::111122223333:role/r (resource media, a) is unknown: throttled. The finding the resource had stays as it was; each sweep asks again, and this is logged again after 24 hours',
    ]);
    later(25 * HOUR);
    await c.factsOf(a, run, undefined);
    expect(logged).toHaveLength(2);
    expect(logged[1]).toContain(
      'is unknown: InvalidClientTokenId for ****************MPLE.',
    );
    expect(logged.join('\n')).not.toContain('AKIAIOSFODNN7EXAMPLE');
    // a known answer is not logged
    await c.factsOf(roleRow('b', 'arn:aws:iam:::role/other'), run, undefined);
    expect(logged).toHaveLength(2);
  });
});
