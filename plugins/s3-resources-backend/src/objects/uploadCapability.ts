import { ResourceSettings } from '@s3-resources/plugin-s3-resources-common';

/** How a browser uploads to a resource: its CORS rules were generated for this mode. */
export type UploadMode = 'put' | 'post' | 'multipart';

const WRITE_ACTIONS = ['s3:PutObject', 's3:*'];

/**
 * Whether the resource takes uploads from the browser, and how: the access
 * level must grant PutObject, and the upload mode (which its CORS rules
 * follow) must not be download-only.
 */
export function uploadCapability(
  settings: ResourceSettings,
):
  | { mode: UploadMode; unavailable?: undefined }
  | { mode?: undefined; unavailable: string } {
  const writes =
    settings.accessLevel === 'read-write' ||
    settings.accessLevel === 'full' ||
    (settings.accessLevel === 'custom' &&
      (settings.customActions ?? []).some(a => WRITE_ACTIONS.includes(a)));
  if (!writes) {
    return {
      unavailable: `Resource ${settings.name} is registered for ${settings.accessLevel} access: its policy does not allow uploads`,
    };
  }
  switch (settings.cors.uploadMode) {
    case 'simple-put':
      return { mode: 'put' };
    case 'presigned-post':
      return { mode: 'post' };
    case 'multipart':
      return { mode: 'multipart' };
    default:
      return {
        unavailable: `Resource ${settings.name} has the upload mode download-only: its CORS rules let browsers download, not upload`,
      };
  }
}
