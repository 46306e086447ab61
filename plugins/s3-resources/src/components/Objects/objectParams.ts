import { useSearchParams } from 'react-router-dom';

/** The parent folder of a key, ending with / ('' at the bucket's root). */
export function parentFolder(key: string): string {
  const slash = key.lastIndexOf('/');
  return slash < 0 ? '' : key.slice(0, slash + 1);
}

/**
 * The folder listed and the selected key, kept in the page's `?folder=` and
 * `?key=` (replaced, not pushed, like the tab) so a link opens the same view.
 * Without a folder the key's own folder is listed.
 */
export function useObjectParams() {
  const [params, setParams] = useSearchParams();
  const key = params.get('key') ?? undefined;
  const folder =
    params.get('folder') ?? (key !== undefined ? parentFolder(key) : undefined);
  const update = (changes: Record<string, string | undefined>) =>
    setParams(
      current => {
        const next = new URLSearchParams(current);
        for (const [name, value] of Object.entries(changes)) {
          if (value === undefined) next.delete(name);
          else next.set(name, value);
        }
        return next;
      },
      { replace: true },
    );
  return {
    folder,
    key,
    openFolder: (next: string) => update({ folder: next, key: undefined }),
    selectKey: (next: string | undefined) => update({ key: next }),
    /** Back to the resource's own folder, nothing selected. */
    reset: () => update({ folder: undefined, key: undefined }),
  };
}
