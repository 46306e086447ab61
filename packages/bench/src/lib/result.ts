/** One measured figure, with the target it is judged against (if any). */
export type Figure = {
  name: string;
  value: number;
  unit: string;
  /** e.g. `<= 1.3`; figures are printed, never failed on. */
  target?: { op: '<=' | '>='; value: number };
};

export type BenchResult = {
  id: string;
  title: string;
  figures: Figure[];
  /** Conditions of the run a reader needs to judge the figures. */
  notes: string[];
};

/** Prefix of the line a benchmark process prints its result on. */
export const RESULT_MARKER = '@@bench-result ';

export function meets(figure: Figure): boolean | undefined {
  if (!figure.target) return undefined;
  return figure.target.op === '<='
    ? figure.value <= figure.target.value
    : figure.value >= figure.target.value;
}

export function formatValue(figure: Figure): string {
  const v = figure.value;
  const digits = figure.unit === 'x' || Math.abs(v) < 10 ? 2 : 0;
  const text = v.toLocaleString('en-US', {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
  return figure.unit === 'x' ? `${text}×` : `${text} ${figure.unit}`;
}

export function formatTarget(figure: Figure): string {
  if (!figure.target) return '';
  const verdict = meets(figure) ? 'met' : 'NOT met';
  const value =
    figure.unit === 'x'
      ? `${figure.target.value}×`
      : `${figure.target.value} ${figure.unit}`;
  return `target ${figure.target.op} ${value}: ${verdict}`;
}

/** Prints the result for the runner (one line) and for a person (a list). */
export function report(result: BenchResult): void {
  for (const f of result.figures) {
    const target = formatTarget(f);
    process.stdout.write(
      `  ${f.name}: ${formatValue(f)}${target ? `  (${target})` : ''}\n`,
    );
  }
  process.stdout.write(`${RESULT_MARKER}${JSON.stringify(result)}\n`);
}
