import { alignLines, canonicalJson } from './configurationDrift';

describe('alignLines', () => {
  it('pairs equal lines and marks what each side has alone', () => {
    const rows = alignLines('a\nb\nc\nd', 'a\nc\nx\nd\ne');
    expect(rows).toEqual([
      { change: 'same', desired: 'a', live: 'a' },
      { change: 'desired-only', desired: 'b' },
      { change: 'same', desired: 'c', live: 'c' },
      { change: 'live-only', live: 'x' },
      { change: 'same', desired: 'd', live: 'd' },
      { change: 'live-only', live: 'e' },
    ]);
  });

  it('shows a line replaced in place as one changed row', () => {
    expect(alignLines('"Days": 7,\nend', '"Days": 30,\nend')).toEqual([
      { change: 'changed', desired: '"Days": 7,', live: '"Days": 30,' },
      { change: 'same', desired: 'end', live: 'end' },
    ]);
  });

  it('keeps every line of both sides, in order', () => {
    const desired = canonicalJson({ b: [1, 2, 3], a: { y: 1, x: 2 } });
    const live = canonicalJson({ a: { x: 2 }, b: [3, 2, 1], c: true });
    const rows = alignLines(desired, live);
    expect(
      rows.filter(r => r.desired !== undefined).map(r => r.desired),
    ).toEqual(desired.split('\n'));
    expect(rows.filter(r => r.live !== undefined).map(r => r.live)).toEqual(
      live.split('\n'),
    );
  });
});

describe('canonicalJson', () => {
  it('sorts keys at every level and keeps array order', () => {
    expect(canonicalJson({ b: 1, a: [{ d: 1, c: 2 }] })).toBe(
      '{\n  "a": [\n    {\n      "c": 2,\n      "d": 1\n    }\n  ],\n  "b": 1\n}',
    );
  });
});
