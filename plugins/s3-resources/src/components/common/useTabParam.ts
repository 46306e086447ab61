import { useSearchParams } from 'react-router-dom';

/**
 * The selected tab, kept in the page's `?tab=` (replaced, not pushed, so Back
 * leaves the page): the requested tab when it is one of `tabs`, else the
 * first of `tabs`, which is also the one the URL leaves out.
 */
export function useTabParam<T extends string>(
  tabs: readonly T[],
): [T, (tab: T) => void] {
  const [params, setParams] = useSearchParams();
  const requested = params.get('tab') as T | null;
  const fallback = tabs[0];
  const selected = requested && tabs.includes(requested) ? requested : fallback;
  const select = (tab: T) =>
    setParams(
      current => {
        const next = new URLSearchParams(current);
        if (tab === fallback) next.delete('tab');
        else next.set('tab', tab);
        return next;
      },
      { replace: true },
    );
  return [selected, select];
}
