import {
  createExternalRouteRef,
  createRouteRef,
  createSubRouteRef,
} from '@backstage/core-plugin-api';

export const rootRouteRef = createRouteRef({ id: 's3-resources' });

export const resourceRouteRef = createSubRouteRef({
  id: 's3-resources/resource',
  parent: rootRouteRef,
  path: '/resources/:id',
});

/** Findings of the audit sweep, the sweeps and the audit trail (`s3.audit.read`). */
export const auditRouteRef = createSubRouteRef({
  id: 's3-resources/audit',
  parent: rootRouteRef,
  path: '/audit',
});

/** Import of existing buckets (`s3.resource.create`). */
export const importRouteRef = createSubRouteRef({
  id: 's3-resources/import',
  parent: rootRouteRef,
  path: '/import',
});

/**
 * The scaffolder's template page; bound to `scaffolder.selectedTemplate` by
 * default. Where it is not bound, the page links to
 * `/create/templates/default/register-s3-bucket`.
 */
export const registerTemplateRouteRef = createExternalRouteRef({
  id: 's3-resources/register-template',
  params: ['namespace', 'templateName'],
  optional: true,
  defaultTarget: 'scaffolder.selectedTemplate',
});

/** The template that registers a bucket (written with the scaffolder module). */
export const REGISTER_TEMPLATE = {
  namespace: 'default',
  templateName: 'register-s3-bucket',
};

export const REGISTER_TEMPLATE_FALLBACK_PATH = `/create/templates/${REGISTER_TEMPLATE.namespace}/${REGISTER_TEMPLATE.templateName}`;
