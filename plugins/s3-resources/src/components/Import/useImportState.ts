import { useApi } from '@backstage/core-plugin-api';
import { useEffect, useReducer, useRef } from 'react';
import { useSearchParams } from 'react-router-dom';
import { s3ResourcesApiRef } from '../../api/S3ResourcesApi';
import {
  SourceState,
  sourceProblems,
  toImportSource,
} from './ImportSourceForm';
import {
  AccessLevel,
  INITIAL_IMPORT_STATE,
  ImportState,
  importReducer,
} from './importReducer';
import { sourceFromQuery } from './importPrefill';
import { ImportRow, effectiveOwner, rowProblems } from './importRow';

/**
 * The import page's state and what it can do: discover the buckets of a
 * source as they stream in, edit the rows, and import the selected ones.
 */
export function useImportState() {
  const api = useApi(s3ResourcesApiRef);
  const [params] = useSearchParams();
  const [state, dispatch] = useReducer(
    importReducer,
    params,
    (query): ImportState => {
      const prefill = sourceFromQuery(query);
      return prefill
        ? {
            ...INITIAL_IMPORT_STATE,
            source: prefill.source,
            ...(prefill.bucket ? { preselect: prefill.bucket } : {}),
          }
        : INITIAL_IMPORT_STATE;
    },
  );
  const abort = useRef<AbortController>();
  useEffect(() => () => abort.current?.abort(), []);

  const problems = sourceProblems(state.source);
  const selected = state.rows.filter(r => r.selected);
  const invalidRows = selected.filter(
    r => Object.keys(rowProblems(r, state.defaultOwner)).length > 0,
  ).length;

  const discover = async () => {
    if (problems.length) {
      dispatch({ type: 'sourceIncomplete' });
      return;
    }
    abort.current?.abort();
    const controller = new AbortController();
    abort.current = controller;
    dispatch({ type: 'discoveryStarted' });
    try {
      await api.discoverBuckets(toImportSource(state.source), {
        signal: controller.signal,
        onBucket: bucket => dispatch({ type: 'bucketFound', bucket }),
      });
      dispatch({ type: 'discoveryDone' });
    } catch (error) {
      dispatch(
        controller.signal.aborted
          ? { type: 'discoveryCancelled' }
          : { type: 'discoveryFailed', error },
      );
    }
  };

  const runImport = async () => {
    if (invalidRows) {
      dispatch({ type: 'rowsInvalid' });
      return;
    }
    dispatch({
      type: 'importStarted',
      buckets: selected.map(r => r.bucket.bucket),
    });
    try {
      const outcome = await api.importBuckets(
        {
          source: toImportSource(state.source),
          accessLevel: state.accessLevel,
          buckets: selected.map(r => ({
            bucket: r.bucket.bucket,
            name: r.name.trim(),
            ...(r.title.trim() ? { title: r.title.trim() } : {}),
            owner: effectiveOwner(r, state.defaultOwner),
            region: r.bucket.region,
          })),
        },
        {
          onProgress: ({ result, done, total }) =>
            dispatch({ type: 'bucketImported', result, done, total }),
        },
      );
      dispatch({ type: 'importFinished', outcome });
    } catch (error) {
      dispatch({ type: 'importFailed', error });
    }
  };

  return {
    state,
    /** What the source still lacks before discovery can start. */
    sourceProblems: problems,
    selected,
    /** Selected rows with problems, counted once an import was refused. */
    rowErrors: state.showRowProblems ? invalidRows : 0,
    discover,
    cancelDiscovery: () => abort.current?.abort(),
    startOver: () => dispatch({ type: 'startedOver' }),
    setSource: (source: SourceState) =>
      dispatch({ type: 'sourceChanged', source }),
    setDefaultOwner: (owner?: string) =>
      dispatch({ type: 'defaultOwnerChanged', owner }),
    setAccessLevel: (accessLevel: AccessLevel) =>
      dispatch({ type: 'accessLevelChanged', accessLevel }),
    updateRow: (bucket: string, patch: Partial<ImportRow>) =>
      dispatch({ type: 'rowChanged', bucket, patch }),
    selectAll: (value: boolean) =>
      dispatch({ type: 'allSelected', selected: value }),
    runImport,
  };
}

export type ImportController = ReturnType<typeof useImportState>;
