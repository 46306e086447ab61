import { Header, Page, Progress } from '@backstage/core-components';
import { Box } from '@backstage/ui';
import { Suspense, lazy } from 'react';
import { Route, Routes } from 'react-router-dom';
import { AuditLink } from './Audit/AuditLink';
import { ResourcesPage } from './ResourcesPage/ResourcesPage';
import { ResourceDetailsPage } from './ResourceDetails/ResourceDetailsPage';

// The audit and import views are only downloaded when opened.
const AuditPage = lazy(() =>
  import('./Audit/AuditPage').then(m => ({ default: m.AuditPage })),
);
const ImportPage = lazy(() =>
  import('./Import/ImportPage').then(m => ({ default: m.ImportPage })),
);

/** Routes under the plugin page: the list, one resource's details, the audit and the import. */
export function S3ResourcesRouter() {
  return (
    <Box px="5" pb="6">
      <Suspense fallback={<Progress />}>
        <Routes>
          <Route path="/" element={<ResourcesPage />} />
          <Route path="/resources/:id" element={<ResourceDetailsPage />} />
          <Route path="/audit" element={<AuditPage />} />
          <Route path="/import" element={<ImportPage />} />
        </Routes>
      </Suspense>
    </Box>
  );
}

/** The page for apps on the legacy frontend system, which adds no header itself. */
export function LegacyS3ResourcesPage() {
  return (
    <Page themeId="tool">
      <Header
        title="S3 resources"
        subtitle="Amazon S3 and S3-compatible buckets registered with the portal"
      >
        <AuditLink />
      </Header>
      <Box pt="5">
        <S3ResourcesRouter />
      </Box>
    </Page>
  );
}
