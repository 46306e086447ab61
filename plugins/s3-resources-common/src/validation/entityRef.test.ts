import { validateEntityRef } from './entityRef';

const owner = { kinds: ['group', 'user'] };
const system = { kinds: ['system'], defaultKind: 'system' };

describe('validateEntityRef', () => {
  it.each([
    'group:default/team-a',
    'user:default/jane.doe',
    'group:team-a',
    'Group:default/team-a',
    'group:my-ns/Team_A',
  ])('accepts owner %s', ref => {
    expect(validateEntityRef(ref, owner)).toBeUndefined();
  });

  it.each(['payments', 'default/payments', 'system:default/payments'])(
    'accepts system %s (the kind defaults to system)',
    ref => {
      expect(validateEntityRef(ref, system, 'system')).toBeUndefined();
    },
  );

  it.each([
    ['', 'entity-ref-format'],
    ['group:', 'entity-ref-format'],
    ['group:default/', 'entity-ref-format'],
    ['group:default/team a', 'entity-ref-name'],
    [`group:default/${'a'.repeat(64)}`, 'entity-ref-name'],
    ['group:my_ns/team', 'entity-ref-namespace'],
    ['1group:default/team', 'entity-ref-kind'],
  ])('refuses owner %j (%s)', (ref, rule) => {
    expect(validateEntityRef(ref, owner)?.rule).toBe(rule);
  });
});
