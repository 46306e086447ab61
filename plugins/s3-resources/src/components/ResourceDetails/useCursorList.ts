import { useCallback, useEffect, useRef, useState } from 'react';
import { CursorPage } from '../../api/S3ResourcesApi';

/** Loads a cursor-paged list one page at a time ("Load more"). */
export function useCursorList<T>(
  load: (cursor?: string) => Promise<CursorPage<T>>,
) {
  const [items, setItems] = useState<T[]>([]);
  const [nextCursor, setNextCursor] = useState<string>();
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>();
  const generation = useRef(0);

  const fetchPage = useCallback(
    async (cursor: string | undefined, append: boolean) => {
      const mine = ++generation.current;
      setLoading(true);
      setError(undefined);
      try {
        const page = await load(cursor);
        if (mine !== generation.current) return;
        setItems(current =>
          append ? [...current, ...page.items] : page.items,
        );
        setNextCursor(page.nextCursor);
      } catch (e) {
        if (mine === generation.current) setError(e);
      } finally {
        if (mine === generation.current) setLoading(false);
      }
    },
    [load],
  );

  useEffect(() => {
    fetchPage(undefined, false);
  }, [fetchPage]);

  return {
    items,
    loading,
    error,
    hasMore: nextCursor !== undefined,
    loadMore: () => fetchPage(nextCursor, true),
    reload: () => fetchPage(undefined, false),
  };
}
