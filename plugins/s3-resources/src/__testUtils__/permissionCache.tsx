import { ReactElement } from 'react';
import { SWRConfig } from 'swr';

/**
 * usePermission caches decisions in SWR's global cache (with request
 * de-duplication); a fresh cache per render keeps one test's "denied" from
 * answering another test's question.
 */
export function withFreshPermissionCache(element: ReactElement) {
  return <SWRConfig value={{ provider: () => new Map() }}>{element}</SWRConfig>;
}
