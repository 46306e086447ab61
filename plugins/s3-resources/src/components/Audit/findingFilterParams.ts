import {
  FINDING_KINDS,
  FindingKind,
  FindingSeverity,
} from '@s3-resources/plugin-s3-resources-common';
import { FindingFilter } from '../../api/S3ResourcesApi';
import { SEVERITIES_DESC } from '../common/severity';

/** The findings filters live in the URL, so links and Back keep them. */
export function findingFilterFrom(params: URLSearchParams): FindingFilter {
  const severities = SEVERITIES_DESC as string[];
  const kinds = FINDING_KINDS.map(k => k.kind) as string[];
  const severity = params
    .getAll('severity')
    .filter(s => severities.includes(s)) as FindingSeverity[];
  const kind = params
    .getAll('kind')
    .filter(k => kinds.includes(k)) as FindingKind[];
  const owner = params.get('owner');
  return {
    severity: severity.length ? severity : undefined,
    kind: kind.length ? kind : undefined,
    owner: owner ? [owner] : undefined,
  };
}

export function withFindingFilter(
  params: URLSearchParams,
  filter: FindingFilter,
) {
  const next = new URLSearchParams(params);
  ['severity', 'kind', 'owner'].forEach(key => next.delete(key));
  filter.severity?.forEach(s => next.append('severity', s));
  filter.kind?.forEach(k => next.append('kind', k));
  filter.owner?.forEach(o => next.append('owner', o));
  return next;
}
