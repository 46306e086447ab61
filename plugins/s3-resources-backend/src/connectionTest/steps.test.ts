import fc from 'fast-check';
import { sessionNameFor } from './steps';

const STS_SESSION_NAME = /^[\w+=,.@-]{2,64}$/;

/** Entity names and namespaces as the catalog allows them. */
const entityName = fc.stringMatching(
  /^[a-zA-Z0-9]([a-zA-Z0-9._-]{0,62}[a-zA-Z0-9])?$/,
);
const userRef = fc
  .tuple(fc.oneof(fc.constant('default'), entityName), entityName)
  .map(([namespace, name]) => `user:${namespace}/${name}`);
/** Pairs of different refs that the readable part alone could not tell apart. */
const lookAlikes = fc.oneof(
  // the same first 60 characters
  fc
    .tuple(fc.stringMatching(/^[a-z]{60}$/), entityName, entityName)
    .filter(([, a, b]) => a.toLowerCase() !== b.toLowerCase())
    .map(([shared, a, b]) => [
      `user:default/${shared}${a}`,
      `user:default/${shared}${b}`,
    ]),
  // a namespace, or a dot in a name of the default namespace
  fc
    .tuple(entityName, entityName)
    .filter(([namespace]) => namespace.toLowerCase() !== 'default')
    .map(([namespace, name]) => [
      `user:${namespace}/${name}`,
      `user:default/${namespace}.${name}`,
    ]),
  // two users anywhere
  fc
    .tuple(userRef, userRef)
    .filter(([a, b]) => a.toLowerCase() !== b.toLowerCase()),
);

describe('sessionNameFor', () => {
  it('stays readable: it starts with the user', () => {
    expect(sessionNameFor('user:default/alice')).toMatch(
      /^backstage-alice-[0-9a-f]{8}$/,
    );
    expect(sessionNameFor('user:team/alice')).toMatch(
      /^backstage-team\.alice-[0-9a-f]{8}$/,
    );
  });

  it('is stable for one user', () => {
    expect(sessionNameFor('user:default/alice')).toBe(
      sessionNameFor('user:default/alice'),
    );
  });

  it('differs for refs that normalise to the same name', () => {
    // namespace.name is also a name in the default namespace
    expect(sessionNameFor('user:team/alice')).not.toBe(
      sessionNameFor('user:default/team.alice'),
    );
    // characters outside the STS charset become '-'
    expect(sessionNameFor('plugin:s3-resources')).not.toBe(
      sessionNameFor('plugin-s3-resources'),
    );
  });

  it('differs for long refs that share the part kept after truncation', () => {
    const shared = 'a'.repeat(60);
    const a = sessionNameFor(`user:default/${shared}-one`);
    const b = sessionNameFor(`user:default/${shared}-two`);
    expect(a).not.toBe(b);
    expect(a.length).toBeLessThanOrEqual(64);
    expect(b.length).toBeLessThanOrEqual(64);
  });

  it('is always 2-64 characters of the STS charset', () => {
    fc.assert(
      fc.property(fc.oneof(userRef, fc.string({ maxLength: 300 })), ref => {
        expect(sessionNameFor(ref)).toMatch(STS_SESSION_NAME);
      }),
    );
  });

  it('differs for different refs', () => {
    fc.assert(
      fc.property(lookAlikes, ([a, b]) => {
        expect(sessionNameFor(a)).not.toBe(sessionNameFor(b));
      }),
    );
  });
});
