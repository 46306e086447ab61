import {
  PROVIDER_IDS,
  ProviderId,
} from '@s3-resources/plugin-s3-resources-common';
import { ResourceStatusFilter } from '../../api/S3ResourcesApi';
import { STATUS_TEXT } from '../common/status';

export type ResourceFilter = {
  owner?: string;
  provider: ProviderId[];
  status: ResourceStatusFilter[];
};

export const STATUS_FILTERS = Object.keys(
  STATUS_TEXT,
) as ResourceStatusFilter[];

/** The list's search and filters live in the URL, so links and Back keep them. */
export function filterFromParams(params: URLSearchParams): ResourceFilter {
  return {
    owner: params.get('owner') || undefined,
    provider: params
      .getAll('provider')
      .filter((p): p is ProviderId => PROVIDER_IDS.includes(p as ProviderId)),
    status: params
      .getAll('status')
      .filter((s): s is ResourceStatusFilter =>
        STATUS_FILTERS.includes(s as ResourceStatusFilter),
      ),
  };
}

export function withFilter(
  params: URLSearchParams,
  filter: ResourceFilter,
): URLSearchParams {
  const next = new URLSearchParams(params);
  next.delete('owner');
  next.delete('provider');
  next.delete('status');
  if (filter.owner) next.set('owner', filter.owner);
  filter.provider.forEach(p => next.append('provider', p));
  filter.status.forEach(s => next.append('status', s));
  return next;
}

export function withSearch(
  params: URLSearchParams,
  search: string,
): URLSearchParams {
  const next = new URLSearchParams(params);
  if (search) next.set('q', search);
  else next.delete('q');
  return next;
}

export function isFiltered(filter: ResourceFilter, search: string): boolean {
  return Boolean(
    search || filter.owner || filter.provider.length || filter.status.length,
  );
}
