import {
  PROVIDER_IDS,
  ProviderId,
  ReconciliationEntry,
} from '@s3-resources/plugin-s3-resources-common';
import { defaultsFor } from '../common/ProviderEndpointInputs';
import { INITIAL_SOURCE, SourceState } from './ImportSourceForm';

/**
 * The query parameters that pre-fill the import page: where to look and
 * which bucket to select. Never a credential: an access key is entered on
 * the page, an operator's account is named by its id.
 */
export type ImportPrefill = {
  provider: ProviderId;
  endpoint?: string;
  region?: string;
  /** The source's addressing, when it differs from or confirms the provider's. */
  forcePathStyle?: boolean;
  accountId?: string;
  bucket?: string;
};

/** `?provider=…&endpoint=…&region=…&pathStyle=…&account=…&bucket=…` for a shadow bucket's source. */
export function prefillOf(entry: ReconciliationEntry): URLSearchParams {
  const { source } = entry;
  const params = new URLSearchParams({ provider: source.provider });
  if (source.endpoint) params.set('endpoint', source.endpoint);
  params.set('region', entry.region ?? source.region);
  if (source.forcePathStyle !== undefined) {
    params.set('pathStyle', String(source.forcePathStyle));
  }
  if (source.credential.kind === 'aws-account') {
    params.set('account', source.credential.accountId);
  }
  params.set('bucket', entry.bucket);
  return params;
}

/** The source form and the bucket to select, from the page's query; undefined without a known provider. */
export function sourceFromQuery(
  params: URLSearchParams,
): { source: SourceState; bucket?: string } | undefined {
  const provider = params.get('provider') as ProviderId | null;
  if (!provider || !PROVIDER_IDS.includes(provider)) return undefined;
  const endpoint = params.get('endpoint') ?? undefined;
  const region = params.get('region') ?? undefined;
  const accountId = params.get('account') ?? undefined;
  const bucket = params.get('bucket') ?? undefined;
  const pathStyle = params.get('pathStyle');
  const location = defaultsFor(provider);
  return {
    source: {
      ...INITIAL_SOURCE,
      location: {
        ...location,
        ...(endpoint ? { endpoint } : {}),
        ...(region ? { region } : {}),
        ...(pathStyle === 'true' || pathStyle === 'false'
          ? { forcePathStyle: pathStyle === 'true' }
          : {}),
      },
      ...(accountId
        ? { method: 'aws-account' as const, accountId }
        : { method: 'access-key' as const }),
    },
    ...(bucket ? { bucket } : {}),
  };
}
