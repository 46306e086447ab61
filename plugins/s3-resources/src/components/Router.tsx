import { Header, Page } from '@backstage/core-components';
import { Box } from '@backstage/ui';
import { Route, Routes } from 'react-router-dom';
import { ResourcesPage } from './ResourcesPage/ResourcesPage';
import { ResourceDetailsPage } from './ResourceDetails/ResourceDetailsPage';

/** Routes under the plugin page: the list and one resource's details. */
export function S3ResourcesRouter() {
  return (
    <Box px="5" pb="6">
      <Routes>
        <Route path="/" element={<ResourcesPage />} />
        <Route path="/resources/:id" element={<ResourceDetailsPage />} />
      </Routes>
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
      />
      <Box pt="5">
        <S3ResourcesRouter />
      </Box>
    </Page>
  );
}
