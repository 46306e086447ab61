import {
  DiscoveredBucket,
  ImportOutcome,
  ImportRequest,
  ImportResult,
} from '../../api/S3ResourcesApi';
import { INITIAL_SOURCE, SourceState } from './ImportSourceForm';
import { ImportRow, newRow, withinRules } from './importRow';

export type AccessLevel = NonNullable<ImportRequest['accessLevel']>;

export type Discovery =
  | { phase: 'idle' | 'running' | 'done' | 'cancelled' }
  | { phase: 'error'; error: unknown };

export type Importing =
  | { phase: 'idle' }
  | { phase: 'running'; done: number; total: number }
  | { phase: 'done'; outcome: ImportOutcome }
  | { phase: 'error'; error: unknown };

/** Everything the import page holds, from the source to each row's outcome. */
export type ImportState = {
  source: SourceState;
  /** Set once discovery was asked for with an incomplete source. */
  showSourceProblems: boolean;
  /** Kept in bucket name order. */
  rows: ImportRow[];
  discovery: Discovery;
  defaultOwner?: string;
  accessLevel: AccessLevel;
  /** Set once an import was asked for with invalid selected rows. */
  showRowProblems: boolean;
  importing: Importing;
  /** A bucket named by the page's query: selected when discovery finds it. */
  preselect?: string;
};

export const INITIAL_IMPORT_STATE: ImportState = {
  source: INITIAL_SOURCE,
  showSourceProblems: false,
  rows: [],
  discovery: { phase: 'idle' },
  accessLevel: 'read',
  showRowProblems: false,
  importing: { phase: 'idle' },
};

export type ImportAction =
  | { type: 'sourceChanged'; source: SourceState }
  | { type: 'sourceIncomplete' }
  | { type: 'discoveryStarted' }
  | { type: 'bucketFound'; bucket: DiscoveredBucket }
  | { type: 'discoveryDone' }
  | { type: 'discoveryCancelled' }
  | { type: 'discoveryFailed'; error: unknown }
  | { type: 'startedOver' }
  | { type: 'rowChanged'; bucket: string; patch: Partial<ImportRow> }
  | { type: 'allSelected'; selected: boolean }
  | { type: 'defaultOwnerChanged'; owner?: string }
  | { type: 'accessLevelChanged'; accessLevel: AccessLevel }
  | { type: 'rowsInvalid' }
  | { type: 'importStarted'; buckets: string[] }
  | {
      type: 'bucketImported';
      result: ImportResult;
      done: number;
      total: number;
    }
  | { type: 'importFinished'; outcome: ImportOutcome }
  | { type: 'importFailed'; error: unknown };

const collator = new Intl.Collator();

/**
 * Puts a streamed bucket at its place in name order: a binary search, so a
 * long discovery costs one insert per bucket instead of a sort of every row.
 * A bucket seen again replaces its row.
 */
export function insertRow(rows: ImportRow[], row: ImportRow): ImportRow[] {
  let low = 0;
  let high = rows.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (collator.compare(rows[mid].bucket.bucket, row.bucket.bucket) < 0) {
      low = mid + 1;
    } else {
      high = mid;
    }
  }
  const replaces = rows[low]?.bucket.bucket === row.bucket.bucket;
  return [...rows.slice(0, low), row, ...rows.slice(replaces ? low + 1 : low)];
}

const withoutDiscovery: Pick<
  ImportState,
  'rows' | 'importing' | 'showRowProblems'
> = { rows: [], importing: { phase: 'idle' }, showRowProblems: false };

export function importReducer(
  state: ImportState,
  action: ImportAction,
): ImportState {
  switch (action.type) {
    case 'sourceChanged':
      return { ...state, source: action.source };
    case 'sourceIncomplete':
      return { ...state, showSourceProblems: true };
    case 'discoveryStarted':
      return {
        ...state,
        ...withoutDiscovery,
        showSourceProblems: false,
        discovery: { phase: 'running' },
      };
    case 'bucketFound': {
      const row = newRow(action.bucket);
      const selected = state.preselect === action.bucket.bucket;
      return {
        ...state,
        rows: insertRow(
          state.rows,
          selected ? withinRules({ ...row, selected }) : row,
        ),
      };
    }
    case 'discoveryDone':
      return { ...state, discovery: { phase: 'done' } };
    case 'discoveryCancelled':
      return { ...state, discovery: { phase: 'cancelled' } };
    case 'discoveryFailed':
      return { ...state, discovery: { phase: 'error', error: action.error } };
    case 'startedOver':
      return { ...state, ...withoutDiscovery, discovery: { phase: 'idle' } };
    case 'rowChanged':
      return {
        ...state,
        rows: state.rows.map(r =>
          r.bucket.bucket === action.bucket
            ? withinRules({ ...r, ...action.patch })
            : r,
        ),
      };
    case 'allSelected':
      return {
        ...state,
        rows: state.rows.map(r =>
          withinRules({ ...r, selected: action.selected }),
        ),
      };
    case 'defaultOwnerChanged':
      return { ...state, defaultOwner: action.owner };
    case 'accessLevelChanged':
      return { ...state, accessLevel: action.accessLevel };
    case 'rowsInvalid':
      return { ...state, showRowProblems: true };
    case 'importStarted': {
      const chosen = new Set(action.buckets);
      return {
        ...state,
        showRowProblems: false,
        rows: state.rows.map(r =>
          chosen.has(r.bucket.bucket) ? { ...r, result: undefined } : r,
        ),
        importing: { phase: 'running', done: 0, total: action.buckets.length },
      };
    }
    case 'bucketImported':
      return {
        ...state,
        rows: state.rows.map(r =>
          r.bucket.bucket === action.result.bucket
            ? { ...r, result: action.result }
            : r,
        ),
        importing: { phase: 'running', done: action.done, total: action.total },
      };
    case 'importFinished': {
      const results = new Map(
        action.outcome.results.map(result => [result.bucket, result]),
      );
      // Every outcome stays on its row; created buckets are no longer selected.
      return {
        ...state,
        rows: state.rows.map(r => {
          const result = results.get(r.bucket.bucket) ?? r.result;
          return {
            ...r,
            result,
            selected: r.selected && result?.outcome !== 'created',
          };
        }),
        importing: { phase: 'done', outcome: action.outcome },
      };
    }
    case 'importFailed':
      return { ...state, importing: { phase: 'error', error: action.error } };
    default:
      return state;
  }
}
