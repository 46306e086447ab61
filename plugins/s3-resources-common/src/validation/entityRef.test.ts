import {
  OWNER_REF,
  SYSTEM_REF,
  canonicalEntityRef,
  validateEntityRef,
} from './entityRef';

describe('validateEntityRef', () => {
  it.each([
    'group:default/team-a',
    'user:default/jane.doe',
    'group:team-a',
    'Group:default/team-a',
    'group:my-ns/Team_A',
    'team-a',
    'default/team-a',
  ])('accepts owner %s', ref => {
    expect(validateEntityRef(ref, OWNER_REF)).toBeUndefined();
  });

  it.each(['payments', 'default/payments', 'system:default/payments'])(
    'accepts system %s (the kind defaults to system)',
    ref => {
      expect(validateEntityRef(ref, SYSTEM_REF, 'system')).toBeUndefined();
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
    ['system:default/payments', 'entity-ref-kind'],
  ])('refuses owner %j (%s)', (ref, rule) => {
    expect(validateEntityRef(ref, OWNER_REF)?.rule).toBe(rule);
  });

  it('asks for the kind where the rule has no default kind', () => {
    expect(
      validateEntityRef('team-a', { kinds: ['group', 'user'] })?.rule,
    ).toBe('entity-ref-kind');
  });
});

describe('canonicalEntityRef', () => {
  it.each([
    ['media-pipeline', 'system:default/media-pipeline'],
    ['system:media-pipeline', 'system:default/media-pipeline'],
    ['default/media-pipeline', 'system:default/media-pipeline'],
    ['system:default/media-pipeline', 'system:default/media-pipeline'],
    ['System:default/Media-Pipeline', 'system:default/media-pipeline'],
    ['system:ops/billing', 'system:ops/billing'],
  ])('writes system %j as %j', (ref, canonical) => {
    expect(canonicalEntityRef(ref, SYSTEM_REF)).toBe(canonical);
  });

  it.each([
    ['team-a', 'group:default/team-a'],
    ['group:team-a', 'group:default/team-a'],
    ['Group:default/Team-A', 'group:default/team-a'],
    ['user:jane.doe', 'user:default/jane.doe'],
  ])('writes owner %j as %j', (ref, canonical) => {
    expect(canonicalEntityRef(ref, OWNER_REF)).toBe(canonical);
  });

  it.each(['', 'component:default/web', 'group:default/team a', 'a/b/c'])(
    'has no spelling for %j, which breaks a rule',
    ref => {
      expect(canonicalEntityRef(ref, OWNER_REF)).toBeUndefined();
    },
  );

  it('gives a spelling to exactly the refs the validator accepts', () => {
    for (const ref of ['team-a', 'x:y/z', 'group:a/b', 'user:default/-x']) {
      expect(canonicalEntityRef(ref, OWNER_REF) === undefined).toBe(
        validateEntityRef(ref, OWNER_REF) !== undefined,
      );
    }
  });
});
