import { csvCell, csvHeader, csvRow } from './exportFormats';

describe('csvCell', () => {
  it.each([
    ['=1+1', `"'=1+1"`],
    ['+1', `"'+1"`],
    ['-1', `"'-1"`],
    ['@SUM(A1)', `"'@SUM(A1)"`],
    ['\tx', `"'\tx"`],
    ['\rx', `"'\rx"`],
    // a spreadsheet skips leading blanks before it looks for a formula
    ['  =HYPERLINK("http://x")', `"'  =HYPERLINK(""http://x"")"`],
    ['\u00a0=1', `"'\u00a0=1"`],
    ['\u3000=1', `"'\u3000=1"`],
    ['\n=1', `"'\n=1"`],
    // fullwidth forms, which some locales read as formula characters
    ['＝1+1', `"'＝1+1"`],
    ['＋1', `"'＋1"`],
    ['－1', `"'－1"`],
    ['＠SUM(A1)', `"'＠SUM(A1)"`],
  ])('neutralises %j', (value, cell) => {
    expect(csvCell(value)).toBe(cell);
  });

  it.each([
    ['plain', '"plain"'],
    ['a;b', '"a;b"'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['a=b', '"a=b"'],
    [42, '"42"'],
    // a number is no formula, negative or not
    [-1048576, '"-1048576"'],
    [undefined, '""'],
    [null, '""'],
    [['x', 'y'], '"x;y"'],
  ])('quotes %j, so no separator splits it', (value, cell) => {
    expect(csvCell(value)).toBe(cell);
  });
});

describe('csvRow and csvHeader', () => {
  it('quote every field of a row; the header names the columns', () => {
    const columns = ['a', 'b', 'c'] as const;
    expect(csvHeader([...columns])).toBe('a,b,c\n');
    expect(
      csvRow({ a: 'x;=cmd|" /C calc"!A0', b: ' -2', c: undefined }, [
        ...columns,
      ]),
    ).toBe(`"x;=cmd|"" /C calc""!A0","' -2",""\n`);
  });
});
