import { s3ResourcesContract as api } from '@s3-resources/plugin-s3-resources-common';
import Router from 'express-promise-router';
import { ANSWERED, ServeOptions, serveRoute } from '../contract/serveRoute';
import { ObjectService } from '../objects/ObjectService';
import { AuditTrail } from '../service/AuditTrail';
import { ShareLinkService } from '../service/ShareLinkService';
import { SHARE_LINK_CSV_COLUMNS } from './exportFormats';
import { respondListOrExport } from './listOrExport';

/** A resource's objects (list, details, links, uploads, delete) and share links. */
export function createObjectRoutes(options: {
  serve: ServeOptions;
  objects: ObjectService;
  shareLinks: ShareLinkService;
  auditTrail: AuditTrail;
}) {
  const { serve, objects, shareLinks, auditTrail } = options;
  const router = Router();

  serveRoute(router, serve, api.listObjects, ({ params, query, ...ctx }) =>
    objects.list(params.id, query, ctx),
  );
  serveRoute(router, serve, api.getObject, ({ params, query, ...ctx }) =>
    objects.details(params.id, query.key, ctx),
  );
  serveRoute(router, serve, api.deleteObject, ({ params, query, ...ctx }) =>
    objects.remove(params.id, query.key, ctx),
  );
  serveRoute(router, serve, api.linkObject, ({ params, body, ...ctx }) =>
    objects.link(params.id, body, ctx),
  );
  serveRoute(router, serve, api.startUpload, ({ params, body, ...ctx }) =>
    objects.startUpload(params.id, body, ctx),
  );
  serveRoute(router, serve, api.completeUpload, ({ params, body, ...ctx }) =>
    objects.completeUpload(params.id, body, ctx),
  );
  serveRoute(router, serve, api.abortUpload, ({ params, body, ...ctx }) =>
    objects.abortUpload(params.id, body, ctx),
  );
  serveRoute(router, serve, api.createShareLink, ({ params, body, ...ctx }) =>
    objects.share(params.id, body, ctx),
  );

  serveRoute(router, serve, api.listShareLinks, async input => {
    const { query: all, credentials, request, response } = input;
    const { limit, cursor, format, ...query } = all;
    await respondListOrExport(request, response, {
      credentials,
      query: { limit, cursor, format },
      auditTrail,
      exportAction: 'share-links-export',
      resourceId: query.resourceId,
      filename: 's3-resources-share-links',
      columns: SHARE_LINK_CSV_COLUMNS,
      list: page => shareLinks.list({ ...query, ...page }, credentials),
      rows: async () =>
        shareLinks.iterate(await shareLinks.filterFor(query, credentials)),
    });
    return ANSWERED;
  });

  return router;
}
