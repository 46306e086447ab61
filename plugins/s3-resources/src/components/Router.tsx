import { Route, Routes } from 'react-router-dom';
import { ResourcesPage } from './ResourcesPage/ResourcesPage';
import { ResourceDetailsPage } from './ResourceDetails/ResourceDetailsPage';

/** Routes under the plugin page: the list and one resource's details. */
export function S3ResourcesRouter() {
  return (
    <Routes>
      <Route path="/" element={<ResourcesPage />} />
      <Route path="/resources/:id" element={<ResourceDetailsPage />} />
    </Routes>
  );
}
