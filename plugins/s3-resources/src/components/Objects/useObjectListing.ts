import { useApi } from '@backstage/core-plugin-api';
import { ObjectListing } from '@s3-resources/plugin-s3-resources-common';
import { useCallback, useEffect, useRef, useState } from 'react';
import { s3ResourcesApiRef } from '../../api/S3ResourcesApi';

export const PAGE_SIZE = 200;

/**
 * One page of a folder at a time, with next and previous by continuation
 * token: only the page on screen is kept and rendered. A new folder or
 * search starts again at the first page.
 */
export function useObjectListing(options: {
  resourceId: string;
  folder?: string;
  search?: string;
}) {
  const api = useApi(s3ResourcesApiRef);
  const { resourceId, folder, search } = options;
  /**
   * The cursors of the pages seen so far (the first page has none), for
   * one folder and search: another folder or search starts afresh.
   */
  const scope = JSON.stringify([resourceId, folder, search]);
  const [trail, setTrail] = useState<{
    scope: string;
    cursors: Array<string | undefined>;
  }>({ scope, cursors: [undefined] });
  const cursors = trail.scope === scope ? trail.cursors : [undefined];
  const setCursors = useCallback(
    (change: (c: Array<string | undefined>) => Array<string | undefined>) =>
      setTrail(t => ({
        scope,
        cursors: change(t.scope === scope ? t.cursors : [undefined]),
      })),
    [scope],
  );
  const [page, setPage] = useState<ObjectListing>();
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>();
  const [reloads, setReloads] = useState(0);
  const generation = useRef(0);

  const cursor = cursors[cursors.length - 1];
  useEffect(() => {
    const mine = ++generation.current;
    const controller = new AbortController();
    setLoading(true);
    setError(undefined);
    api
      .listObjects(
        resourceId,
        { folder, search: search || undefined, cursor, limit: PAGE_SIZE },
        controller.signal,
      )
      .then(
        listing => {
          if (mine === generation.current) setPage(listing);
        },
        e => {
          if (mine === generation.current) {
            setError(e);
            setPage(undefined);
          }
        },
      )
      .finally(() => {
        if (mine === generation.current) setLoading(false);
      });
    return () => controller.abort();
  }, [api, resourceId, folder, search, cursor, reloads]);

  return {
    page,
    loading,
    error,
    pageNumber: cursors.length,
    hasNext: page?.nextCursor !== undefined,
    hasPrevious: cursors.length > 1,
    next: useCallback(() => {
      const nextCursor = page?.nextCursor;
      if (nextCursor) setCursors(c => [...c, nextCursor]);
    }, [page, setCursors]),
    previous: useCallback(
      () => setCursors(c => (c.length > 1 ? c.slice(0, -1) : c)),
      [setCursors],
    ),
    reload: useCallback(() => setReloads(n => n + 1), []),
  };
}
