import {
  RESOURCE_SORTS,
  ResourceSort,
} from '@s3-resources/plugin-s3-resources-common';

export type ListSort = { by: ResourceSort; order: 'asc' | 'desc' };

/** The sort lives in the URL like the filters: `sort` (not for name) and `order=desc`. */
export function sortFromParams(params: URLSearchParams): ListSort {
  const by = params.get('sort');
  return {
    by: RESOURCE_SORTS.includes(by as ResourceSort)
      ? (by as ResourceSort)
      : 'name',
    order: params.get('order') === 'desc' ? 'desc' : 'asc',
  };
}

export function withSort(
  params: URLSearchParams,
  sort: ListSort,
): URLSearchParams {
  const next = new URLSearchParams(params);
  if (sort.by === 'name') next.delete('sort');
  else next.set('sort', sort.by);
  if (sort.order === 'desc') next.set('order', 'desc');
  else next.delete('order');
  return next;
}

const WORDS: Record<ResourceSort, [string, string, string]> = {
  name: ['name', 'A to Z', 'Z to A'],
  lastTest: [
    'last test',
    'failing first, never tested last',
    'never tested first, failing last',
  ],
  owner: ['owner', 'A to Z', 'Z to A'],
  provider: ['provider', 'A to Z', 'Z to A'],
};

/** "Sorted by last test, failing first, never tested last." */
export function describeSort(sort: ListSort): string {
  const [what, asc, desc] = WORDS[sort.by];
  return `Sorted by ${what}, ${sort.order === 'asc' ? asc : desc}`;
}
