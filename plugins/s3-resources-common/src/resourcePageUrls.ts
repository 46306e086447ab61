/**
 * Where the plugin's page is mounted in the app (`PageBlueprint` path).
 *
 * @public
 */
export const RESOURCES_PAGE_PATH = '/s3-resources';

/**
 * The query parameter that opens a resource's edit dialog on its details
 * page: `/s3-resources/resources/<id>?edit=1`.
 *
 * @public
 */
export const EDIT_QUERY_PARAM = 'edit';

/**
 * The absolute addresses of a resource's details page and of its edit view,
 * for the catalog's `backstage.io/view-url` and `backstage.io/edit-url`.
 * Built from the app's base URL; they carry the resource id only.
 *
 * @public
 */
export function resourcePageUrls(
  appBaseUrl: string,
  id: string,
  pagePath: string = RESOURCES_PAGE_PATH,
): { view: string; edit: string } {
  const view = new URL(appBaseUrl);
  // the base URL may carry a path of its own (an app served under /portal)
  const prefix = view.pathname.replace(/\/+$/, '');
  const page = pagePath.replace(/^\/+|\/+$/g, '');
  view.pathname = `${prefix}/${page}/resources/${encodeURIComponent(id)}`;
  view.search = '';
  view.hash = '';
  const edit = new URL(view);
  edit.searchParams.set(EDIT_QUERY_PARAM, '1');
  return { view: view.toString(), edit: edit.toString() };
}
