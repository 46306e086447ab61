import { DiscoveredBucket, ImportResult } from '../../api/S3ResourcesApi';
import {
  INITIAL_IMPORT_STATE,
  ImportAction,
  ImportState,
  importReducer,
  insertRow,
} from './importReducer';
import { newRow } from './importRow';

function bucket(name: string): DiscoveredBucket {
  return {
    bucket: name,
    region: 'us-east-1',
    tags: {},
    suggestedName: `${name}-s3`,
    warnings: [],
  };
}

const names = (state: ImportState) => state.rows.map(r => r.bucket.bucket);

const run = (actions: ImportAction[], from = INITIAL_IMPORT_STATE) =>
  actions.reduce(importReducer, from);

const found = (...list: string[]): ImportAction[] =>
  list.map(name => ({ type: 'bucketFound', bucket: bucket(name) }));

const result = (
  name: string,
  status: ImportResult['outcome'],
): ImportResult => ({ bucket: name, name: `${name}-s3`, outcome: status });

describe('insertRow', () => {
  it('keeps rows in name order whatever order they arrive in', () => {
    const rows = ['m', 'b', 'z', 'a', 'c', 'y'].reduce(
      (acc, name) => insertRow(acc, newRow(bucket(name))),
      [] as ReturnType<typeof newRow>[],
    );
    expect(rows.map(r => r.bucket.bucket)).toEqual([
      'a',
      'b',
      'c',
      'm',
      'y',
      'z',
    ]);
  });

  it('agrees with a full sort on many random names', () => {
    const list = Array.from({ length: 500 }, (_, i) =>
      ((i * 7919) % 1009).toString(36).padStart(3, 'x'),
    );
    const unique = [...new Set(list)];
    const rows = unique.reduce(
      (acc, name) => insertRow(acc, newRow(bucket(name))),
      [] as ReturnType<typeof newRow>[],
    );
    expect(rows.map(r => r.bucket.bucket)).toEqual(
      [...unique].sort((a, b) => a.localeCompare(b)),
    );
  });

  it('replaces a bucket that arrives twice instead of listing it twice', () => {
    const first = insertRow([], newRow(bucket('a')));
    const again = { ...bucket('a'), region: 'eu-west-1' };
    const rows = insertRow(first, newRow(again));
    expect(rows).toHaveLength(1);
    expect(rows[0].bucket.region).toBe('eu-west-1');
  });

  it('leaves the list it was given untouched', () => {
    const rows = insertRow([], newRow(bucket('b')));
    insertRow(rows, newRow(bucket('a')));
    expect(rows.map(r => r.bucket.bucket)).toEqual(['b']);
  });
});

describe('importReducer', () => {
  it('starts a discovery from a clean table and keeps the source', () => {
    const source = { ...INITIAL_IMPORT_STATE.source, accessKeyId: 'AKIA' };
    const state = run([
      { type: 'sourceChanged', source },
      { type: 'sourceIncomplete' },
      ...found('old'),
      { type: 'rowsInvalid' },
      { type: 'importFailed', error: new Error('x') },
      { type: 'discoveryStarted' },
    ]);
    expect(state).toEqual({
      ...INITIAL_IMPORT_STATE,
      source,
      discovery: { phase: 'running' },
    });
  });

  it('lists streamed buckets in order with their suggested names, selected by none', () => {
    const state = run([{ type: 'discoveryStarted' }, ...found('b', 'a')]);
    expect(names(state)).toEqual(['a', 'b']);
    expect(state.rows[0]).toMatchObject({ name: 'a-s3', selected: false });
  });

  it('ends a discovery as done, cancelled or failed', () => {
    const error = new Error('boom');
    expect(run([{ type: 'discoveryDone' }]).discovery).toEqual({
      phase: 'done',
    });
    expect(run([{ type: 'discoveryCancelled' }]).discovery).toEqual({
      phase: 'cancelled',
    });
    expect(run([{ type: 'discoveryFailed', error }]).discovery).toEqual({
      phase: 'error',
      error,
    });
  });

  it('edits one row, or selects every row', () => {
    const state = run([
      ...found('a', 'b'),
      { type: 'rowChanged', bucket: 'b', patch: { name: 'renamed' } },
      { type: 'allSelected', selected: true },
    ]);
    expect(state.rows.map(r => [r.name, r.selected])).toEqual([
      ['a-s3', true],
      ['renamed', true],
    ]);
    expect(
      run([{ type: 'allSelected', selected: false }], state).rows.some(
        r => r.selected,
      ),
    ).toBe(false);
  });

  it('clears the results of the rows being imported again, and counts progress', () => {
    const before = run([
      ...found('a', 'b'),
      { type: 'importFinished', outcome: outcome([result('a', 'failed')]) },
      { type: 'importFinished', outcome: outcome([result('b', 'failed')]) },
      { type: 'rowsInvalid' },
    ]);
    const started = run([{ type: 'importStarted', buckets: ['a'] }], before);
    expect(started.showRowProblems).toBe(false);
    expect(started.rows.map(r => r.result?.outcome)).toEqual([
      undefined,
      'failed',
    ]);
    expect(started.importing).toEqual({ phase: 'running', done: 0, total: 1 });

    const progressed = run(
      [
        {
          type: 'bucketImported',
          result: result('a', 'created'),
          done: 1,
          total: 1,
        },
      ],
      started,
    );
    expect(progressed.rows[0].result?.outcome).toBe('created');
    expect(progressed.importing).toEqual({
      phase: 'running',
      done: 1,
      total: 1,
    });
  });

  it('keeps every outcome on its row and deselects only the created ones', () => {
    const state = run([
      ...found('a', 'b', 'c'),
      { type: 'allSelected', selected: true },
      {
        type: 'importFinished',
        outcome: outcome([result('a', 'created'), result('b', 'exists')]),
      },
    ]);
    expect(
      state.rows.map(r => [r.bucket.bucket, r.result?.outcome, r.selected]),
    ).toEqual([
      ['a', 'created', false],
      ['b', 'exists', true],
      ['c', undefined, true],
    ]);
    expect(state.importing.phase).toBe('done');
  });

  it('starts over without the rows and outcomes but with the source and options', () => {
    const source = { ...INITIAL_IMPORT_STATE.source, accessKeyId: 'AKIA' };
    const state = run([
      { type: 'sourceChanged', source },
      { type: 'defaultOwnerChanged', owner: 'group:default/a' },
      { type: 'accessLevelChanged', accessLevel: 'full' },
      ...found('a'),
      { type: 'discoveryDone' },
      { type: 'rowsInvalid' },
      { type: 'startedOver' },
    ]);
    expect(state).toEqual({
      ...INITIAL_IMPORT_STATE,
      source,
      defaultOwner: 'group:default/a',
      accessLevel: 'full',
    });
  });
});

function outcome(results: ImportResult[]) {
  const count = (o: ImportResult['outcome']) =>
    results.filter(r => r.outcome === o).length;
  return {
    created: count('created'),
    exists: count('exists'),
    failed: count('failed'),
    results,
  };
}
